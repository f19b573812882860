namespace Vjp.Properties.Tests.Checks;

public class StructureTests
{
    [Fact]
    public void CotangentOfWrongShape_IsReportedAsStructureOnly()
    {
        var rule = Diff.Create<(Vec A, Vec B), double>("dot",
            ab => Vec.Dot(ab.A, ab.B),
            (ab, y, yBar) => (yBar * ab.B, yBar * Vec.Concat(ab.A, Vec.Of(0))));

        var result = RuleCheck.Check(rule, RuleGen.Shaped(Gen.Int[1, 4].Select(n => (Vec.Zeros(n), Vec.Zeros(n)))));

        Assert.False(result.Passed);
        Assert.All(result.Failures, f => Assert.Equal(RuleCheckKind.Structure, f.Kind));
        Assert.Contains("Vec[", result.Failures[0].Detail!, StringComparison.Ordinal);
        Assert.Contains("wrong shape", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void TangentOfWrongShape_IsReportedAsStructure()
    {
        var rule = Diff.Create<Vec, Vec>("twice", v => 2 * v, (v, y, yBar) => 2 * yBar, (v, y, dv) => Vec.Zeros(v.Length + 2));

        var result = RuleCheck.Check(rule, RuleGen.Vec(2));

        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.Structure);
        Assert.DoesNotContain(result.Failures, f => f.Kind is RuleCheckKind.PushforwardVsFiniteDifferences or RuleCheckKind.Adjoint);
    }

    [Fact]
    public void PullbackThatThrows_IsReportedWithItsMessage()
    {
        var rule = Diff.Create<double, double>("fragile", Math.Sin, (x, y, yBar) => throw new InvalidOperationException("not implemented yet"));

        var result = RuleCheck.Check(rule, RuleGen.Scalar());

        Assert.Equal(RuleCheckKind.Exception, result.Failures[0].Kind);
        Assert.Contains("not implemented yet", result.Report, StringComparison.Ordinal);
    }
}
