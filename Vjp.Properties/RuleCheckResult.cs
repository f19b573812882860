using Vjp.Properties.Reports;

namespace Vjp.Properties;

/// <summary>
/// The outcome of a rule check, as an immutable value for code that prefers results to exceptions.
/// When the check fails, <see cref="Failures"/> lists every law broken at the (shrunk) counterexample,
/// and for a composition <see cref="Blame"/> lists those of the innermost part whose own rule fails.
/// </summary>
public sealed record RuleCheckResult
{
    /// <summary>Whether every law held at every checked sample.</summary>
    public required bool Passed { get; init; }

    /// <summary>The checked function, as its name or readable expression.</summary>
    public required string Rule { get; init; }

    /// <summary>The seed of the run; passing it as <see cref="RuleCheckOptions.Seed"/> (with the same options) repeats the run exactly.</summary>
    public required string Seed { get; init; }

    /// <summary>How many samples were checked in full.</summary>
    public int SamplesChecked { get; init; }

    /// <summary>Generated inputs skipped because <c>f</c> was NaN or ∞ there (outside its domain).</summary>
    public int Discarded { get; init; }

    /// <summary>Samples at which the finite-difference estimate was too uncertain to judge the rule by (the other laws were still checked).</summary>
    public int InconclusiveFiniteDifferences { get; init; }

    /// <summary>
    /// Why finite differences were inconclusive at the first such sample whose reason is known, with that
    /// sample's input and seed, e.g. that <c>f</c>'s own rounding noise at the point swamps every difference;
    /// null when none was, or no reason is known.
    /// </summary>
    public string? InconclusiveReason { get; init; }

    /// <summary>The lowest Taylor order observed over the checked samples (≈ 2 for a correct pushforward); NaN when none was measurable.</summary>
    public double MinTaylorOrder { get; init; } = double.NaN;

    /// <summary>At how many checked samples the Taylor order was measurable (elsewhere the remainder was at rounding level, as for a linear function, or f too rough at the steps taken).</summary>
    public int TaylorOrdersMeasured { get; init; }

    private readonly Lazy<(double Pullback, double Pushforward)>? _measuredCost;
    private readonly double? _pullbackCostRatio;
    private readonly double? _pushforwardCostRatio;

    /// <summary>
    /// The measured time of the forward pass with residuals followed by the pullback, over that of the forward pass
    /// alone, at the first checked input (least per-call times of three batches); NaN when no input was checked.
    /// Machine-dependent: a figure to read, and a law only with <see cref="RuleCheckOptions.MaxCostRatio"/>.
    /// </summary>
    /// <remarks>
    /// Without <see cref="RuleCheckOptions.MaxCostRatio"/> the timing is made when this or
    /// <see cref="PushforwardCostRatio"/> is first read (once, for both), so a check whose ratios nobody reads does
    /// not spend time on them; with the bound it is made during the check.
    /// </remarks>
    public double PullbackCostRatio
    {
        get => _pullbackCostRatio ?? _measuredCost?.Value.Pullback ?? double.NaN;
        init => _pullbackCostRatio = value;
    }

    /// <summary>The same ratio for the forward pass with the pushforward; NaN when the rule declares no pushforward or no input was checked.</summary>
    public double PushforwardCostRatio
    {
        get => _pushforwardCostRatio ?? _measuredCost?.Value.Pushforward ?? double.NaN;
        init => _pushforwardCostRatio = value;
    }

    /// <summary>The timing behind both cost ratios, made on first read (see <see cref="PullbackCostRatio"/>).</summary>
    internal Lazy<(double Pullback, double Pushforward)>? MeasuredCost
    {
        init => _measuredCost = value;
    }

    /// <summary>The laws broken at the counterexample, by the checked function as a whole.</summary>
    public IReadOnlyList<RuleFailure> Failures { get; init; } = [];

    /// <summary>The path of the innermost part of a composition whose own rule fails, e.g. <c>pipeline ▸ stage 27: scale27</c>; null when the rule is not a composition, or no part fails on its own.</summary>
    public string? BlamePath { get; init; }

    /// <summary>The laws broken by the blamed part, at that part's own input; empty when <see cref="BlamePath"/> is null.</summary>
    public IReadOnlyList<RuleFailure> Blame { get; init; } = [];

    /// <summary>The input at which the check failed, after shrinking; null when it passed.</summary>
    public object? Counterexample { get; init; }

    /// <summary>The seed that generates <see cref="Counterexample"/> (with its tangents and cotangents) as the first sample of a run.</summary>
    public string? CounterexampleSeed { get; init; }

    /// <summary>The sample (1-based) at which the first failure was found.</summary>
    public int? FailedAtSample { get; init; }

    /// <summary>How many times the counterexample was replaced by a smaller failing one.</summary>
    public int Shrinks { get; init; }

    /// <summary>The most specific failure: the blamed part's first, or else the function's first; null when the check passed.</summary>
    public RuleFailure? Culprit => Blame.Count > 0 ? Blame[0] : Failures.Count > 0 ? Failures[0] : null;

    /// <summary>The readable multi-line report printed by <see cref="RuleCheck.Verify{TIn, TOut}(Diff{TIn, TOut}, CsCheck.Gen{TIn}, RuleCheckOptions?)"/>.</summary>
    public string Report => ReportWriter.Result(this);

    /// <inheritdoc/>
    public override string ToString() => Report;
}
