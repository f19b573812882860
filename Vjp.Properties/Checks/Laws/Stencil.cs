using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// f sampled along the sample's line <c>t ↦ f(x + t·ẋ)</c>, once for every law that reads it (finite differences,
/// the Taylor order, the Jacobian entries): the Richardson samples from the first step h₀, f's rounding noise σ
/// per evaluation there, and the finite-difference tolerances scaled at this point (<see cref="PointScale"/>).
/// </summary>
/// <param name="Line">t ↦ f(x + t·ẋ) flattened, null where f throws or is not finite.</param>
/// <param name="Samples">The samples at h₀/2ᵏ on both sides, as many as the longer of the two tableaux needs; null when no first step exists.</param>
/// <param name="Sigma">σ, f's rounding noise per evaluation along the line (0 without samples).</param>
/// <param name="Tolerance">The finite-difference tolerance for J·ẋ.</param>
/// <param name="PairingTolerance">The finite-difference tolerance for the scalar ⟨ȳ, J·ẋ⟩.</param>
/// <param name="Scale">The derivative scale and rounding floor at the point, from which both tolerances are made.</param>
internal sealed record Stencil(
    Func<double, double[]?> Line,
    Richardson.Samples? Samples,
    double Sigma,
    Tolerance Tolerance,
    Tolerance PairingTolerance,
    PointScale Scale)
{
    /// <summary>The stencil of sample <paramref name="s"/>.</summary>
    public static Stencil At(Sample s)
    {
        var p = s.Point;
        var o = s.Options;
        var h0 = Steps.Initial(p.XFlat, p.DxFlat, s.Rule.Domain, o.StepScale);
        var line = s.Line(p.DxFlat);
        var samples = h0 > 0 ? Richardson.Sample(line, h0, Math.Max(o.RichardsonSteps, o.TaylorSteps)) : null;

        // f's own rounding noise along the line, on a stencil far below every step (Moré and Wild): the
        // finite differences and the Taylor remainders are judged against it.
        var sigma = samples is null ? 0 : Noise.Measure(line, p.YFlat, samples.H0 * 1e-9, samples.H0 / 8);

        // And at the ends of the stencil, x ± h₀·ẋ, where the differences are taken: the rounding of terms that
        // cancel grows with them, and at a point where they vanish (1e5·sin x − 1e5(1 − 1e-10)·sin x at x = 0) the
        // noise measured at x alone is far below the noise of the values the tableau subtracts.
        // Only where f grows across the stencil (its values at x ± h₀, already sampled, twice its size at x): elsewhere
        // the terms are as large at x as at the ends, and the measure at x stands for both.
        if (samples is not null && double.IsFinite(sigma))
        {
            var size = Flat.NormInf(p.YFlat);
            foreach (var (t0, y0) in new[] { (samples.H0, samples.Plus[0]), (-samples.H0, samples.Minus[0]) })
            {
                if (y0 is not null && Flat.NormInf(y0) > 2 * size
                    && Noise.Measure(t => line(t0 + t), y0, samples.H0 * 1e-9, samples.H0 / 8) is var far && double.IsFinite(far))
                {
                    sigma = Math.Max(sigma, far);
                }
            }
        }

        // And in the finite differences' own fine rows, where a difference that grows as the step shrinks is
        // rounding that the stencil at x did not resolve (Richardson.RowNoise): at most 64ε per unit of the point's
        // scale max(1, ‖x‖∞, ‖y‖∞), the rounding of intermediates of that size; more is truncation, not noise.
        if (samples is not null && double.IsFinite(sigma))
        {
            var cap = 64 * 2.220446049250313e-16 * Math.Max(1, Math.Max(Flat.NormInf(p.XFlat), Flat.NormInf(p.YFlat)));
            sigma = Math.Max(sigma, Richardson.RowNoise(samples, o.RichardsonSteps, cap));
        }

        // The absolute part of the finite-difference tolerance, relative to f's size and noise here (PointScale).
        var scale = samples is null ? new PointScale(double.PositiveInfinity) : PointScale.At(p.XFlat, p.YFlat, p.DxFlat, sigma, line, samples.H0 * 1e-9);
        return new(line, samples, sigma, scale.ForTangent(o.FiniteDifferenceTolerance), scale.ForPairing(o.FiniteDifferenceTolerance, p.YBarFlat), scale);
    }

    /// <summary>The first <paramref name="rows"/> rows of the samples (null without samples).</summary>
    public Richardson.Samples? Take(int rows) => Samples is null ? null : Samples with
    {
        Plus = [.. Samples.Plus.Take(rows)],
        Minus = [.. Samples.Minus.Take(rows)],
    };

    /// <summary>
    /// The first step of a confirming run: at most h₀/10, and at most <c>StepScale·(1 + ‖y‖∞)/slope</c>, the
    /// step on which f changes by a few percent of its size if its slope along ẋ is the one the rule claims.
    /// </summary>
    public static double ResolvingStep(Sample s, double h0, double slope)
    {
        var h1 = h0 / 10;
        return slope > 0 && double.IsFinite(slope) ? Math.Min(h1, s.Options.StepScale * (1 + Flat.NormInf(s.Point.YFlat)) / slope) : h1;
    }
}
