using BenchmarkDotNet.Running;
using Vjp.Benchmarks;

// `dotnet run -c Release --project benchmarks/Vjp.Benchmarks -- alloc` prints exact allocations per call;
// any other arguments go to BenchmarkDotNet (e.g. `--filter '*' --job short`).
if (args is ["alloc", ..])
{
    return AllocationProbe.Run(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
