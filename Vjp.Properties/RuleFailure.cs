using Vjp.Properties.Reports;

namespace Vjp.Properties;

/// <summary>
/// One broken law of a rule at one point: which law, where in the structure, at which input, tangent and
/// cotangent, both sides of the identity, how far apart they are, and the seed that replays it.
/// </summary>
/// <remarks>Values are kept as given (<see cref="Input"/> is the rule's own input type, boxed); sides of identities are flattened to their coordinates.</remarks>
public sealed record RuleFailure
{
    /// <summary>Which law is broken.</summary>
    public required RuleCheckKind Kind { get; init; }

    /// <summary>Where the failing rule sits, e.g. <c>pipeline ▸ stage 3: mySquare</c>; the rule's name for a rule checked on its own.</summary>
    public required string Path { get; init; }

    /// <summary>The identity or property that fails, in words and symbols.</summary>
    public required string Check { get; init; }

    /// <summary>The input <c>x</c> of the failing rule (for a part of a composition: that part's own input).</summary>
    public required object Input { get; init; }

    /// <summary>The tangent <c>ẋ</c> used, when the law involves one.</summary>
    public object? Tangent { get; init; }

    /// <summary>The cotangent <c>ȳ</c> used, when the law involves one.</summary>
    public object? Cotangent { get; init; }

    /// <summary>What <see cref="Left"/> is, e.g. <c>J·ẋ (pushforward)</c>.</summary>
    public string LeftLabel { get; init; } = "";

    /// <summary>The left side of the identity, flattened.</summary>
    public IReadOnlyList<double> Left { get; init; } = [];

    /// <summary>What <see cref="Right"/> is, e.g. <c>finite differences</c>.</summary>
    public string RightLabel { get; init; } = "";

    /// <summary>The right side of the identity, flattened.</summary>
    public IReadOnlyList<double> Right { get; init; } = [];

    /// <summary>The Euclidean distance between the two sides.</summary>
    public double AbsoluteError { get; init; } = double.NaN;

    /// <summary>The distance relative to the scale of the comparison.</summary>
    public double RelativeError { get; init; } = double.NaN;

    /// <summary>The admissible distance at this point (absolute part + relative part · scale, plus the finite-difference error estimate where one is involved).</summary>
    public double Tolerance { get; init; } = double.NaN;

    /// <summary>
    /// The observed order of the Taylor remainder <c>‖f(x + h·ẋ) − f(x) − h·J·ẋ‖ ~ hᵖ</c> at this input:
    /// ≈ 2 when the pushforward is the derivative of <c>f</c>, ≈ 1 when it is not; NaN when not measurable
    /// (the remainder is at rounding level, as for a linear function).
    /// </summary>
    public double TaylorOrder { get; init; } = double.NaN;

    /// <summary>The seed of the sample; pass it as <see cref="RuleCheckOptions.Seed"/> to replay this input first.</summary>
    public string Seed { get; init; } = "";

    /// <summary>Further detail: an exception message, the steps of a Taylor series, the shapes that differ.</summary>
    public string? Detail { get; init; }

    /// <summary>What the combination of failing laws at this point says about the rule.</summary>
    public string? Diagnosis { get; init; }

    /// <summary>A readable multi-line description.</summary>
    public override string ToString() => ReportWriter.Failure(this, indent: "");
}
