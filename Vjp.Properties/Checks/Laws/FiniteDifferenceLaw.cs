using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The pushforward and the pullback against finite differences. The central estimate is the reference;
/// where it disagrees, a reliable one-sided estimate that agrees clears the rule (next to a kink, the
/// central differences straddle it and the one-sided ones on the far side do not).
/// </summary>
/// <remarks>
/// A disagreement is confirmed before it is reported: a second tableau, on smaller steps (at most h₀/10,
/// and at most the step on which f changes by a few percent at the slope the rule claims), must disagree
/// with the rule too and agree with the first tableau within their error estimates. A wrong rule gives
/// the same true derivative at every scale, so it is caught either way; a function that varies faster
/// than its input's magnitude suggests (sin(x²) at x = 300, deep inside a pipeline) can alias the coarse
/// steps into agreeing on a wrong value with a small error estimate, and the second tableau, which
/// resolves it, clears the rule (or, contradicting the first, makes the sample inconclusive).
/// </remarks>
internal static class FiniteDifferenceLaw
{
    /// <summary>Checks both maps of sample <paramref name="s"/> against the finite differences of its stencil.</summary>
    public static void Check(Sample s, Stencil d)
    {
        var o = s.Options;
        var outcome = s.Calls.Outcome;
        var samples = d.Take(o.RichardsonSteps);

        // The rounding of the rule's own maps at this sample (Sample.RoundingNoise), measured only when a comparison
        // fails without it: a J·ẋ whose terms cancel (10⁻¹⁶ left of terms of size 1, deep in a saturated pipeline)
        // is rounded far above ε·‖J·ẋ‖, which the finite differences, resolving the true 10⁻¹⁸, then contradict.
        var rounding = new Rounding(
            new Lazy<double>(() => s.HasPushforward ? 16 * s.RoundingNoise(s.Pushforward, s.Point.DxFlat, s.DyFlat, isPullback: false) : 0),
            new Lazy<double>(() => 16 * s.RoundingNoise(s.Pullback, s.Point.YBarFlat, s.XBarFlat, isPullback: true) * Flat.Norm(s.Point.DxFlat)));
        var first = Verdict(s, d, samples, rounding);
        if (first.Estimates.Length == 0)
        {
            Inconclusive(first.Inconclusive);
            return;
        }

        if (first.Pushforward is null && first.Pullback is null)
        {
            return;
        }

        // The second tableau starts at most at h₀/10, and at most at 0.05·(1 + ‖y‖∞)/‖ẏ‖∞ with ẏ the rule's own
        // J·ẋ: the step on which f, as the rule describes it, changes by a few percent of its size.
        var slope = s.HasPushforward ? Flat.NormInf(s.DyFlat) : Math.Abs(Flat.Dot(s.XBarFlat, s.Point.DxFlat)) / Math.Max(Flat.Norm(s.Point.YBarFlat), double.Epsilon);
        var h1 = Stencil.ResolvingStep(s, samples!.H0, slope);
        var second = Verdict(s, d, Richardson.Sample(d.Line, h1, o.RichardsonSteps), rounding);
        Confirm(first.Pushforward, second.Pushforward is not null);
        Confirm(first.Pullback, second.Pullback is not null);

        void Confirm(RuleFailure? failure, bool failsAgain)
        {
            if (failure is null)
            {
                return;
            }

            if (second.Estimates.Length == 0)
            {
                Inconclusive(second.Inconclusive ?? $"the confirming tableau from h₀ = {Reports.Show.Number(h1)} gave no reliable estimate");
                return;
            }

            if (!failsAgain)
            {
                // The finer tableau agrees with the rule: the first one was aliased.
                return;
            }

            if (!first.Estimates.Any(a => second.Estimates.Any(b => Agree(a, b))))
            {
                Inconclusive($"the tableaux from h₀ = {Reports.Show.Number(samples.H0)} and from h₀ = {Reports.Show.Number(h1)} disagree with each other");
                return;
            }

            s.Calls.Add(failure with { Detail = failure.Detail + $"; confirmed by a second tableau from h₀ = {Reports.Show.Number(h1)}" });
        }

        void Inconclusive(string? why)
        {
            outcome.FiniteDifferencesInconclusive = true;
            outcome.InconclusiveReason ??= why;
        }

        bool Agree(Richardson.Estimate a, Richardson.Estimate b)
        {
            var scale = Math.Max(Flat.Norm(a.Derivative!), Flat.Norm(b.Derivative!));
            return Flat.Distance(a.Derivative!, b.Derivative!) <= d.Tolerance.Bound(scale) + (4 * (a.Error + b.Error));
        }
    }

    /// <summary>What one tableau says of the pushforward and the pullback: the failures (null where a reliable estimate agrees) and its reliable estimates.</summary>
    private readonly record struct FdVerdict(RuleFailure? Pushforward, RuleFailure? Pullback, Richardson.Estimate[] Estimates, string? Inconclusive = null);

