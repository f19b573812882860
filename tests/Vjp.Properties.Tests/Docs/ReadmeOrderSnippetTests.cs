using Vjp.Combinators;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Docs;

/// <summary>The README's snippets on blame inside loops and queries, and on CheckOrder, compiled and run.</summary>
public class ReadmeOrderSnippetTests
{
    private static readonly Mat W = Mat.FromArray(new double[,] { { 0.5, -0.3 }, { 0.1, 0.4 }, { -0.2, 0.3 } });
    private static readonly Vec B = Vec.Of(0.1, -0.2, 0.05);

    [Fact]
    public void Readme_BlameInLoopsAndQueries_NamesStepAndVariable()
    {
        // snippet: rulecheck-blame-loops
        // sin, with a pullback 10 % off where |x| > 2
        var kbad = Diff.Create<double, double>("kbad", Math.Sin,
            (x, y, yBar) => yBar * Math.Cos(x) * (Math.Abs(x) > 2 ? 1.1 : 1),
            (x, y, dx) => Math.Cos(x) * dx);
        var s = Diff.Input<double>();
        var loop = Control.Iterate(s + 0.8 + (0.05 * kbad.Of(s)), 8);
        var inLoop = RuleCheck.Check(loop, Gen.Double[-0.5, 0.5]).BlamePath;
        // "iterate[8](…) ▸ step 4: pipeline of 2 stages ▸ … ▸ stage 2: kbad"

        var kbadVec = Arrow.Map(kbad);
        Diff<Vec, double> loss =
            from h in Dense(W, B)
            let a = kbadVec.Of(3 * h)
            select Sum(a * a) + Sum(h);
        var inQuery = RuleCheck.Check(loss, RuleGen.Vec(2)).BlamePath;
        // "query ▸ let a ▸ stage 3: map(kbad(x)) ▸ element 1: kbad"
        // end snippet

        Assert.Matches(@"^iterate\[8\]\(.*\) ▸ step \d: .* ▸ stage 2: kbad$", inLoop!);
        Assert.Matches(@"^query ▸ let a ▸ stage 3: map\(kbad\(x\)\) ▸ element \d+: kbad$", inQuery!);
    }

    [Fact]
    public void Readme_CheckOrder_CatchesAWrongSecondDerivative()
    {
        // snippet: rulecheck-order
        // y = x³ whose pullback (x, ȳ) ↦ 3x²ȳ is right, but whose own derivative claims 6.6·x·ȳ for 6·x·ȳ
        var pullback = Diff.Create<(double X, double YBar), double>("cube′",
            p => 3 * p.X * p.X * p.YBar,
            (p, y, s) => (6.6 * p.X * p.YBar * s, 3 * p.X * p.X * s),
            (p, y, d) => (6.6 * p.X * p.YBar * d.X) + (3 * p.X * p.X * d.YBar));
        var cube = Diff.Create("cube", (double x) => x * x * x, pullback);

        Assert.True(RuleCheck.Check(cube, 0.0).Passed);                     // order 1 is right
        OrderCheckResult r = RuleCheck.CheckOrder(cube, 0.0, order: 2, modes: DerivativeModes.Reverse);
        // r.FailedOrder == 2; r.FailedLevel.Result.BlamePath == "order 2 (reverse) of cube ▸ stage 2: cube′"
        // end snippet

        Assert.False(r.Passed);
        Assert.Equal(2, r.FailedOrder);
        Assert.Equal("order 2 (reverse) of cube ▸ stage 2: cube′", r.FailedLevel!.Result.BlamePath);
    }
}
