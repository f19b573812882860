using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>
/// False alarms found by soak runs of fresh random pipelines (<c>VJP_SOAK=1</c>), replayed from the pipeline seed
/// they printed: each pipeline is rebuilt by <see cref="PipelineGen"/> from that seed and checked as the soak checks
/// it (its own check seed, <see cref="RandomPipelineTests.Options"/>). Each failed on the checker before its fix.
/// </summary>
public class SoakFalseAlarmTests
{
    [Theory]

    // log(1 + u)·m(x) with u = sin(Φ(x)²)² ≈ 3·10⁻¹² at x = −2.995: 1 + u is rounded at the scale of 1, yet stays
    // the same double over the noise stencil at x while m moves f smoothly, so f looked exact (σ = 10⁻²⁶); the fine
    // rows of the tableau, on which 1 + u jumps by whole ulps, agreed on a J·ẋ 1.5 % off (Richardson.RowNoise).
    [InlineData("b-7hQkIdUhm0")]

    // The same class, at n = 4 behind a softmax of saturated sigmoids: on the eight finest rows the rounded part does
    // not move at all, so they agreed to the last bit on J·ẋ = −2·10⁻¹⁶ (the smooth factor's share) against the
    // true 3.7·10⁻¹⁴; only the jump from the coarser rows, which still cross an ulp, shows the rounding.
    [InlineData("ahZt13z1XSR0")]

    // The figure of the previous session's soak (an iterate[3] over a normcdf of saturating terms).
    [InlineData("eVdyKZcW3BiIRPtq")]

    // The 10⁶-pipeline soak of 2026-12-02 (root seed 89x7qpjFNf93-Yfg3), 5 false alarms, every one checked against a
    // 60-digit mpmath derivative: the library was right each time. Four are f rounded at the scale of a large term of a
    // cancelling sum (means of ±10…±26, erf(7.7) + erf(−5.6), log(1 + 10⁻¹⁵)): the difference quotients jump once
    // in the coarser half of the tableau and then freeze on every finer row, so RowNoise now reads every row pair.
    [InlineData("5lEFVo3iaEI3-Yfg3")]
    [InlineData("3HumrbZtIF33-Yfg3")]
    [InlineData("0S-xVop3A6N3-Yfg3")]
    [InlineData("0OtQ_OtMX013-Yfg3")]

    // The fifth: a softmax pushforward whose exact result is 0 (the sum of a softmax is 1), on tangents of about
    // 2·10⁵, so the result is all rounding; one nudge read that rounding 16× low, so the linearity and adjoint laws
    // now measure it on three nudges where the error is at least 1/16 of the compared values.
    [InlineData("dEMSzoGdk8Z3-Yfg3")]

    // The second 10⁶-pipeline soak (root seed 4lHDmxNVrJzlkUuo2), 1 false alarm: again the sum of a softmax, whose exact
    // derivative is 0, this time failing pullback additivity at rounding level (2.6·10⁻¹² against an exact 0).
    [InlineData("auJVBmC3sstlkUuo2")]

    // The first 200,000-pipeline soak of the converged verdict (10⁻⁹ where the tableau converges), 4 false alarms, each a
    // J·ẋ 0.7–5·10⁻⁸ from a central tableau with an error estimate of 0 or 2·10⁻¹⁵: f's noise on the stencil at x read 0
    // (values stepping by whole quanta) or f's own ulp (log(1 + u) ≈ 10⁻⁵ rounded at the scale of 1), so fine rows
    // repeated bit for bit. The converged verdict now assumes at least half an ulp of order-1 intermediates and needs the
    // central and one-sided tableaux to agree (in 740CQlhV9kVqAXpL the mean of the one-sided ones matched the rule).
    [InlineData("740CQlhV9kVqAXpL")]
    [InlineData("4W47KsouOFKqAXpL")]
    [InlineData("fmFMzTciY-CqAXpL")]
    [InlineData("bGk7IsLf4slqAXpL")]

    // The 10⁶-pipeline soak of the converged verdict (root seed aHEAgX10UolfW88M3), 1 false alarm, of the Taylor law:
    // remainders whose local order rises from 1.2 to 1.6 over the last four steps (curvature that changes on a scale
    // of 10⁻⁶ next to the domain's edge), fitted as 1.43; the finite differences agreed with the rule. The law now
    // needs the order between the two smallest steps to be low as well.
    [InlineData("dQm1bVo6bWmfW88M3")]
    public void SoakFalseAlarm_Replayed_Passes(string pipelineSeed)
    {
        var pipeline = PipelineGen.Pipelines.Generate(PCG.Parse(pipelineSeed), null, out _);

        var result = pipeline.Check(RandomPipelineTests.Options);

        Assert.True(result.Passed, $"{pipeline}\n{result.Report}");
    }

    [Fact]
    public void ValueRoundedAtTheScaleOfOne_TimesASmoothFactor_IsNotAFalseAlarm()
    {
        // The class of b-7hQkIdUhm0 without the pipeline: log(1 + Φ(x)⁴)·sin(x) in the tail of Φ, where
        // log(1 + Φ⁴) is about 10⁻¹² but rounded to multiples of 10⁻¹⁶.
        var x = Diff.Input<double>();
        var p = NormalCdf(x);
        var f = Log(1 + (p * p * p * p)) * Sin(x);

        var result = RuleCheck.Check(f, RuleGen.Scalar(Domain.Interval(-3.2, -2.6)), new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void RuleFivePercentOff_OnAValueRoundedAtTheScaleOfOne_IsStillCaughtWhereFiniteDifferencesResolveIt()
    {
        // The same rounding, on a rule whose pushforward and pullback are 5 % off: the noise read from the fine rows
        // is that of the values (about 10⁻¹⁶), far below the 5 % of a slope of order 1 at x of order 1.
        var f = Diff.Create<double, double>(
            "logish",
            x => Math.Log(1 + (1e-12 * x * x)) + Math.Sin(x),
            (x, y, yBar) => yBar * 1.05 * ((2e-12 * x / (1 + (1e-12 * x * x))) + Math.Cos(x)),
            (x, y, dx) => 1.05 * ((2e-12 * x / (1 + (1e-12 * x * x))) + Math.Cos(x)) * dx);

        var result = RuleCheck.Check(f, RuleGen.Scalar(), new RuleCheckOptions { Samples = 50 });

        Assert.False(result.Passed);
    }
}
