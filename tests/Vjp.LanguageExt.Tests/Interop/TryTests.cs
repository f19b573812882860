using LanguageExt;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.LanguageExt.Tests.Interop;

/// <summary>
/// The <c>Fin</c>-returning functions that moved here from Vjp.Combinators: <c>TryFixedPoint</c>, <c>TryMinimize</c>,
/// and the <c>DiffFin</c> example of the XML docs.
/// </summary>
public class TryTests
{
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

    [Fact]
    public void TryFixedPoint_ThatOverflows_Fails()
    {
        var (theta, r) = Diff.Input<(double, double)>();
        Assert.True((2 * r + theta).TryFixedPoint(1.0, 1.0).IsFail);
        var square = (r * r + theta).TryFixedPoint(1.0, 1.0);      // returned Succ(9.26e225)
        Assert.True(square.IsFail);
        Assert.Contains("diverged", square.Match(_ => "", e => e.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void TryMinimize_ReturnsTheResultOrTheNonFiniteStepAsAValue()
    {
        var x = Diff.Input<double>();
        var failed = new Sgd(2).TryMinimize(Sqrt(x), 1.0, steps: 10);
        Assert.True(failed.IsFail);
        Assert.Contains("at step 2", failed.Match(_ => "", e => e.Message), StringComparison.Ordinal);

        var p = Diff.Input<Vec>();
        var (loss, start) = (Losses.Mse(p, Vec.Of(1, -2, 0.5)), Vec.Zeros(3));
        var succeeded = new Sgd(0.5).TryMinimize(loss, start, steps: 200);
        Assert.True(succeeded.IsSucc);
        Assert.Equal(new Sgd(0.5).Minimize(loss, start, steps: 200), succeeded.Match(r => r, _ => default));
    }

    [Fact]
    public void DiffFin_And_Minimize_Examples_Compile()
    {
        var w = Mat.Zeros(2, 3);
        var b = Vec.Zeros(2);
        var x = Vec.Zeros(4);
        Fin<Vec> y = Layers.Dense(w, b).TryInvoke(x);
        Assert.Contains("Mat.MatVec: (2×3) · vector of length 4", y.Match(_ => "", e => e.Message), StringComparison.Ordinal);

        var loss = Losses.Mse(Vec.Of(1, 2));
        var p0 = Vec.Zeros(2);
        var (p, final) = new Adam(LearningRate: 0.05).Minimize(loss, p0, steps: 500);
        Assert.True(final < 1e-6, $"{final} at {p}");
    }
}
