using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Optimizers;

public class OptimizerTests
{
    /// <summary>A least-squares problem over a parameter record, minimized at W = target.</summary>
    private static (Diff<Linq.Mlp, double> Loss, Linq.Mlp Start) Problem()
    {
        var target = Mat.FromArray(new double[,] { { 1, -2, 0.5 }, { 0.3, 0.7, -1 } });
        var p = Diff.Input<Linq.Mlp>();
        var loss = Losses.Mse(p.Get(m => m.W1) * Fn.Const<Linq.Mlp, Vec>(Vec.Of(1, 0, 0)), target.Column(0))
            + Losses.Mse(p.Get(m => m.W1) * Fn.Const<Linq.Mlp, Vec>(Vec.Of(0, 1, 0)), target.Column(1))
            + Losses.Mse(p.Get(m => m.W1) * Fn.Const<Linq.Mlp, Vec>(Vec.Of(0, 0, 1)), target.Column(2))
            + Losses.L2(p.Get(m => m.B1), 1.0) + Losses.L2(p.Get(m => m.W2), 1.0) + Losses.L2(p.Get(m => m.B2), 1.0);
        var start = new Linq.Mlp(Mat.Zeros(2, 3), Vec.Of(1, -1), Mat.Generate(1, 2, (_, _) => 0.5), Vec.Of(2));
        return (loss, start);
    }

    public static TheoryData<IOptimizer, int> Optimizers => new()
    {
        { new Sgd(0.5), 200 },
        { new Momentum(0.2, 0.8), 200 },
        { new Adam(0.05), 1500 },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Minimize_OnLeastSquares_ReachesTheMinimum(IOptimizer optimizer, int steps)
    {
        var (loss, start) = Problem();
        var (p, final) = optimizer.Minimize(loss, start, steps);
        Assert.True(final < 1e-8, $"{optimizer}: loss {final} after {steps} steps");
        Assert.True(loss.Gradient(p) is var g && VectorSpace<Linq.Mlp>.Instance.Norm(g) < 1e-3);
    }

    [Fact]
    public void Sgd_Step_MovesAgainstTheGradientByTheLearningRate() =>
        Gen.Select(Checks.Like(Vec.Zeros(3)), Checks.Like(Vec.Zeros(3))).ForAll((p, g) =>
        {
            var sgd = new Sgd(0.1);
            var (next, state) = sgd.Step(p, g, sgd.Init(p));
            Checks.Close(p - 0.1 * g, next, 1e-15);
            Assert.Equal(1, state.Count);
        });

    [Fact]
    public void Momentum_WithConstantGradient_AcceleratesTowardsTheGeometricSum()
    {
        var momentum = new Momentum(1.0, 0.5);
        var p = Vec.Of(0.0);
        var state = momentum.Init(p);
        var steps = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var (next, s) = momentum.Step(p, Vec.Of(1.0), state);
            steps.Add(p[0] - next[0]);
            (p, state) = (next, s);
        }

        Assert.Equal(1.0, steps[0], 15);
        Assert.True(steps.Zip(steps.Skip(1)).All(t => t.Item2 > t.Item1));
        Assert.Equal(1 / (1 - 0.5), steps[^1], 6);
    }

    [Fact]
    public void Adam_FirstStep_HasTheSizeOfTheLearningRateInEveryCoordinate() =>
        Checks.Like(Vec.Zeros(4), 0.01, 100).ForAll(g =>
        {
            var adam = new Adam(0.01);
            var (next, _) = adam.Step(Vec.Zeros(4), g, adam.Init(Vec.Zeros(4)));
            Assert.All(next, v => Assert.InRange(-v, 0.01 * (1 - 1e-5), 0.01)); // η·|g|/(|g| + ε), ε = 1e-8 ≪ |g|
        });

    [Fact]
    public void Optimizers_ArePure_TheStateIsNotMutated()
    {
        var adam = new Adam(0.1);
        var p = Vec.Of(1, 2);
        var state0 = adam.Init(p);
        var (_, state1) = adam.Step(p, Vec.Of(1, 1), state0);
        var (_, again) = adam.Step(p, Vec.Of(1, 1), state0);
        Assert.Equal(0, state0.Count);
        Assert.Equal(Vec.Zeros(2), state0.Moments[0]);
        Assert.Equal(state1, again);
    }

