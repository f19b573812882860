using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Functional;
using Vjp.Properties;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.CustomRule;

/// <summary>
/// Example 10. Your own rule, tested. A numerically stable log-sum-exp written with <c>Diff.Create</c>:
/// forward <c>lse(x) = m + ln Σᵢ e^(xᵢ − m)</c> with m = maxᵢ xᵢ (no overflow), pullback
/// <c>x̄ = ȳ · softmax(x)</c>, pushforward <c>ẏ = ⟨softmax(x), ẋ⟩</c>. Vjp.Properties checks it against
/// finite differences and the adjoint identity; a deliberately wrong pullback is caught, with a report.
/// </summary>
public static class CustomRuleRun
{
    /// <summary>softmax(x) = e^(x − m) / Σ e^(x − m), m = max x.</summary>
    /// <param name="x">The vector.</param>
    public static Vec Softmax(Vec x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = x.Max();
        var e = x.Map(v => Math.Exp(v - m));
        return e / e.Sum();
    }

    /// <summary>lse(x) = m + ln Σ e^(x − m), m = max x: finite for any finite x.</summary>
    /// <param name="x">The vector.</param>
    public static double StableLogSumExp(Vec x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = x.Max();
        return m + Math.Log(x.Map(v => Math.Exp(v - m)).Sum());
    }

    /// <summary>The rule: stable forward, pullback ȳ·softmax(x), pushforward ⟨softmax(x), ẋ⟩.</summary>
    public static Diff<Vec, double> LogSumExp() => Diff.Create<Vec, double>(
        "logsumexp",
        forward: StableLogSumExp,
        pullback: (x, y, yBar) => yBar * Softmax(x),
        pushforward: (x, y, dx) => Vec.Dot(Softmax(x), dx));

    /// <summary>A wrong version, as easily written: the pullback forgets the normalisation Σ e^(x − m).</summary>
    public static Diff<Vec, double> WrongLogSumExp() => Diff.Create<Vec, double>(
        "logsumexp (wrong)",
        forward: StableLogSumExp,
        pullback: (x, y, yBar) => yBar * x.Map(v => Math.Exp(v - x.Max())));

    /// <summary>
    /// The same rule, twice differentiable: its pullback given as a <c>Diff</c> of (x, ȳ), built from
    /// differentiable parts (Vjp.Combinators' stable softmax), so gradients of gradients pass through it.
    /// </summary>
    public static Diff<Vec, double> TwiceDifferentiableLogSumExp()
    {
        var (x, yBar) = Diff.Input<(Vec, double)>();
        return Diff.Create("logsumexp", StableLogSumExp, pullback: yBar * Layers.Softmax(x));
    }

    /// <summary>Runs the example.</summary>
    /// <param name="options">Where to print.</param>
    public static CustomRuleResult Run(ExampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var console = options.Console;
        var samples = options.Small ? 30 : 100;
        var checkOptions = RuleCheckOptions.Default with { Samples = samples };

        // 1. Why a rule of one's own: the naive composition overflows.
        var big = Vec.Of(1000, 1000);
        var v = Diff.Input<Vec>();
        var naive = Log(Sum(Exp(v)));
        var lse = LogSumExp();
        var naiveValue = naive.Invoke(big);
        var stableValue = lse.Invoke(big);
        console.WriteLineWhole("1. log Σ eˣ at x = (1000, 1000):");
        console.WriteLineWhole($"   naive Log(Sum(Exp(x)))      = {naiveValue}");
        console.WriteLineWhole($"   rule with the max shifted out = {N(stableValue)}   (1000 + ln 2 = {N(1000 + Math.Log(2))})");

        // 2. The rule, checked before it is trusted.
        console.WriteLineWhole($"2. RuleCheck.Check(logsumexp, like: a Vec[5]) over {samples} generated inputs:");
        var correct = RuleCheck.Check(lse, Vec.Zeros(5), checkOptions);
        console.WriteLineWhole($"   passed: {correct.Passed}  ({correct.SamplesChecked} inputs; finite differences, adjoint identity ⟨ȳ, Jẋ⟩ = ⟨Jᵀȳ, ẋ⟩, linearity, Taylor order ≈ {N(correct.MinTaylorOrder, 2)})");

        // 3. A wrong pullback is caught, and the report says where and how.
        console.WriteLineWhole("3. The same with a wrong pullback (forgot to divide by Σ e^(x − m)):");
        var wrong = RuleCheck.Check(WrongLogSumExp(), Vec.Zeros(5), checkOptions);
        console.WriteLineWhole($"   passed: {wrong.Passed}. The checker's report:");
        console.WriteWhole(new Panel(new Text(wrong.Report)).Header("RuleCheck report"));

        // 3b. Inside a pipeline, the checker finds the one broken rule.
        var pipeline = Tanh(v * 2.0).Then(WrongLogSumExp()).Then(ScalarPrimitives.Exp);
        var inPipeline = RuleCheck.Check(pipeline, Vec.Zeros(5), checkOptions);
        console.WriteLineWhole($"   In a pipeline, x ↦ exp(lse(tanh(2x))): passed {inPipeline.Passed}; blamed: {inPipeline.Culprit?.Path ?? inPipeline.BlamePath ?? "(none)"}");

        // 4. Twice differentiable: the pullback given as a Diff, so Hessian–vector products work.
        var lse2 = TwiceDifferentiableLogSumExp();
        var at = Vec.Of(0.3, -1.2, 2.0, 0.7);
        var dir = Vec.Of(1, 0.5, -0.5, 2);
        var hv = lse2.Hvp(at, dir);
        const double h = 1e-5;
        var fd = (lse2.Gradient(Vec.Axpy(h, dir, at)) - lse2.Gradient(Vec.Axpy(-h, dir, at))) / (2 * h);
        var hvpError = Vec.MaxAbsDiff(hv, fd);
        console.WriteLineWhole("4. Twice differentiable: Diff.Create(\"logsumexp\", forward, pullback: yBar * Layers.Softmax(x)) with the pullback as a Diff:");
        console.WriteLineWhole($"   H v = {V(hv, 8)}");
        console.WriteLineWhole($"   finite differences of gradients = {V(fd, 8)}   (max difference {E(hvpError)})");

        return new(naiveValue, stableValue, correct.Passed, correct.SamplesChecked, wrong.Passed, wrong.Report, hvpError);
    }
}
