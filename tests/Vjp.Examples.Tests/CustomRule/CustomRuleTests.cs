using Vjp.Examples.CustomRule;
using Vjp.Examples.Runner;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.CustomRule;

public class CustomRuleTests
{
    [Fact]
    public void Run_Small_CorrectRulePassesWrongRuleIsCaughtWithReport()
    {
        using var t = new TestOptions();
        var r = CustomRuleRun.Run(t.Options with { Small = true });
        Assert.True(r.CorrectPassed);
        Assert.True(r.CorrectSamples > 0);
        Assert.False(r.WrongPassed);
        Assert.Contains("logsumexp (wrong)", r.WrongReport, StringComparison.Ordinal);
        Assert.Contains("logsumexp (wrong)", t.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Small_StableRuleIsFiniteWhereNaiveOverflows()
    {
        using var t = new TestOptions();
        var r = CustomRuleRun.Run(t.Options with { Small = true });
        Assert.True(double.IsPositiveInfinity(r.NaiveAtLargeInput));
        Assert.Equal(1000 + Math.Log(2), r.StableAtLargeInput, 10);
        Assert.True(r.HvpError < 1e-8, $"H v vs finite differences of gradients: {r.HvpError}");
    }

    [Fact]
    public void LogSumExp_Gradient_MatchesFiniteDifferences()
    {
        var lse = CustomRuleRun.LogSumExp();
        var x = Vec.Of(0.5, -1, 2, 0.25);
        var g = lse.Gradient(x);
        const double h = 1e-6;
        for (var i = 0; i < x.Length; i++)
        {
            var e = Vec.Basis(x.Length, i);
            Assert.Equal((lse.Invoke(Vec.Axpy(h, e, x)) - lse.Invoke(Vec.Axpy(-h, e, x))) / (2 * h), g[i], 8);
        }
    }
}
