namespace Vjp.Properties.Tests.Checks;

public class RuleCheckApiTests
{
    private static readonly Diff<double, double> Cube = Diff.Create<double, double>("cube",
        x => x * x * x, (x, y, yBar) => 3 * x * x * yBar, (x, y, dx) => 3 * x * x * dx);

    private static readonly Diff<double, double> WrongCube = Diff.Create<double, double>("cube",
        x => x * x * x, (x, y, yBar) => 3 * x * yBar, (x, y, dx) => 3 * x * x * dx);

    [Fact]
    public void Verify_CorrectRule_DoesNotThrow()
    {
        RuleCheck.Verify(Cube, RuleGen.Scalar());
        Cube.ShouldSatisfyRuleLaws(RuleGen.Scalar());
        Cube.ShouldSatisfyRuleLaws(0.0);
        Assert.True(Cube.CheckRuleLaws(RuleGen.Scalar()).Passed);
    }

    [Fact]
    public void Verify_WrongRule_ThrowsWithTheFullReport()
    {
        var e = Assert.Throws<RuleCheckException>(() => WrongCube.ShouldSatisfyRuleLaws(RuleGen.Scalar()));

        var result = e.Result!;
        var culprit = result.Culprit!;
        Assert.Equal(result.Report, e.Message);
        Assert.Contains("cube", e.Message, StringComparison.Ordinal);
        Assert.Contains("input      x = ", e.Message, StringComparison.Ordinal);
        Assert.Contains("tangent    ẋ = ", e.Message, StringComparison.Ordinal);
        Assert.Contains("cotangent  ȳ = ", e.Message, StringComparison.Ordinal);
        Assert.Contains("left", e.Message, StringComparison.Ordinal);
        Assert.Contains("right", e.Message, StringComparison.Ordinal);
        Assert.Contains("error      abs", e.Message, StringComparison.Ordinal);
        Assert.Contains("tolerance", e.Message, StringComparison.Ordinal);
        Assert.Contains("Taylor", e.Message, StringComparison.Ordinal);
        Assert.Contains(result.CounterexampleSeed!, e.Message, StringComparison.Ordinal);
        Assert.True(culprit.AbsoluteError > culprit.Tolerance);
        Assert.Equal(2, culprit.Left.Count + culprit.Right.Count);
    }

    [Fact]
    public void Check_WithShape_DrawsFromTheRulesDomain()
    {
        // ln is checked on x > 0 only: no NaN inputs reach it, so nothing is discarded.
        var result = RuleCheck.Check(ScalarPrimitives.Log, 0.0);

        Assert.True(result.Passed, result.Report);
        Assert.Equal(0, result.Discarded);
        Assert.Equal(RuleCheckOptions.Default.Samples, result.SamplesChecked);
    }

    [Fact]
    public void Check_GeneratorOutsideTheDomain_ReportsNoValidSamples()
    {
        var result = RuleCheck.Check(ScalarPrimitives.Sqrt, Gen.Double[-5, -1]);

        Assert.False(result.Passed);
        Assert.Equal(RuleCheckKind.NoValidSamples, result.Failures[0].Kind);
    }

    [Fact]
    public void CheckAt_OnePoint_UsesFreshDirectionsEachSample()
    {
        var result = RuleCheck.CheckAt(WrongCube, 2.0, new RuleCheckOptions { Samples = 5 });

        Assert.False(result.Passed);
        Assert.Equal(2.0, (double)result.Counterexample!);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.Check(Cube, RuleGen.Scalar(), new RuleCheckOptions { Samples = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.Check(Cube, RuleGen.Scalar(), new RuleCheckOptions { StepScale = -1 }));
    }

    [Fact]
    public void Result_IsAnImmutableValue()
    {
        var result = RuleCheck.Check(WrongCube, RuleGen.Scalar());
        var renamed = result with { Rule = "renamed" };

        Assert.Equal("cube", result.Rule);
        Assert.Equal("renamed", renamed.Rule);
        Assert.Same(result.Failures, renamed.Failures);
    }

    [Fact]
    public void Tolerances_Overridden_ChangeTheVerdictOnANearlyRightRule()
    {
        var nearly = Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => 1.0001 * y * yBar);

        Assert.False(RuleCheck.Check(nearly, RuleGen.Scalar()).Passed);
        var loose = new RuleCheckOptions { FiniteDifferenceTolerance = new Tolerance(1e-8, 1e-3) };
        Assert.True(RuleCheck.Check(nearly, RuleGen.Scalar(), loose).Passed);
    }

    [Fact]
    public void RecordInput_RuleOverARecord_IsChecked()
    {
        var rule = Diff.Create<Affine, double>("affine",
            p => (p.Scale * p.Weights).Sum() + p.Bias,
            (p, y, yBar) => new Affine(Vec.Fill(p.Weights.Length, yBar * p.Scale), yBar * p.Weights.Sum(), yBar));

        var result = RuleCheck.Check(rule, RuleGen.PointLike(new Affine(Vec.Zeros(3), 0, 0)));

        Assert.True(result.Passed, result.Report);
    }

    public sealed record Affine(Vec Weights, double Scale, double Bias);
}
