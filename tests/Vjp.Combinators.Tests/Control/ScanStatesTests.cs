using System.Collections.Immutable;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

/// <summary><see cref="Fn.Sum{X, A}(Diff{X, ImmutableArray{A}})"/> and <see cref="Fn.At{X, A}(Diff{X, ImmutableArray{A}}, int)"/> on a scan's states, with Vjp.Combinators alone.</summary>
public class ScanStatesTests
{
    /// <summary>sᵢ = tanh(p·sᵢ₋₁ + aᵢ).</summary>
    private static Diff<(double, double, double), double> Step()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        return Tanh(p * s + a);
    }

    private static readonly double[] Xs = [0.1, -0.2, 0.3, 0.05, -0.4];

    /// <summary>(p, s₀) ↦ the scan's states over <see cref="Xs"/>.</summary>
    private static Diff<(double, double), ImmutableArray<double>> States() => Combinators.Control.Scan(Step(), Xs);

    [Fact]
    public void SumOfStates_IsTheSumOfTheStatesAndItsDerivativesMatchFiniteDifferences()
    {
        var loss = Sum(States());
        var x = (0.7, 0.3);
        Assert.Equal(States().Invoke(x).Sum(), loss.Invoke(x), 15);
        Checks.Derivatives(loss, (0.0, 0.0));
    }

    [Fact]
    public void SumOfVecStates_DerivativesMatchFiniteDifferences()
    {
        var (p, s, a) = Diff.Input<(double, Vec, Vec)>();
        var step = Tanh(p * s + a);
        var loss = Sum(Sum(Combinators.Control.Scan(step, Xs.Select(x => Vec.Of(x, -x, 2 * x)).ToArray())));
        Checks.Derivatives(loss, (0.0, Vec.Zeros(3)));
    }

    [Fact]
    public void LastState_IsTheFold()
    {
        var last = At(States(), Xs.Length - 1);
        var fold = Combinators.Control.Fold(Step(), Xs);
        Checks.Same(fold, last, Checks.Like((0.0, 0.0)));
        Checks.Derivatives(At(States(), 2), (0.0, 0.0));
    }

    [Fact]
    public void SumAndAt_HaveDerivativesOfDerivatives()
    {
        var loss = Sum(States()) + At(States(), 1) * At(States(), 3);
        Checks.Derivatives(Diff.Gradient(loss), (0.0, 0.0), fdTol: 1e-5);
    }

    [Fact]
    public void SumOfNoStates_ThrowsNamingTheShape()
    {
        var loss = Sum(Combinators.Control.Scan(Step(), Array.Empty<double>()));
        var e = Assert.Throws<ShapeException>(() => loss.Invoke((0.5, 0.5)));
        Assert.Contains("empty ImmutableArray<Double>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtPastTheEnd_ThrowsNamingIndexAndLength()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => At(States(), 5).Invoke((0.5, 0.5)));
        Assert.Contains("index 5 is outside ImmutableArray<Double>[5]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => At(States(), -1));
    }
}
