using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Layers;

public class LossesTests
{
    [Fact]
    public void CrossEntropy_Derivatives_InLogitsAndTarget_MatchFiniteDifferencesAndAdjoint() =>
        Checks.Derivatives(Losses.CrossEntropy(), (Vec.Zeros(4), Vec.Zeros(4)), lo: -3, hi: 3);

    [Fact]
    public void CrossEntropy_Value_IsMinusTheLogLikelihood() =>
        Checks.Like(Vec.Zeros(4), -3, 3).ForAll(z =>
        {
            var p = z.Map(Math.Exp) / z.Map(Math.Exp).Sum();
            var x = Diff.Input<Vec>();
            Assert.Equal(-Math.Log(p[2]), Losses.CrossEntropy(x, label: 2, classes: 4).Invoke(z), 12);
            var t = Vec.Of(0.1, 0.2, 0.3, 0.4);
            Assert.Equal(-Vec.Dot(t, p.Map(Math.Log)), Losses.CrossEntropy(x, t).Invoke(z), 12);
        });

    [Fact]
    public void CrossEntropy_OfHugeLogits_IsFinite()
    {
        var x = Diff.Input<Vec>();
        var loss = Losses.CrossEntropy(x, label: 1, classes: 3);
        var (value, gradient) = loss.ValueAndGradient(Vec.Of(1000, -1000, 0));
        Assert.Equal(2000, value, 9);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void CrossEntropy_WithMismatchedLengths_ThrowsShapeException()
    {
        var e = Assert.Throws<ShapeException>(() => Losses.CrossEntropy().Invoke((Vec.Zeros(3), Vec.Zeros(2))));
        Assert.Contains("cross_entropy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mse_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        Checks.Derivatives(Losses.Mse(Vec.Of(1, -2, 0.5)), Vec.Zeros(3));
        var (a, b) = Diff.Input<(Vec, Vec)>();
        Checks.Derivatives(Losses.Mse(Sin(a), b), (Vec.Zeros(3), Vec.Zeros(3)));
        Assert.Equal((1 + 4 + 0.25) / 3, Losses.Mse(Vec.Of(1, -2, 0.5)).Invoke(Vec.Zeros(3)), 14);
    }

    [Fact]
    public void L2_OfRecord_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        var like = new Linq.Mlp(Mat.Zeros(2, 3), Vec.Zeros(2), Mat.Zeros(1, 2), Vec.Zeros(1));
        Checks.Derivatives(Losses.L2<Linq.Mlp>(0.3), like);
        var p = new Linq.Mlp(Mat.Identity(2), Vec.Of(1, 1), Mat.Zeros(1, 2), Vec.Of(2));
        Assert.Equal(0.5 * 0.3 * (2 + 2 + 4), Losses.L2<Linq.Mlp>(0.3).Invoke(p), 14);
    }

    [Fact]
    public void L2_OnMember_PenalisesOnlyThatMember()
    {
        var p = Diff.Input<Linq.Mlp>();
        var penalty = Losses.L2(p.Get(m => m.W1), 1.0);
        var value = new Linq.Mlp(Mat.Identity(2), Vec.Of(5, 5), Mat.Zeros(1, 2), Vec.Of(7));
        Assert.Equal(1.0, penalty.Invoke(value), 14);
        Assert.Equal(Vec.Zeros(2), penalty.Gradient(value).B1);
        Checks.Derivatives(penalty, value);
    }
}
