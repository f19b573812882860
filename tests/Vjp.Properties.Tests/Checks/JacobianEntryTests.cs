namespace Vjp.Properties.Tests.Checks;

/// <summary>For a small rule that fails against finite differences, the wrong Jacobian entry is named.</summary>
public class JacobianEntryTests
{
    [Fact]
    public void WrongCrossDerivative_NamesEntryZeroOne()
    {
        var rule = Diff.Create<Vec, Vec>("prod3", v => Vec.Of(v[0] * v[1], v[1], v[2]),
            (v, y, yBar) => Vec.Of(yBar[0] * v[1], (yBar[0] * v[1]) + yBar[1], yBar[2]),
            (v, y, dv) => Vec.Of((v[1] * dv[0]) + (v[1] * dv[1]), dv[1], dv[2]));

        var result = RuleCheck.Check(rule, RuleGen.Vec(3));

        var entry = Assert.Single(result.Failures, f => f.Kind == RuleCheckKind.JacobianEntry && f.LeftLabel.Contains("pushforward", StringComparison.Ordinal));
        Assert.Equal("J[0, 1] by the pushforward", entry.LeftLabel);
        Assert.Contains("worst of 1 wrong entries of 9", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPullbackOnly_NamesTheEntryFromThePullbackRows()
    {
        var rule = Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (i == 2 ? Math.Sin(v[i]) : Math.Cos(v[i]))),
            (v, y, dv) => Vec.Generate(v.Length, i => Math.Cos(v[i]) * dv[i]));

        var result = RuleCheck.Check(rule, RuleGen.Vec(4));

        var entry = Assert.Single(result.Failures, f => f.Kind == RuleCheckKind.JacobianEntry);
        Assert.Equal("J[2, 2] by the pullback", entry.LeftLabel);
    }

    [Fact]
    public void LargeRule_IsNotComparedEntryByEntry()
    {
        var rule = Diff.Create<Vec, Vec>("twice", v => 2 * v, (v, y, yBar) => 3 * yBar, (v, y, dv) => 3 * dv);

        var result = RuleCheck.Check(rule, RuleGen.Vec(20));

        Assert.False(result.Passed);
        Assert.DoesNotContain(result.Failures, f => f.Kind == RuleCheckKind.JacobianEntry);
    }
}
