using BenchmarkDotNet.Running;
using Vjp.Benchmarks;

// dotnet run -c Release --project benchmarks/Vjp.Benchmarks -- <arguments>
//   alloc    exact allocations per call (bytes, and the part that grows with vector length)
//   ratios   the suite's ratios from interleaved, paired measurements (a quick check on a busy machine)
//   gemm     GFLOP/s of the packed GEMM against its predecessor, interleaved ('gemm A·B' filters by name;
//            'gemm paths' compares the Vector512, Vector256 and portable micro-kernels)
//   anything else goes to BenchmarkDotNet, e.g. --filter '*' --job short
return args switch
{
    ["alloc", ..] => AllocationProbe.Run(Console.Out),
    ["ratios", ..] => PairedRatios.Run(Console.Out),
    ["gemm", ..] => GemmHarness.Run(Console.Out, args),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
