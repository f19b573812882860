using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// A 100-stage scalar chain (sin, tanh, sin, tanh, … composed with <c>Then</c>): gradient against one
/// forward pass (the baseline), and both against a plain C# loop computing the same value and derivative.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[VersusHand]
public class ScalarChainBenchmarks
{
    private const string Category = "Scalar chain (100 stages)";

    private readonly Diff<double, double> _f = Workloads.ScalarChain;
    private readonly double _x = Workloads.ChainX;

    [GlobalSetup]
    public void Setup()
    {
        var (value, derivative) = Workloads.ChainGradientByHand(_x);
        Workloads.Agree("scalar chain forward", value, _f.Invoke(_x));
        Workloads.Agree("scalar chain gradient", derivative, _f.Gradient(_x));
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public double Forward() => _f.Invoke(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public double Gradient() => _f.Gradient(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public double ForwardByHand() => Workloads.ChainForwardByHand(_x);

    [Benchmark, BenchmarkCategory(Category)]
    public double GradientByHand() => Workloads.ChainGradientByHand(_x).Derivative;
}
