using BenchmarkDotNet.Running;
using Vjp.Benchmarks;

// dotnet run -c Release --project benchmarks/Vjp.Benchmarks -- <arguments>
//   alloc    exact allocations per call (bytes, and the part that grows with vector length)
//   ratios   the suite's ratios from interleaved, paired measurements (a quick check on a busy machine)
//   batch    the batched MLP (784-128-10, B = 64 and 256) against a hand-written gradient and the per-sample pattern
//   gemm     GFLOP/s of the packed GEMM against its predecessor, interleaved ('gemm A·B' filters by name;
//            'gemm paths' compares the Vector512, Vector256 and portable micro-kernels)
//   coldstart [cap seconds]  first Invoke / Gradient / Hvp of freshly built chains and wide sums: time and bytes,
//            then the issue-11 targets (10⁵-term sum, 10⁶-stage chain Hvp) over 3 fresh processes
//            ('coldstart targets [runs]' runs only the targets)
//   check [runs]  RuleCheck.Check with default options on length-100 Vec rules (tanh, softmax): min/median/max
//   scalar   the typed compiled fast path (issue #11): Black–Scholes, the 100-stage chain, RK4 through Control.Fold,
//            the worked example, against plain C# and the interpreter; allocations; cold start
//            ('scalar first': first calls of long chains, compiled and interpreted; 'scalar parts': the RK4 step's sweeps; 'scalar hessian': the Black–Scholes Hessian's parts)
//   anything else goes to BenchmarkDotNet, e.g. --filter '*' --job short
return args switch
{
    ["alloc", ..] => AllocationProbe.Run(Console.Out),
    ["check", var runs, ..] => CheckProbe.Run(Console.Out, int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["check", ..] => CheckProbe.Run(Console.Out, 7),
    ["ratios", ..] => PairedRatios.Run(Console.Out),
    ["scalar", "parts", ..] => ScalarProbe.Parts(Console.Out),
    ["scalar", "first", ..] => ScalarProbe.First(Console.Out),
    ["scalar", "hessian", ..] => ScalarProbe.HessianParts(Console.Out),
    ["scalar", "iterate", ..] => ScalarProbe.IterateOnly(Console.Out),
    ["scalar", "mixed", ..] => ScalarProbe.MixedOnly(Console.Out),
    ["scalar", "foldalloc", ..] => ScalarProbe.FoldAllocations(Console.Out),
    ["scalar", ..] => ScalarProbe.Run(Console.Out),
    ["batch", var reps, ..] => BatchProbe.Run(Console.Out, int.Parse(reps, System.Globalization.CultureInfo.InvariantCulture)),
    ["batch", ..] => BatchProbe.Run(Console.Out, 30),
    ["gemm", ..] => GemmHarness.Run(Console.Out, args),
    ["coldstart", ..] => ColdStartProbe.Start(Console.Out, args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
