namespace Vjp.Properties.Tests.Checks;

/// <summary>Cost ratios are reported on every result; the cost law runs only when asked for.</summary>
public class CostTests
{
    private static readonly Diff<Vec, Vec> QuadraticPullback = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
        (v, y, yBar) =>
        {
            var xBar = new double[v.Length];
            for (var j = 0; j < v.Length; j++)
            {
                var column = Vec.Generate(v.Length, i => i == j ? 1 - (Math.Tanh(v[i]) * Math.Tanh(v[i])) : 0);
                xBar[j] = Vec.Dot(column, yBar);
            }

            return Vec.Create(xBar);
        },
        (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));

    [Fact]
    public void Result_ReportsBothCostRatios()
    {
        var result = RuleCheck.Check(Vjp.Functional.VecPrimitives.Tanh, RuleGen.Vec(8), new RuleCheckOptions { Samples = 5 });

        Assert.True(result.Passed, result.Report);
        Assert.True(result.PullbackCostRatio > 0 && double.IsFinite(result.PullbackCostRatio));
        Assert.True(result.PushforwardCostRatio > 0 && double.IsFinite(result.PushforwardCostRatio));
    }

    [Fact]
    public void CostLaw_ByDefault_IsOff_EvenForAQuadraticPullback()
    {
        var result = RuleCheck.Check(QuadraticPullback, RuleGen.Vec(256), new RuleCheckOptions { Samples = 5 });

        Assert.True(result.Passed, result.Report);
    }

    // Timing is never asserted (a unit test must not depend on how loaded the machine is): a bound below any
    // possible ratio (the pullback's time includes a forward pass, so the ratio is about 1 or more) makes the
    // law's failure path deterministic on a correct rule.
    [Fact]
    public void CostLaw_WithABoundNoRuleCanMeet_FailsAsCost_NamingTheCheapGradientPrinciple()
    {
        var result = RuleCheck.Check(Vjp.Functional.VecPrimitives.Tanh, RuleGen.Vec(8), new RuleCheckOptions { Samples = 5, MaxCostRatio = 1e-6 });

        Assert.False(result.Passed);
        Assert.Equal(RuleCheckKind.Cost, result.Culprit!.Kind);
        Assert.Contains("cheap-gradient", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxCostRatio_NotPositive_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.Check(Vjp.Functional.ScalarPrimitives.Sin, RuleGen.Scalar(), new RuleCheckOptions { MaxCostRatio = 0 }));
    }
}
