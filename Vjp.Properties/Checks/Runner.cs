using CsCheck;

namespace Vjp.Properties.Checks;

/// <summary>
/// The sampling loop: inputs from a CsCheck generator, each checked by a <see cref="Probe"/>; on the first
/// failure, CsCheck-style shrinking (further inputs are generated and only those of smaller
/// <see cref="Size"/> are checked; a failing one becomes the new counterexample); then blame.
/// </summary>
/// <remarks>
/// Everything is drawn from one <see cref="PCG"/> stream started from the run's seed, so the run is a
/// function of the seed and the options. Each sample's seed is the stream's state before its input was
/// generated, so starting a run from it replays that input, with its tangents and cotangents, first.
/// </remarks>
internal static class Runner
{
    private sealed record Found(object X, Size Size, string Seed, SampleOutcome Outcome, int Index);

    public static RuleCheckResult Run<T>(IDiff f, Gen<T> gen, Probe probe, RuleCheckOptions o, string rule, string rootPath)
        where T : notnull
    {
        var pcg = Seeds.For(o.Seed, rule);
        var runSeed = pcg.ToString(pcg.State);
        var checkedCount = 0;
        var discarded = 0;
        var inconclusive = 0;
        string? inconclusiveReason = null;
        var minOrder = double.NaN;
        var measured = 0;
        Found? found = null;
        object? firstChecked = null;
        string? firstSeed = null;
        var attempts = 0;
        var maxAttempts = (10L * o.Samples) + 10;
        while (checkedCount < o.Samples && attempts++ < maxAttempts)
        {
            var state = pcg.State;
            var x = gen.Generate(pcg, null, out var size);
            var seed = pcg.ToString(state);
            var outcome = probe.Run(x, pcg, seed);
            if (outcome.Discarded)
            {
                discarded++;
                continue;
            }

            checkedCount++;
            firstChecked ??= x;
            firstSeed ??= seed;
            if (outcome.FiniteDifferencesInconclusive)
            {
                inconclusive++;
                inconclusiveReason ??= outcome.InconclusiveReason is { } why ? $"{why}, at x = {Reports.Show.Value(x)} (seed {seed})" : null;
            }

            if (!double.IsNaN(outcome.TaylorOrder))
            {
                measured++;
                if (!(outcome.TaylorOrder >= minOrder))
                {
                    minOrder = outcome.TaylorOrder;
                }
            }

            if (outcome.Failed)
            {
                found = new(x, size, seed, outcome, checkedCount);
                break;
            }
        }

        if (found is null)
        {
            if (checkedCount == 0)
            {
                var none = new RuleFailure
                {
                    Kind = RuleCheckKind.NoValidSamples,
                    Path = rootPath,
                    Check = $"at least one generated input inside the domain (of {discarded} generated)",
                    Input = "—",
                    Seed = runSeed,
                    Diagnosis = Diagnosis.For([RuleCheckKind.NoValidSamples], f.HasPushforward, false),
                };
                return new()
                {
                    Passed = false,
                    Rule = rule,
                    Seed = runSeed,
                    Discarded = discarded,
                    Failures = [none],
                    CounterexampleSeed = runSeed,
                    FailedAtSample = 0,
                };
            }

            var summary = Summary(passed: true);
            return o.MaxCostRatio is { } max && CostFailure(summary, max) is { } tooSlow
                ? summary with { Passed = false, Failures = [tooSlow], Counterexample = firstChecked, CounterexampleSeed = firstSeed, FailedAtSample = 1 }
                : summary;
        }

        // Shrinking keeps the failure: a smaller input counts only when it breaks the law the first one broke, so
        // the counterexample does not slip to another flaw found on the way (a NaN at x = 0, say).
        var kind = found.Outcome.Failures[0].Kind;
        var shrinks = 0;
        for (var j = 0; j < o.ShrinkAttempts; j++)
        {
            var state = pcg.State;
            var x = gen.Generate(pcg, found.Size, out var size);
            if (!Size.IsLessThan(size, found.Size))
            {
                continue;
            }

            var seed = pcg.ToString(state);
            var outcome = probe.Run(x, pcg, seed);
            if (outcome.Failed && outcome.Failures.Exists(f => f.Kind == kind))
            {
                found = found with { X = x, Size = size, Seed = seed, Outcome = outcome };
                shrinks++;
            }
        }

        Blame.Finding? blame = null;
        if (o.Blame && Structure.IsBlameable(f))
        {
            blame = Blame.Locate(f, found.X, rootPath, o, PCG.Parse(found.Seed), found.Seed);
        }

        return Summary(passed: false) with
        {
            Failures = found.Outcome.Failures,
            BlamePath = blame?.Path,
            Blame = blame?.Failures ?? [],
            Counterexample = found.X,
            CounterexampleSeed = found.Seed,
            FailedAtSample = found.Index,
            Shrinks = shrinks,
        };

        // What every result with samples states: the run's seed, its counts and the measured cost (timed when first
        // read, unless the cost law needs it now).
        RuleCheckResult Summary(bool passed)
        {
            if (firstChecked is null)
            {
                return Counts(passed);
            }

            var (x, seed) = (firstChecked, firstSeed!);
            var cost = new Lazy<(double, double)>(() => probe.Cost(x, PCG.Parse(seed)), LazyThreadSafetyMode.ExecutionAndPublication);
            if (o.MaxCostRatio is not null)
            {
                _ = cost.Value;
            }

            return Counts(passed) with { MeasuredCost = cost };
        }

        RuleFailure? CostFailure(RuleCheckResult r, double max)
        {
            var (which, ratio) = !(r.PullbackCostRatio <= max) && double.IsFinite(r.PullbackCostRatio) ? ("pullback", r.PullbackCostRatio)
                : !(r.PushforwardCostRatio <= max) && double.IsFinite(r.PushforwardCostRatio) ? ("pushforward", r.PushforwardCostRatio)
                : ("", double.NaN);
            return which.Length == 0 ? null : new RuleFailure
            {
                Kind = RuleCheckKind.Cost,
                Path = rootPath,
                Check = $"cost: forward pass and {which} take at most {Reports.Show.Number(max)} × the forward pass alone",
                Input = firstChecked!,
                Seed = firstSeed!,
                LeftLabel = $"{which} / forward time",
                Left = [ratio],
                RightLabel = "bound",
                Right = [max],
                AbsoluteError = ratio - max,
                RelativeError = (ratio - max) / max,
                Tolerance = max,
                Detail = "least per-call times of three batches at the first checked input (RuleCheckOptions.MaxCostRatio; timing depends on the machine)",
                Diagnosis = $"The {which} costs {Reports.Show.Number(ratio)} times the forward pass; the cheap-gradient principle expects a small constant. Look for a Jacobian formed explicitly, or work repeated per output.",
            };
        }

        RuleCheckResult Counts(bool passed) => new()
        {
            Passed = passed,
            Rule = rule,
            Seed = runSeed,
            SamplesChecked = checkedCount,
            Discarded = discarded,
            InconclusiveFiniteDifferences = inconclusive,
            InconclusiveReason = inconclusiveReason,
            MinTaylorOrder = minOrder,
            TaylorOrdersMeasured = measured,
        };
    }
}
