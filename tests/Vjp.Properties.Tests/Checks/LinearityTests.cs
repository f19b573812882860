namespace Vjp.Properties.Tests.Checks;

/// <summary>A pullback or pushforward that is not linear is named as such, not as an adjoint failure.</summary>
public class LinearityTests
{
    [Fact]
    public void PullbackDoublingWhereCotangentNegative_IsNamedNotLinear()
    {
        var rule = Diff.Create<double, double>("sin", Math.Sin,
            (x, y, yBar) => (yBar < 0 ? 2 : 1) * yBar * Math.Cos(x), (x, y, dx) => Math.Cos(x) * dx);

        var result = RuleCheck.Check(rule, RuleGen.Scalar());

        // Named not linear: the culprit is a linearity law (additivity, checked first, fails too when ȳ₁ and ȳ₂
        // differ in sign), and homogeneity with c = −1 is among the failures.
        Assert.False(result.Passed);
        Assert.Contains(result.Culprit!.Kind, new[] { RuleCheckKind.PullbackHomogeneity, RuleCheckKind.PullbackAdditivity });
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PullbackHomogeneity);
        Assert.Contains("not a linear map of ȳ", result.Culprit.Diagnosis, StringComparison.Ordinal);
        Assert.DoesNotContain("not the transpose", result.Culprit.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public void PullbackClippingCotangent_IsCaughtByTheLargeScalar()
    {
        var rule = Diff.Create<double, double>("tanh", Math.Tanh,
            (x, y, yBar) => Math.Clamp(yBar, -10, 10) * (1 - (y * y)), (x, y, dx) => (1 - (y * y)) * dx);

        var result = RuleCheck.Check(rule, RuleGen.Scalar());

        Assert.False(result.Passed);
        Assert.Equal(RuleCheckKind.PullbackHomogeneity, result.Culprit!.Kind);
        Assert.Contains("c = 1024", result.Culprit.Check, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearMapsWithCancellation_PassTheFixedScalars()
    {
        // Softmax's pullback y ⊙ (ȳ − ⟨y, ȳ⟩) cancels; at c = 10³ and 10⁻³ only rounding differs.
        var result = RuleCheck.Check(Vjp.Combinators.Layers.Softmax(), RuleGen.Vec(1, 20), new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, result.Report);
    }
}