    [Fact]
    public void Step_WithStateOfAnotherOptimizer_ThrowsNamingTheOptimizer()
    {
        var e = Assert.Throws<ArgumentException>(() => new Adam().Step(Vec.Of(1), Vec.Of(1), new Sgd(0.1).Init(Vec.Of(1))));
        Assert.Contains("Adam.Step", e.Message, StringComparison.Ordinal);
        Assert.Throws<ShapeException>(() => new Sgd(0.1).Step(Vec.Of(1, 2), Vec.Of(1), new Sgd(0.1).Init(Vec.Of(1, 2))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-1));
    }

    [Fact]
    public void Minimize_WhenAStepLeavesTheDomain_ThrowsNamingTheStep()
    {
        // Issue #9: new Sgd(2) on √x returned NaN. From x = 1 the first step lands on x = 1 − 2·½ = 0, where the
        // gradient 1/(2√x) is infinite: step 2 is given it.
        var x = Diff.Input<double>();
        var e = Assert.Throws<NonFiniteException>(() => new Sgd(2).Minimize(Sqrt(x), 1.0, steps: 10));
        Assert.Equal(2, e.Step);
        Assert.Equal("gradient", e.Quantity);
        Assert.Contains("at step 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sgd", e.Message, StringComparison.Ordinal);
        Assert.Contains("infinite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimize_FromNaN_ThrowsAtStepZero()
    {
        var (loss, start) = Problem();
        var nan = start with { B1 = Vec.Of(double.NaN, 0) };
        var e = Assert.Throws<NonFiniteException>(() => new Adam(0.05).Minimize(loss, nan, steps: 100));
        Assert.Equal(0, e.Step);
        Assert.Equal("parameters", e.Quantity);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        Assert.Contains("Adam", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimize_WhenTheParametersOverflow_ThrowsNamingTheStep()
    {
        // x ↦ x⁴ with a learning rate far too large: the iterates grow like x ← x − 4ηx³ until they overflow.
        var x = Diff.Input<double>();
        var e = Assert.Throws<NonFiniteException>(() => new Sgd(1).Minimize(x * x * x * x, 2.0, steps: 100));
        Assert.InRange(e.Step, 1, 100);
        Assert.Contains($"at step {e.Step}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_ThatProducesNaN_Throws()
    {
        var adam = new Adam(0.1);
        var e = Assert.Throws<NonFiniteException>(() => adam.Step(Vec.Of(1, 2), Vec.Of(double.NaN, 1), adam.Init(Vec.Of(1, 2))));
        Assert.Equal(1, e.Step);
        Assert.Contains("gradient that is NaN", e.Message, StringComparison.Ordinal);
        Assert.Throws<NonFiniteException>(() => new Momentum(0.1).Step(Vec.Of(double.PositiveInfinity), Vec.Of(1), new Momentum(0.1).Init(Vec.Of(1))));
    }

    public static TheoryData<string, Func<IOptimizer>> BadHyperParameters => new()
    {
        { "Adam η = ∞", () => new Adam(LearningRate: double.PositiveInfinity) },
        { "Adam η = NaN", () => new Adam(LearningRate: double.NaN) },
        { "Adam η = 0", () => new Adam(LearningRate: 0) },
        { "Adam β₁ = NaN", () => new Adam(Beta1: double.NaN) },
        { "Adam β₂ = 1", () => new Adam(Beta2: 1) },
        { "Adam ε = ∞", () => new Adam(Epsilon: double.PositiveInfinity) },
        { "Adam ε = NaN", () => new Adam(Epsilon: double.NaN) },
        { "Sgd η = ∞", () => new Sgd(double.PositiveInfinity) },
        { "Sgd η = NaN", () => new Sgd(double.NaN) },
        { "Momentum η = ∞", () => new Momentum(double.PositiveInfinity) },
        { "Momentum β = −0.1", () => new Momentum(0.1, -0.1) },
        { "Momentum β = NaN", () => new Momentum(0.1, double.NaN) },
    };

    [Theory]
    [MemberData(nameof(BadHyperParameters))]
    public void Constructor_WithAHyperParameterOutOfRange_Throws(string what, Func<IOptimizer> make)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => make());
        Assert.False(string.IsNullOrEmpty(e.ParamName), what);
    }
}
