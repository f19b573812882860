using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Checks;

/// <summary>
/// A correct pullback whose result cancels (terms of 10⁵ summing to 10⁻⁵) is linear up to rounding of its terms,
/// not of its result: the linearity identities must allow that rounding (the random-pipeline fuzzer met it once
/// in 600,000 pipelines, at ‖x̄‖ = 7·10⁻⁵ with an additivity error of 2·10⁻¹²).
/// </summary>
public class CancellationTests
{
    [Fact]
    public void PullbackThatCancels_IsLinearUpToItsOwnRounding()
    {
        var x = Diff.Input<double>();
        var f = (1e5 * Sin(x)) - ((1e5 * (1 - 1e-10)) * Sin(x));

        var result = RuleCheck.Check(f, RuleGen.Scalar(), new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void PullbackWithASmallConstantTerm_IsStillNotLinear()
    {
        // The allowance is the rounding noise of the map, measured; a constant term 10⁻⁸ is far above it.
        var wrong = Diff.Create<double, double>("sin+c", Math.Sin, (x, y, yBar) => (yBar * Math.Cos(x)) + 1e-8, (x, y, dx) => Math.Cos(x) * dx);

        var result = RuleCheck.Check(wrong, RuleGen.Scalar(), new RuleCheckOptions { Samples = 100 });

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.Kind is RuleCheckKind.PullbackAdditivity or RuleCheckKind.PullbackOfZero or RuleCheckKind.PullbackHomogeneity);
    }
}
