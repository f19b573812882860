using System.Globalization;
using TorchSharp;
using Vjp.TorchBenchmarks;

// dotnet run -c Release --project benchmarks/Vjp.TorchBenchmarks -- [filter ...] [--rounds N]
//   filter: case-insensitive substrings of group names (mlp, grid, hvp, gemm, black); none runs every group.
//   --list: print the group names.
var filters = new List<string>();
var rounds = 21;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rounds" when i + 1 < args.Length:
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) | 1;   // odd, so the median is a round
            break;
        case "--list":
            foreach (var (name, _) in Groups.All())
            {
                Console.WriteLine(name);
            }

            return 0;
        default:
            filters.Add(args[i]);
            break;
    }
}

// One thread for libtorch, intra-op and inter-op, like Vjp's single-threaded kernels; f64 throughout.
torch.set_num_threads(1);
torch.set_num_interop_threads(1);
TorchScalars.Create();
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch threads {torch.get_num_threads()} (inter-op {torch.get_num_interop_threads()}); " +
    $".NET {Environment.Version}, {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
PeerRatios.Header(Console.Out, rounds);
foreach (var (name, build) in Groups.All())
{
    if (filters.Count > 0 && !filters.Exists(f => name.Contains(f, StringComparison.OrdinalIgnoreCase)))
    {
        continue;
    }

    var group = build();
    try
    {
        PeerRatios.Measure(Console.Out, group, rounds);
    }
    finally
    {
        group.Owned?.Dispose();
    }
}

return 0;
