using CsCheck;
using Vjp.Functional;
using static Vjp.Combinators.Layers;

namespace Vjp.Combinators.Tests.Layers;

public class LogSoftmaxTests
{
    [Fact]
    public void LogSoftmax_IsTheLogOfTheSoftmax() =>
        Checks.Like(Vec.Zeros(5), -5, 5).ForAll(x => Checks.Close(Softmax().Invoke(x).Map(Math.Log), LogSoftmax().Invoke(x), 1e-14));

    [Fact]
    public void LogSoftmax_Derivatives_MatchFiniteDifferencesAndAdjoint() => Checks.Derivatives(LogSoftmax(), Vec.Zeros(5), lo: -3, hi: 3);

    [Fact]
    public void LogSoftmax_SecondOrder_GradientDerivativesMatchFiniteDifferences()
    {
        var x = Diff.Input<Vec>();
        var f = Fn.Dot(LogSoftmax(x), Fn.Const<Vec, Vec>(Vec.Of(0.3, -1, 2, 0.5)));
        Checks.Derivatives(Diff.Gradient(f), Vec.Zeros(4), lo: -3, hi: 3);
    }

    [Fact]
    public void LogSoftmax_OfHugeLogits_IsFiniteAndExact()
    {
        var y = LogSoftmax().Invoke(Vec.Of(1e10, 1e10 + 1, -1000));
        Assert.Equal(-1 - Math.Log(1 + Math.Exp(-1)), y[0], 14);
        Assert.Equal(-Math.Log(1 + Math.Exp(-1)), y[1], 14);
        Assert.All(LogSoftmax().Vjp(Vec.Of(1000, 999, -1000), Vec.Of(1, 2, 3)), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void LogSoftmax_OfEmptyVector_ThrowsShapeException()
    {
        Assert.Throws<ShapeException>(() => LogSoftmax().Invoke(Vec.Zeros(0)));
        Assert.Throws<ShapeException>(() => LogSoftmaxRows(Diff.Input<Mat>()).Invoke(Mat.Zeros(2, 0)));
    }

    [Fact]
    public void LogSoftmaxRows_IsTheLogSoftmaxOfEveryRow_AndItsDerivativesMatchFiniteDifferences()
    {
        var x = Checks.Random(Mat.Zeros(3, 4), new Random(4), -3, 3);
        var rows = LogSoftmaxRows(Diff.Input<Mat>()).Invoke(x);
        for (var i = 0; i < x.Rows; i++)
        {
            Checks.Close(LogSoftmax().Invoke(x.Row(i)), rows.Row(i), 1e-15, $"row {i}");
        }

        Checks.Derivatives(LogSoftmaxRows(Diff.Input<Mat>()), Mat.Zeros(3, 4), lo: -3, hi: 3);
    }
}
