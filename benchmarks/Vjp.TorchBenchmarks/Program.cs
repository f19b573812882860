using TorchSharp;
torch.set_num_threads(1);
var a = torch.ones(3, dtype: torch.float64);
Console.WriteLine(a.sum().item<double>());
