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
    public void FiniteDifferencesOfValuesRoundedAtTheScaleOfTheirTerms_AllowThatRounding()
    {
        // The CI flake of issue #9: at x = −0.806 the values are multiples of ulp(10⁵) ≈ 1.5·10⁻¹¹ on a function of
        // size 10⁻⁵, so neighbouring tableau entries agreed to the bit ("error estimate 0") on a derivative 5% off.
        // The noise is measured at the point and carried through the tableau; this seed failed before.
        var x = Diff.Input<double>();
        var f = (1e5 * Sin(x)) - ((1e5 * (1 - 1e-10)) * Sin(x));

        var result = RuleCheck.Check(f, RuleGen.Scalar(), new RuleCheckOptions { Samples = 300, Seed = "bWsiVbv-dQhYRrjj2" });

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void FiniteDifferencesSwampedByTheFunctionsOwnNoise_AreInconclusive_SayingWhy()
    {
        // A forward pass rounded to multiples of 10⁻⁹ (as values are when large terms cancel) on a slope of 10⁻⁵,
        // with exact rules: no finite difference on the checker's steps resolves the derivative, so such a sample
        // is inconclusive, not failed, and the report says why.
        const double quantum = 1e-9;
        var f = Diff.Create<double, double>(
            "rounded",
            x => Math.Round(1e-5 * x / quantum) * quantum,
            (x, y, yBar) => yBar * 1e-5,
            (x, y, dx) => 1e-5 * dx);

        var result = RuleCheck.Check(f, RuleGen.Scalar(), new RuleCheckOptions { Samples = 50, Seed = "bWsiVbv-dQhYRrjj2" });

        Assert.True(result.Passed, result.Report);
        Assert.True(result.InconclusiveFiniteDifferences > 0, result.Report);
        Assert.Contains("rounding noise", result.InconclusiveReason, StringComparison.Ordinal);
        Assert.Contains("rounding noise", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleFivePercentOff_OnValuesRoundedAtTheScaleOfTheirTerms_IsStillCaught()
    {
        // The noise allowance widens the bound by the measured rounding only: terms of 10⁵ cancelling to sin x
        // (noise ≈ 10⁻¹¹ on a derivative ≈ 1) leave a rule 5% off far outside it.
        var big = Diff.Input<double>();
        var g = (1e5 * Sin(big)) - ((1e5 - 1) * Sin(big));
        var wrong = Diff.Create<double, double>(
            "noisy-sin-5%",
            g.Invoke,
            (x, y, yBar) => yBar * 1.05 * Math.Cos(x),
            (x, y, dx) => 1.05 * Math.Cos(x) * dx);

        var result = RuleCheck.Check(wrong, RuleGen.Scalar(), new RuleCheckOptions { Samples = 100, Seed = "bWsiVbv-dQhYRrjj2" });

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.Kind is RuleCheckKind.PushforwardVsFiniteDifferences or RuleCheckKind.PullbackVsFiniteDifferences);
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
