using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// Hessian–vector products (forward over reverse: a JVP of the gradient function) against one gradient,
/// the baseline of each category: on the worked example seen through its cotangent (x ↦ ⟨v, f(x)⟩),
/// the 100-stage scalar chain, and the squared-error loss of a 32–64–10 perceptron in its parameters.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HvpBenchmarks
{
    private const string Worked = "Worked example ⟨v, f(x)⟩";
    private const string Chain = "Scalar chain (100 stages)";
    private const string Mlp = "MLP loss (32-64-10)";

    private readonly Diff<Vec, double> _worked = Workloads.WorkedExampleScalar;
    private readonly Vec _workedX = Workloads.WorkedX;
    private readonly Vec _workedDirection = Vec.Of(0.3, -0.8);

    private readonly Diff<double, double> _chain = Workloads.ScalarChain;

    private readonly Diff<MlpParams, double> _mlp = Workloads.MlpLoss;
    private readonly MlpParams _mlpAt = Workloads.RandomMlp(40);
    private readonly MlpParams _mlpDirection = Workloads.RandomMlp(50);

    [GlobalSetup]
    public void Setup()
    {
        Workloads.AgreeWithGradientDifferences("worked example", _worked, _workedX, _workedDirection, _worked.Hvp(_workedX, _workedDirection));
        Workloads.AgreeWithGradientDifferences("scalar chain", _chain, Workloads.ChainX, 1.0, _chain.Hvp(Workloads.ChainX, 1.0));
        Workloads.AgreeWithGradientDifferences("MLP loss", _mlp, _mlpAt, _mlpDirection, _mlp.Hvp(_mlpAt, _mlpDirection));
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Worked)]
    public Vec WorkedGradient() => _worked.Gradient(_workedX);

    [Benchmark, BenchmarkCategory(Worked)]
    public Vec WorkedHvp() => _worked.Hvp(_workedX, _workedDirection);

    [Benchmark(Baseline = true), BenchmarkCategory(Chain)]
    public double ChainGradient() => _chain.Gradient(Workloads.ChainX);

    [Benchmark, BenchmarkCategory(Chain)]
    public double ChainHvp() => _chain.Hvp(Workloads.ChainX, 1.0);

    [Benchmark(Baseline = true), BenchmarkCategory(Mlp)]
    public MlpParams MlpGradient() => _mlp.Gradient(_mlpAt);

    [Benchmark, BenchmarkCategory(Mlp)]
    public MlpParams MlpHvp() => _mlp.Hvp(_mlpAt, _mlpDirection);
}
