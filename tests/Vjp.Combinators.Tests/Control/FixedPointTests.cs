using CsCheck;
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
        Checks.Like(Like).ForAll(theta =>
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
        Gen.Select(Checks.Like(Like), Checks.Like(Vec.Zeros(3))).ForAll((theta, xBar) =>
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
        Checks.Like(Like).ForAll(theta =>
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

    public static TheoryData<string, double> Diverging => new()
    {
        { "1.1·r + θ", 1.1 },
        { "2·r + θ", 2 },
    };

    [Theory]
    [MemberData(nameof(Diverging))]
    public void FixedPoint_ThatOverflows_ThrowsNamingTheIterationAndTheLastFiniteResidual(string map, double slope)
    {
        // Issue #9: these returned 1.42e154 and 1.34e154 (the residual's norm overflowed and ∞ ≤ tolerance·(1 + ∞) held).
        var (theta, r) = Diff.Input<(double, double)>();
        var solve = Combinators.Control.FixedPoint(slope * r + theta, initial: 1.0);

        var e = Assert.Throws<ConvergenceException>(() => solve.Invoke(1.0));
        Assert.Contains("fixedpoint[", e.Message, StringComparison.Ordinal);
        Assert.Contains("forward iteration", e.Message, StringComparison.Ordinal);
        Assert.Contains($"diverged at iteration {e.Iterations}", e.Message, StringComparison.Ordinal);
        Assert.True(e.Iterations > 1 && e.Iterations < 10_000, map);
        Assert.True(double.IsFinite(e.Residual) && e.Residual > 1e100, $"{map}: last finite residual {e.Residual}");
        Assert.Contains(e.Residual.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Throws<ConvergenceException>(() => solve.Gradient(1.0));
    }

    [Fact]
    public void FixedPoint_Vjp_WithANaNCotangent_SaysTheCotangentIsNaN()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var root = Combinators.Control.FixedPoint(0.5 * Cos(theta * x), 0.0);

        var e = Assert.Throws<ConvergenceException>(() => root.Vjp(0.8, double.NaN));
        Assert.Contains("adjoint iteration", e.Message, StringComparison.Ordinal);
        Assert.Contains("cotangent", e.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("maxIterations", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Iterations);
        Assert.Throws<ConvergenceException>(() => root.Jvp(0.8, double.NaN));
    }

    [Fact]
    public void FixedPoint_Adjoint_ThatDiverges_Throws()
    {
        // g(θ, x) = 3(x − stop(x)) + 0·θ: its value is 0, so the forward solve lands on x* = 0 at once, but
        // ∂g/∂x = 3, so the adjoint iteration λ ← x̄ + 3λ grows until it overflows.
        var (theta, x) = Diff.Input<(double, double)>();
        var g = (3 * (x - x.StopGradient())) + (0 * theta);
        var solve = Combinators.Control.FixedPoint(g, 0.0);

        Assert.Equal(0.0, solve.Invoke(1.0));
        var e = Assert.Throws<ConvergenceException>(() => solve.Vjp(1.0, 1.0));
        Assert.Contains("adjoint iteration", e.Message, StringComparison.Ordinal);
        Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPoint_Default_IteratesToRoundingLevel()
    {
        // Issue #9: x = cos(θx) + 0.1θ stopped about 3·10⁻¹³ from x* with the old default tolerance; plain
        // iteration of the same map in doubles (the reference, not the implementation) reaches a change of 2·10⁻¹⁶.
        var (theta, x) = Diff.Input<(double, double)>();
        var solve = Combinators.Control.FixedPoint(Cos(theta * x) + 0.1 * theta, initial: 0.0);
        foreach (var t in new[] { 0.3, 0.5, 0.8 })
        {
            var reference = 0.0;
            for (var k = 0; k < 5_000; k++)
            {
                reference = Math.Cos(t * reference) + (0.1 * t);
            }

            var xStar = solve.Invoke(t);
            Assert.True(Math.Abs(xStar - reference) <= 4e-16 * (1 + Math.Abs(reference)), $"θ = {t}: x* = {xStar:R}, plain iteration {reference:R}, off by {Math.Abs(xStar - reference):G3}");
        }
    }

    [Fact]
    public void FixedPoint_Default_Gradient_MatchesFiniteDifferencesToRoundingLevel()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var solve = Combinators.Control.FixedPoint(Cos(theta * x) + 0.1 * theta, initial: 0.0);
        Checks.Derivatives(solve, Gen.Double[0.1, 0.9]);
    }

    [Fact]
    public void FixedPoint_WithAnExplicitTolerance_StopsThere()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var g = Cos(theta * x) + 0.1 * theta;
        var loose = Combinators.Control.FixedPoint(g, initial: 0.0, tolerance: 1e-6).Invoke(0.5);
        var tight = Combinators.Control.FixedPoint(g, initial: 0.0).Invoke(0.5);
        Assert.InRange(Math.Abs(loose - tight), 1e-12, 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Combinators.Control.FixedPoint(g, 0.0, tolerance: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Combinators.Control.FixedPoint(g, 0.0, tolerance: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => Combinators.Control.FixedPoint(g, 0.0, tolerance: 0));
    }
}
