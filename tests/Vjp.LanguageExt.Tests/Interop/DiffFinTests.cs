using LanguageExt;
using Vjp.Combinators;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.LanguageExt.Tests.Interop;

public class DiffFinTests
{
    private static readonly Diff<Vec, Vec> Model = Combinators.Layers.Dense(Mat.Zeros(2, 3), Vec.Zeros(2)).Then(Combinators.Layers.Dense(Mat.Zeros(1, 2), Vec.Zeros(1)));

    [Fact]
    public void TryInvoke_WithMatchingShapes_Succeeds() =>
        Assert.Equal(Vec.Zeros(1), Model.TryInvoke(Vec.Zeros(3)).IfFail(Vec.Of(double.NaN)));

    [Fact]
    public void TryInvoke_WithMismatchedShapes_FailsWithTheShapeMessage()
    {
        var result = Model.TryInvoke(Vec.Zeros(4));
        Assert.True(result.IsFail);
        var message = result.Match(_ => "", e => e.Message);
        Assert.Contains("dense[2×3]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGradientAndTryVjp_ReportFailuresAsValues()
    {
        var x = Diff.Input<Vec>();
        var f = Sum(x * Fn.Const<Vec, Vec>(Vec.Of(1, 2)));
        Assert.True(f.TryGradient(Vec.Of(1, 1, 1)).IsFail);
        Assert.Equal(Vec.Of(1, 2), f.TryGradient(Vec.Of(3, 4)).IfFail(Vec.Zeros(2)));
        Assert.True(Model.TryVjp(Vec.Zeros(3), Vec.Zeros(5)).IsFail);
        Assert.True(Model.TryJvp(Vec.Zeros(3), Vec.Zeros(2)).IsFail);
        Assert.True(f.TryValueAndGradient(Vec.Of(3, 4)).IsSucc);
        Assert.True(f.TryValueWithPullback(Vec.Of(3)).IsFail);
    }

    [Fact]
    public void TryGradient_OfFixedPointThatDoesNotConverge_Fails()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var fin = Combinators.Control.FixedPoint(2 * x + theta, 0.0, maxIterations: 30).TryGradient(1.0);
        Assert.True(fin.IsFail);
        Assert.Contains("did not converge", fin.Match(_ => "", e => e.Message), StringComparison.Ordinal);
    }
}
