using CsCheck;
using LanguageExt;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class FixedPointTests
{
    /// <summary>g(θ, x) = tanh(W x + b) + c with ‖W‖ small: a contraction in x.</summary>
    private static Diff<(Layer, Vec), Vec> Map()
    {
        var (p, x) = Diff.Input<(Layer, Vec)>();
        return Tanh(0.3 * p.Get(m => m.W) * x + p.Get(m => m.B));
    }

    private static readonly Layer Like = new(Mat.Zeros(3, 3), Vec.Zeros(3));

    [Fact]
    public void FixedPoint_SolvesTheEquation() =>
        Checks.Like(Like).Sample(theta =>
        {
            var xStar = Combinators.Control.FixedPoint(Map(), Vec.Zeros(3)).Invoke(theta);
            Checks.Close(xStar, Map().Invoke((theta, xStar)), 1e-11, "g(θ, x*)");
        });

    [Fact]
    public void FixedPoint_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Checks.Derivatives(Combinators.Control.FixedPoint(Map(), Vec.Zeros(3)), Like, iter: 30);

    [Fact]
    public void FixedPoint_ScalarCosine_MatchesFiniteDifferences()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        Checks.Derivatives(Combinators.Control.FixedPoint(0.5 * Cos(theta * x), 0.0), Gen.Double[-2, 2]);
    }

    [Fact]
    public void FixedPoint_Gradient_EqualsGradientThroughUnrolledIteration() =>
        Gen.Select(Checks.Like(Like), Checks.Like(Vec.Zeros(3))).Sample((theta, xBar) =>
        {
            // Unrolled: differentiate through 200 iterations of (θ, x) ↦ (θ, g(θ, x)) from x₀ = 0 (contraction factor ≤ 0.3·‖W‖).
            var (p, x) = Diff.Input<(Layer, Vec)>();
            var unrolled = Diff.Fanout(Diff.Id<Layer>(), Fn.Const<Layer, Vec>(Vec.Zeros(3)))
                .Then(Diff.Fanout(p, Map()).Iterate(200))
                .Then(Diff.Snd<Layer, Vec>());
            var implicitly = Combinators.Control.FixedPoint(Map(), Vec.Zeros(3));
            Checks.Close(unrolled.Invoke(theta), implicitly.Invoke(theta), 1e-10, "x*");
            Checks.Close(unrolled.Vjp(theta, xBar), implicitly.Vjp(theta, xBar), 1e-9, "θ̄");
        }, iter: 20);

    [Fact]
    public void FixedPoint_Gradient_DoesNotDependOnTheStartingGuess() =>
        Checks.Like(Like).Sample(theta =>
        {
            var near = Combinators.Control.FixedPoint(Map(), Vec.Zeros(3));
            var far = Combinators.Control.FixedPoint(Map(), Vec.Of(50, -50, 50));
            Checks.Close(near.Vjp(theta, Vec.Of(1, 2, 3)), far.Vjp(theta, Vec.Of(1, 2, 3)), 1e-10, "θ̄");
        }, iter: 20);

    [Fact]
    public void FixedPoint_ThatDoesNotConverge_ThrowsNamingFunctionIterationsAndResidual()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var diverging = Combinators.Control.FixedPoint(2 * x + theta, 1.0, maxIterations: 50);
        var e = Assert.Throws<ConvergenceException>(() => diverging.Invoke(1.0));
        Assert.Contains("fixedpoint[", e.Message, StringComparison.Ordinal);
        Assert.Contains("50 iterations", e.Message, StringComparison.Ordinal);
        Assert.Equal(50, e.Iterations);
        Assert.True(e.Residual > 1);
        Assert.Contains(e.Residual.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFixedPoint_ReturnsTheSolutionOrTheFailureAsAValue()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var newton = 0.5 * (x + theta / x);
        Assert.Equal(Math.Sqrt(2), newton.TryFixedPoint(2.0, 1.0).IfFail(double.NaN), 12);
        var failure = (2 * x + theta).TryFixedPoint(1.0, 1.0, maxIterations: 20);
        Assert.True(failure.IsFail);
        Assert.Contains("did not converge in 20 iterations", failure.Match(_ => "", e => e.Message), StringComparison.Ordinal);
    }
}
