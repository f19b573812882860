using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// The worked example f(x₁, x₂) = [x₁² + x₂, sin x₁, x₁x₂] at x = (1, 2): one VJP with v = (1, −1, 2)
/// against one forward pass (the baseline), and both against closed forms written by hand.
/// </summary>
/// <remarks>A function this small measures the engine's fixed cost per call, not arithmetic.</remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[VersusHand]
public class WorkedExampleBenchmarks
{
    private const string Category = "Worked example";

    private readonly Diff<Vec, Vec> _f = Workloads.WorkedExample;
    private readonly Vec _x = Workloads.WorkedX;
    private readonly Vec _v = Workloads.WorkedV;

    [GlobalSetup]
    public void Setup()
    {
        Workloads.Agree("worked example forward", Workloads.WorkedForwardByHand(_x), _f.Invoke(_x));
        Workloads.Agree("worked example VJP", Workloads.WorkedVjpByHand(_x, _v), _f.Vjp(_x, _v));
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public Vec Forward() => _f.Invoke(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public Vec Vjp() => _f.Vjp(_x, _v);

    [Benchmark, BenchmarkCategory(Category)]
    public Vec ForwardByHand() => Workloads.WorkedForwardByHand(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public Vec VjpByHand() => Workloads.WorkedVjpByHand(_x, _v);
}
