namespace Vjp.Properties.Tests.Checks;

/// <summary>
/// Verdicts relative to the scale of f and J at the point (PointScale): a rule whose derivatives are 5 % off is
/// caught at every magnitude from 10⁻¹² to 10¹², and the same rule made right passes at every magnitude.
/// </summary>
public class ScaleTests
{
    public static TheoryData<int> Exponents => new(Enumerable.Range(-6, 13).Select(k => 2 * k));

    private static Diff<double, double> ScaledSin(double scale, double error, bool pushforward = true) =>
        pushforward
            ? Diff.Create<double, double>("ksin", x => scale * Math.Sin(x), (x, y, yBar) => yBar * scale * error * Math.Cos(x), (x, y, dx) => scale * error * Math.Cos(x) * dx)
            : Diff.Create<double, double>("ksin", x => scale * Math.Sin(x), (x, y, yBar) => yBar * scale * error * Math.Cos(x));

    [Theory]
    [MemberData(nameof(Exponents))]
    public void ScaledSin_FivePercentOff_IsCaughtAtEveryMagnitude(int exponent)
    {
        var result = RuleCheck.Check(ScaledSin(Math.Pow(10, exponent), 1.05), RuleGen.Scalar());

        Assert.False(result.Passed, $"10^{exponent}: {result.Report}");
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PushforwardVsFiniteDifferences);
    }

    [Theory]
    [MemberData(nameof(Exponents))]
    public void ScaledSin_PullbackOnlyFivePercentOff_IsCaughtAtEveryMagnitude(int exponent)
    {
        var result = RuleCheck.Check(ScaledSin(Math.Pow(10, exponent), 1.05, pushforward: false), RuleGen.Scalar());

        Assert.False(result.Passed, $"10^{exponent}: {result.Report}");
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PullbackVsFiniteDifferences);
    }

    [Theory]
    [MemberData(nameof(Exponents))]
    public void ScaledSin_Correct_PassesAtEveryMagnitude(int exponent)
    {
        var result = RuleCheck.Check(ScaledSin(Math.Pow(10, exponent), 1), RuleGen.Scalar(), new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, $"10^{exponent}: {result.Report}");
    }

    [Fact]
    public void IssueExample_TinySinFivePercentOff_IsCaught()
    {
        var ksin = Diff.Create<double, double>("ksin", x => 1e-6 * Math.Sin(x),
            (x, y, yBar) => yBar * 1e-6 * 1.05 * Math.Cos(x), (x, y, dx) => 1e-6 * 1.05 * Math.Cos(x) * dx);

        var result = RuleCheck.Check(ksin, RuleGen.Scalar());

        Assert.False(result.Passed);
        Assert.Equal(RuleCheckKind.PushforwardVsFiniteDifferences, result.Culprit!.Kind);
    }

    [Fact]
    public void CancellingTinyFunction_KeepsTheFullAbsoluteAllowance()
    {
        // log(1 + u²) − u² is tiny near 0 yet rounded at the scale of 1: σ/ε keeps the absolute part at 1e-6.
        var f = Diff.Create<double, double>("log1pSqMinusSq", u => Math.Log(1 + (u * u)) - (u * u),
            (u, y, yBar) => yBar * ((2 * u / (1 + (u * u))) - (2 * u)), (u, y, du) => ((2 * u / (1 + (u * u))) - (2 * u)) * du);

        var result = RuleCheck.Check(f, Gen.Double[-1e-3, 1e-3], new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, result.Report);
    }
}
