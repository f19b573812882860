namespace Vjp.Properties.Checks;

/// <summary>What checking the laws of one rule at one input found.</summary>
internal sealed class SampleOutcome
{
    /// <summary>f(x) was not finite: the input lies outside the function's domain and was not judged.</summary>
    public bool Discarded { get; set; }

    /// <summary>The finite-difference estimate was too uncertain to judge the rule by at this input.</summary>
    public bool FiniteDifferencesInconclusive { get; set; }

    /// <summary>Why the finite differences were inconclusive, when a reason is known.</summary>
    public string? InconclusiveReason { get; set; }

    /// <summary>The observed Taylor order (NaN when not measurable).</summary>
    public double TaylorOrder { get; set; } = double.NaN;

    public List<RuleFailure> Failures { get; } = [];

    public bool Failed => Failures.Count > 0;
}
