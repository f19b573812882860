using Vjp.Combinators;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Checks;

/// <summary>Blame and error paths in LINQ queries name the range variables (<c>from h</c>, <c>let a</c>), flattened, in the order they are bound.</summary>
public class QueryBlameTests(ITestOutputHelper output)
{
    private static readonly Mat W1 = Mat.FromArray(new double[,] { { 0.5, -0.3, 0.2 }, { 0.1, 0.4, -0.6 }, { -0.2, 0.3, 0.7 }, { 0.6, -0.1, 0.2 } });
    private static readonly Vec B1 = Vec.Of(0.1, -0.2, 0.05, 0.3);
    private static readonly Mat W2 = Mat.FromArray(new double[,] { { 0.3, -0.5, 0.2, 0.4 }, { -0.1, 0.2, 0.6, -0.3 } });
    private static readonly Vec B2 = Vec.Of(-0.1, 0.2);

    /// <summary>tanh on a Vec whose pullback is <paramref name="factor"/> times too large (the pushforward is right).</summary>
    private static Diff<Vec, Vec> Ktanh(string name, double factor = 1) => Diff.Create<Vec, Vec>(
        name,
        x => x.Map(Math.Tanh),
        (x, y, yBar) => factor * Vec.Hadamard(yBar, y.Map(t => 1 - (t * t))),
        (x, y, dx) => Vec.Hadamard(dx, y.Map(t => 1 - (t * t))));

    private static Diff<Vec, double> Model(Diff<Vec, Vec> activation, Diff<Vec, Vec> head)
    {
        Diff<Vec, double> loss =
            from h in Dense(W1, B1)
            let a = activation.Of(h)
            from y in head.Of(Dense(W2, B2).Of(a))
            let z = Sin(y)
            select Sum(z * z) + (0.1 * Sum(a * a));
        return loss;
    }

    [Fact]
    public void Query_WrongRuleInLet_BlamePathNamesTheVariable()
    {
        var result = RuleCheck.Check(Model(Ktanh("kbad", 1.1), Ktanh("khead")), RuleGen.Vec(3));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Equal("query ▸ let a ▸ stage 2: kbad", result.BlamePath);
    }

    [Fact]
    public void Query_WrongRuleInLaterFrom_BlamesThatVariableNotTheEarlierOnes()
    {
        var result = RuleCheck.Check(Model(Ktanh("kact"), Ktanh("kbad", 1.1)), RuleGen.Vec(3));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.StartsWith("query ▸ from y ▸ ", result.BlamePath!, StringComparison.Ordinal);
        Assert.EndsWith(": kbad", result.BlamePath!, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_WrongRuleInSelect_BlamesTheSelectExpression()
    {
        var kbad = Ktanh("kbad", 1.1);
        Diff<Vec, double> loss =
            from h in Dense(W1, B1)
            let a = Tanh(h)
            select Sum(kbad.Of(a));
        var result = RuleCheck.Check(loss, RuleGen.Vec(3));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.DoesNotContain("let a", result.BlamePath!, StringComparison.Ordinal);
        Assert.EndsWith(": kbad", result.BlamePath!, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_RuleThrows_ErrorPathNamesTheVariable()
    {
        var kthrow = Diff.Create<Vec, Vec>("kthrow", x => throw new InvalidOperationException("boom"), (x, y, yBar) => yBar);
        var model = Model(kthrow, Ktanh("khead"));

        var e = Assert.ThrowsAny<RuleException>(() => model.Invoke(Vec.Of(0.1, 0.2, 0.3)));
        output.WriteLine(e.Path);
        output.WriteLine(e.Message);
        Assert.Equal("pipeline of 2 stages ▸ a ▸ kthrow", e.Path);
    }

    [Fact]
    public void Query_RuleThrowsInFirstVariable_ErrorPathIsFlat()
    {
        var kthrow = Diff.Create<Vec, Vec>("kthrow", x => throw new InvalidOperationException("boom"), (x, y, yBar) => yBar);
        Diff<Vec, double> loss =
            from h in kthrow
            let a = Tanh(h)
            from y in Dense(W2, B2).Of(a)
            select Sum(y * y) + Sum(a);

        var e = Assert.ThrowsAny<RuleException>(() => loss.Invoke(Vec.Of(0.1, 0.2, 0.3, 0.4)));
        output.WriteLine(e.Path);
        Assert.EndsWith(" ▸ h ▸ kthrow", e.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("fanout", e.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SixClausesDeep_PathIsFlatAndInUserOrder()
    {
        var kbad = Ktanh("kbad", 1.1);
        Diff<Vec, double> loss =
            from h in Dense(W1, B1)
            let a = Tanh(h)
            let b = Sin(a) + h
            from c in Dense(W2, B2).Of(b)
            let d = Cos(c)
            let e = kbad.Of(d + c)
            let g = e * d
            select Sum(g) + Sum(a * b) + Sum(c);
        var result = RuleCheck.Check(loss, RuleGen.Vec(3));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Equal("query ▸ let e ▸ stage 3: kbad", result.BlamePath);
    }

    [Fact]
    public void Query_InputVariable_IsNotWrapped()
    {
        var x = Diff.Input<Vec>();
        Diff<Vec, Vec> identity = from h in x select h;
        Assert.Same(x, identity);
    }

    [Fact]
    public void Query_AllRulesRight_FixedSeeds_NoFalseAlarm()
    {
        var result = RuleCheck.Check(Model(Ktanh("kact"), Ktanh("khead")), RuleGen.Vec(3), new RuleCheckOptions { Samples = 60 });
        output.WriteLine(result.Report);
        Assert.True(result.Passed, result.Report);
    }
}
