using System.Globalization;
using System.Text;

namespace Vjp.Properties.Reports;

/// <summary>The readable reports of failures and results.</summary>
internal static class ReportWriter
{
    public static string Failure(RuleFailure f, string indent)
    {
        var sb = new StringBuilder();
        void Line(string label, string text) => sb.Append(indent).Append("  ").Append(label.PadRight(11)).Append(text).Append('\n');

        Line("rule", f.Path);
        Line("check", $"{f.Check}  [{f.Kind}]");
        Line("input", $"x = {Show.Value(f.Input)}");
        if (f.Tangent is not null)
        {
            Line("tangent", $"ẋ = {Show.Value(f.Tangent)}");
        }

        if (f.Cotangent is not null)
        {
            Line("cotangent", $"ȳ = {Show.Value(f.Cotangent)}");
        }

        if (f.Left.Count > 0 || f.Right.Count > 0)
        {
            var width = Math.Max(f.LeftLabel.Length, f.RightLabel.Length);
            Line("left", $"{f.LeftLabel.PadRight(width)} = {Show.Numbers(f.Left)}");
            Line("right", $"{f.RightLabel.PadRight(width)} = {Show.Numbers(f.Right)}");
        }

        if (!double.IsNaN(f.AbsoluteError))
        {
            var tolerance = f.Kind switch
            {
                RuleCheckKind.Primal or RuleCheckKind.Determinism or RuleCheckKind.Aliasing or RuleCheckKind.Mutation or RuleCheckKind.Concurrency or RuleCheckKind.PullbackOfZero or RuleCheckKind.PushforwardOfZero => "must be exactly 0",
                RuleCheckKind.TaylorOrder => $"order must be ≥ {Show.Number(f.Tolerance)} (error = r/h at the smallest step)",
                _ => $"tolerance {Show.Small(f.Tolerance)}",
            };
            Line("error", $"abs {Show.Small(f.AbsoluteError)}, rel {Show.Small(f.RelativeError)}; {tolerance}");
        }

        Line("Taylor", double.IsNaN(f.TaylorOrder)
            ? "order not measurable at this input (remainder at rounding level, or f too rough along ẋ)"
            : $"observed order {f.TaylorOrder.ToString("F2", CultureInfo.InvariantCulture)} (≈2 when the pushforward is the derivative of f, ≈1 when it is not)");
        if (f.Detail is not null)
        {
            Line("detail", f.Detail);
        }

        if (f.Diagnosis is not null)
        {
            Line("diagnosis", f.Diagnosis);
        }

        if (f.Seed.Length > 0)
        {
            Line("seed", $"{f.Seed}  (as RuleCheckOptions.Seed, replays this input first)");
        }

        return sb.ToString();
    }

    public static string Result(RuleCheckResult r)
    {
        var sb = new StringBuilder();
        if (r.Passed)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Rule check passed: '{r.Rule}' satisfies its laws at {r.SamplesChecked} samples (seed {r.Seed}");
            if (r.Discarded > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; {r.Discarded} inputs outside the domain skipped");
            }

            if (r.InconclusiveFiniteDifferences > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; finite differences inconclusive at {r.InconclusiveFiniteDifferences}");
                if (r.InconclusiveReason is { } why)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" (first: {why})");
                }
            }

            sb.Append(double.IsNaN(r.MinTaylorOrder)
                ? "; Taylor order not measurable: f linear along the tangents)."
                : $"; Taylor order ≥ {r.MinTaylorOrder.ToString("F2", CultureInfo.InvariantCulture)} at the {r.TaylorOrdersMeasured} samples where measurable).");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"Rule check failed: {r.BlamePath ?? r.Culprit?.Path ?? r.Rule}\n");
        if (r.BlamePath is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  The innermost part whose own rule fails is {r.BlamePath}; it is checked at its own input, reached from the pipeline's input x = {Show.Value(r.Counterexample)}.\n\n");
            sb.Append(Failure(r.Blame[0], ""));
            AlsoFailing(sb, r.Blame);
            sb.Append("\n  The whole pipeline at its input x:\n");
            foreach (var f in r.Failures)
            {
                sb.Append("    ").Append(Summary(f)).Append('\n');
            }
        }
        else if (r.Failures.Count > 0)
        {
            sb.Append(Failure(r.Failures[0], ""));
            AlsoFailing(sb, r.Failures);
        }

        if (r.FailedAtSample is null or 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  Run seed {r.Seed}: {r.Discarded} inputs generated, none inside the domain.\n");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n  Found at sample {r.FailedAtSample} of the run with seed {r.Seed}, then shrunk {r.Shrinks} time{(r.Shrinks == 1 ? "" : "s")} (CsCheck sizes) to the input above;\n");
        sb.Append(CultureInfo.InvariantCulture, $"  new RuleCheckOptions {{ Seed = \"{r.CounterexampleSeed}\" }} replays it as the first sample.\n");
        return sb.ToString();
    }

    private static void AlsoFailing(StringBuilder sb, IReadOnlyList<RuleFailure> failures)
    {
        if (failures.Count > 1)
        {
            sb.Append("  also failing at this input:\n");
            foreach (var f in failures.Skip(1))
            {
                sb.Append("    ").Append(Summary(f)).Append('\n');
            }
        }
    }

    /// <summary>One line: the check, both sides, the errors and the tolerance.</summary>
    private static string Summary(RuleFailure f)
    {
        var sides = f.Left.Count == 1 && f.Right.Count == 1 ? $": {Show.Number(f.Left[0])} vs {Show.Number(f.Right[0])}" : "";
        var numbers = double.IsNaN(f.AbsoluteError) ? "" : $" (abs {Show.Small(f.AbsoluteError)}, rel {Show.Small(f.RelativeError)})";
        return $"{f.Check}{sides}{numbers}  [{f.Kind}]";
    }
}