    /// <summary>The rounding allowances of the pushforward (for J·ẋ) and of the pullback (for ⟨pullback(ȳ), ẋ⟩), each measured once when first needed.</summary>
    private sealed record Rounding(Lazy<double> Pushforward, Lazy<double> Pullback);

    private static FdVerdict Verdict(Sample s, Stencil d, Richardson.Samples? samples, Rounding allowance)
    {
        if (samples is null || samples.Rows == 0)
        {
            return new(null, null, []);
        }

        var p = s.Point;
        var o = s.Options;
        var (dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat) = (p.Dx, p.DxFlat, p.YBar, p.YBarFlat, s.XBarFlat, s.DyFlat);
        var sigma = double.IsFinite(d.Sigma) ? d.Sigma : 0;
        var all = new[] { Richardson.Central(samples, sigma), Richardson.OneSided(samples, p.YFlat, +1, sigma), Richardson.OneSided(samples, p.YFlat, -1, sigma) };
        var estimates = all.Where(Reliable).ToArray();
        if (estimates.Length == 0)
        {
            // Say why when f's rounding alone rules out every estimate: the rule may well be right, but these
            // differences cannot tell (values rounded at the scale of large terms that cancel, say).
            var noisy = all.Where(fd => fd.Derivative is not null && !(fd.Noise <= Threshold(fd))).ToArray();
            return new(null, null, [], noisy.Length == all.Length
                ? $"f's own rounding noise, σ = {Reports.Show.Small(d.Sigma)} per evaluation at this input, puts an error of at least {Reports.Show.Small(noisy.Min(fd => fd.Noise))} on every finite-difference estimate of J·ẋ (‖J·ẋ‖ ≈ {Reports.Show.Small(Flat.Norm(dyFlat.Length > 0 ? dyFlat : noisy[0].Derivative!))})"
                : null);
        }

        RuleFailure? pushforwardFailure = null;
        if (s.HasPushforward)
        {
            foreach (var fd in estimates)
            {
                var derivative = fd.Derivative!;
                var error = Flat.Distance(dyFlat, derivative);
                var scale = Math.Max(Flat.Norm(dyFlat), Flat.Norm(derivative));
                var bound = d.Tolerance.Bound(scale) + (4 * fd.Error);
                if (!(error <= bound))
                {
                    bound += allowance.Pushforward.Value;
                }

                if (error <= bound)
                {
                    pushforwardFailure = null;
                    break;
                }

                pushforwardFailure ??= s.Calls.Fail(RuleCheckKind.PushforwardVsFiniteDifferences, "pushforward against finite differences: J·ẋ = (f(x + h·ẋ) − f(x − h·ẋ)) / 2h, h → 0", dx, yBar) with
                {
                    LeftLabel = "J·ẋ (pushforward)",
                    Left = dyFlat,
                    RightLabel = "finite differences",
                    Right = derivative,
                    AbsoluteError = error,
                    RelativeError = Sample.Relative(error, scale),
                    Tolerance = bound,
                    Detail = Detail(fd),
                };
            }
        }

        RuleFailure? pullbackFailure = null;
        var right = Flat.Dot(xBarFlat, dxFlat);
        foreach (var fd in estimates)
        {
            var derivative = fd.Derivative!;
            var left = Flat.Dot(yBarFlat, derivative);
            var e = Math.Abs(left - right);
            var sc = Math.Max(Math.Abs(left), Math.Abs(right));
            var rounding = s.IdentityTolerance.Relative * ((Flat.Norm(xBarFlat) * Flat.Norm(dxFlat)) + (Flat.Norm(yBarFlat) * Flat.Norm(derivative)));
            var b = d.PairingTolerance.Bound(sc) + (4 * Flat.Norm(yBarFlat) * fd.Error) + rounding;
            if (!(e <= b))
            {
                b += allowance.Pullback.Value;
            }

            if (e <= b)
            {
                pullbackFailure = null;
                break;
            }

            pullbackFailure ??= s.Calls.Fail(RuleCheckKind.PullbackVsFiniteDifferences, "pullback against finite differences: ⟨ȳ, J·ẋ⟩ = ⟨pullback(ȳ), ẋ⟩ with J·ẋ by finite differences", dx, yBar) with
            {
                LeftLabel = "⟨ȳ, J·ẋ⟩ by finite differences",
                Left = [left],
                RightLabel = "⟨pullback(ȳ), ẋ⟩",
                Right = [right],
                AbsoluteError = e,
                RelativeError = Sample.Relative(e, sc),
                Tolerance = b,
                Detail = Detail(fd),
            };
        }

        return new(pushforwardFailure, pullbackFailure, estimates);

        bool Reliable(Richardson.Estimate fd) =>
            fd.Derivative is not null && fd.Error <= Threshold(fd);

        double Threshold(Richardson.Estimate fd) => (o.MaxFiniteDifferenceError * Flat.Norm(fd.Derivative!)) + d.Tolerance.Absolute;

        static string Detail(Richardson.Estimate fd) =>
            $"Richardson-extrapolated {fd.Kind} differences from h₀ = {Reports.Show.Number(fd.Step)}, error estimate {Reports.Show.Small(fd.Error)}";
    }
}
