using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Vjp.Benchmarks;

/// <summary>
/// The three GEMM variants (A·B, Aᵀ·B, A·Bᵀ) at 512³ and at the products of a 784-128-10 MLP on a batch of 64
/// (<see cref="GemmCase.All"/>): the packed, register-tiled kernel against its predecessor (the baseline),
/// overwriting and accumulating, with a GFLOP/s column. The <c>gemm</c> mode measures the same
/// cases interleaved, for a quick look on a busy machine.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
[Gflops]
public class GemmBenchmarks
{
    private GemmCase _case = GemmCase.All[0];

    public static IEnumerable<string> Shapes => GemmCase.All.Select(g => g.Key);

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _case = GemmCase.Parse(Shape);
        _case.Check();
    }

    [Benchmark(Baseline = true)]
    public void Old() => _case.Old();

    [Benchmark]
    public void New() => _case.New();

    [Benchmark]
    public void NewAccumulate() => _case.New(accumulate: true);
}
