using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class CondTests
{
    [Fact]
    public void Cond_WithSqrtOfNegativeInUntakenBranch_HasFiniteGradient()
    {
        var x = Diff.Input<double>();
        var f = Combinators.Control.Cond(v => v > 0, Sqrt(x), -x);
        var (value, gradient) = f.ValueAndGradient(-4.0);
        Assert.Equal(4.0, value);
        Assert.False(double.IsNaN(gradient));
        Checks.FiniteDifferences(f, -4.0, 1.0, 1.0);
        Checks.Adjoint(f, -4.0, 2.0, 1.0);
    }

    [Fact]
    public void Cond_GuardingSqrtWithZero_HasZeroNotNaNGradientOutsideTheDomain()
    {
        // The where-gradient trap: where(x > 0, sqrt(x), 0) has gradient NaN at x < 0 in libraries that evaluate both branches.
        var x = Diff.Input<double>();
        var f = Combinators.Control.Cond(v => v > 0, Sqrt(x), Fn.Const<double, double>(0));
        Gen.Double[-100, -1e-9].ForAll(v =>
        {
            Assert.Equal(0.0, f.Gradient(v));
            Assert.Equal(0.0, f.Jvp(v, 1.0));
        });
    }

    [Fact]
    public void Cond_MappedOverVector_GivesFiniteElementwiseGradients()
    {
        var t = Diff.Input<double>();
        var safeSqrt = Arrow.Map(Combinators.Control.Cond(v => v > 0, Sqrt(t), Fn.Const<double, double>(0)));
        var loss = Sum(safeSqrt.Of(Diff.Input<Vec>()));
        var g = loss.Gradient(Vec.Of(-1, 4, -9, 0.25));
        Assert.All(g, d => Assert.False(double.IsNaN(d)));
        Assert.Equal(0.0, g[0]);
        Assert.Equal(0.0, g[2]);
        Checks.Derivatives(loss, Checks.Like(Vec.Zeros(4), 0.5, 2));
        Checks.Derivatives(loss, Checks.Like(Vec.Zeros(4), -2, -0.5));
    }

    [Fact]
    public void Cond_Derivatives_InEachBranch_MatchFiniteDifferencesAndAdjoint()
    {
        var x = Diff.Input<Vec>();
        var f = Combinators.Control.Cond(v => v.Sum() > 0, Sin(x) * x, Exp(x) + x);
        Checks.Derivatives(f, Checks.Like(Vec.Zeros(3), 0.1, 1));
        Checks.Derivatives(f, Checks.Like(Vec.Zeros(3), -1, -0.1));
    }

    [Fact]
    public void Cond_OnIntermediateValue_ByComposition_RunsOnlyTheChosenBranch()
    {
        var calls = 0;
        var untaken = Diff.Create<double, double>("untaken", v => { Interlocked.Increment(ref calls); return v; }, (v, y, yBar) => yBar);
        var x = Diff.Input<double>();
        var f = Square(x).Then(Combinators.Control.Cond(v => v >= 0, Log1p(Diff.Input<double>()), untaken));
        Checks.Derivatives(f, Gen.Double[-2, 2]);
        Assert.Equal(0, calls);
    }
}
