using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>Zero tangents and cotangents are symbolic: a branch that receives none does no work, and constants get none.</summary>
public sealed class SymbolicZeroTests
{
    private static Diff<double, double> Counted(CallCounter counter, string name, Func<double, double> f, Func<double, double> derivative) =>
        counter.Wrap<double, double>(name, f, (x, y, yBar) => yBar * derivative(x), (x, y, dx) => derivative(x) * dx);

    [Fact]
    public void FstOfPairValuedFunction_Pullback_DoesNotCallTheOtherBranchsPullback()
    {
        var a = new CallCounter();
        var b = new CallCounter();
        var x = Diff.Input<double>();
        var pair = Diff.Fanout(x.Then(Counted(a, "a", Math.Sin, Math.Cos)), x.Then(Counted(b, "b", Math.Exp, Math.Exp)));

        var first = pair.Fst();
        Assert.Equal(FiniteDifferences.Directional(first.Invoke, 0.5, 1.0), first.Gradient(0.5), 1e-9);
        Assert.Equal(1, a.Pullbacks);
        Assert.Equal(0, b.Pullbacks);

        var second = pair.Then(Diff.Snd<double, double>());
        Assert.Equal(FiniteDifferences.Directional(second.Invoke, 0.5, 1.0), second.Gradient(0.5), 1e-9);
        Assert.Equal(1, a.Pullbacks);
        Assert.Equal(1, b.Pullbacks);
    }

    [Fact]
    public void RuleOnAConstant_GetsNoTangentWork()
    {
        var g = new CallCounter();
        var x = Diff.Input<double>();
        var c = Const<double, double>(2.0).Then(Counted(g, "g", v => v * v, v => 2 * v));
        var f = x * c + Sin(x);

        var dy = f.Jvp(0.3, 1.0);
        Assert.Equal(FiniteDifferences.Directional(f.Invoke, 0.3, 1.0), dy, 1e-9);
        Assert.Equal(0, g.Pushforwards);
    }

    [Fact]
    public void RuleOnAConstant_GetsNoCotangentWork()
    {
        var g = new CallCounter();
        var x = Diff.Input<double>();
        var c = Const<double, double>(2.0).Then(Counted(g, "g", v => v * v, v => 2 * v));
        var f = x * c + Sin(x);

        var xBar = f.Vjp(0.3, 1.0);
        Assert.Equal(FiniteDifferences.Directional(f.Invoke, 0.3, 1.0), xBar, 1e-9);
        Assert.Equal(0, g.Pullbacks);
    }

    [Fact]
    public void BranchNotTaken_GivesAnExactlyZeroCotangentNotNaN()
    {
        var x = Diff.Input<double>();
        var pair = Diff.Fanout(2 * x, Log(x)); // log is NaN for x < 0, and its derivative is infinite at 0
        Assert.Equal(2.0, pair.Fst().Gradient(-1.0));
        Assert.Equal(2.0, pair.Fst().Gradient(0.0));
        Assert.Equal(2.0, pair.Fst().Jvp(0.0, 1.0));
    }

    [Fact]
    public void ConstantFunction_Vjp_IsAZeroShapedLikeTheInput()
    {
        var f = Diff.Const<(Vec, Mat), Vec>(Vec.Of(1, 2));
        var (v, m) = f.Vjp((Vec.Of(3, 4, 5), Mat.Zeros(2, 3)), Vec.Of(1, 1));
        Assert.Equal(Vec.Zeros(3), v);
        Assert.Equal(Mat.Zeros(2, 3), m);
        Assert.Equal(Vec.Zeros(2), f.Jvp((Vec.Of(3, 4, 5), Mat.Zeros(2, 3)), (Vec.Of(1, 1, 1), Mat.Zeros(2, 3))));
    }

    [Fact]
    public void UnusedComponentOfATupleInput_GetsAZeroCotangentShapedLikeIt()
    {
        var (a, _) = Diff.Input<(Vec, Mat)>();
        var (aBar, bBar) = Sum(a).Gradient((Vec.Of(1, 2), Mat.Zeros(3, 4)));
        Assert.Equal(Vec.Of(1, 1), aBar);
        Assert.Equal(Mat.Zeros(3, 4), bBar);
    }
}
