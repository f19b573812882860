using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// loss(x) = Σᵢ tanh(xᵢ)·xᵢ + ½⟨x, x⟩ for n = 10³, 10⁵, 10⁶: gradient against one forward pass (the
/// baseline), and both against the same maths written by hand with the same TensorPrimitives kernels.
/// The Allocated column shows what a gradient allocates at each n (see also the <c>alloc</c> mode).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[VersusHand]
public class VectorFunctionBenchmarks
{
    private const string Category = "Vector loss";

    private readonly Diff<Vec, double> _f = Workloads.VectorLoss;
    private Vec _x = Vec.Zeros(0);

    [Params(1_000, 100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = Workloads.RandomVec(N, seed: 1);
        var (value, gradient) = Workloads.VectorGradientByHand(_x);
        Workloads.Agree("vector loss forward", value, _f.Invoke(_x));
        Workloads.Agree("vector loss gradient", gradient, _f.Gradient(_x));
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public double Forward() => _f.Invoke(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public Vec Gradient() => _f.Gradient(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public double ForwardByHand() => Workloads.VectorLossByHand(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public Vec GradientByHand() => Workloads.VectorGradientByHand(_x).Gradient;
}
