namespace Vjp.Properties.Numerics;

/// <summary>
/// The directional derivative <c>g′(0)</c> of a vector-valued <c>g(t) = f(x + t·ẋ)</c> by central differences
/// extrapolated in a Richardson tableau, with an error estimate (Ridders 1982, "Accurate computation of F′(x)
/// and F′(x)F″(x)", Adv. Eng. Software 4(2); Numerical Recipes §5.7).
/// </summary>
/// <remarks>
/// Row i holds <c>D(hᵢ) = (g(hᵢ) − g(−hᵢ)) / 2hᵢ</c> with <c>hᵢ = h₀/2ⁱ</c>; because the error of a central
/// difference is a series in even powers of h, column j eliminates the <c>h^(2j)</c> term:
/// <c>T[i][j] = (4ʲ T[i][j−1] − T[i−1][j−1]) / (4ʲ − 1)</c>. Each entry's error is estimated by its distance to
/// its two parents; the entry with the smallest estimate is returned. Every row is computed (no early stop),
/// so rows spoiled by a kink or a domain boundary inside the larger steps are outvoted by the clean rows of
/// the smaller steps.
/// </remarks>
internal static class Richardson
{
    /// <summary>The estimate, its error estimate (Euclidean), and the first step actually used.</summary>
    public readonly record struct Estimate(double[]? Derivative, double Error, double Step);

    /// <param name="g">The function along the line; null where it is not finite or throws.</param>
    /// <param name="h0">The first step (already scaled to the point and limited by the domain).</param>
    /// <param name="rows">Rows of the tableau.</param>
    public static Estimate Directional(Func<double, double[]?> g, double h0, int rows)
    {
        // Shrink the first step until both ends are finite: a point near a domain boundary (log near 0 inside a
        // composition, say) would otherwise poison the whole first rows.
        double[]? gp = null, gm = null;
        var tries = 0;
        while (h0 > 0 && tries++ < 40)
        {
            gp = g(h0);
            gm = gp is null ? null : g(-h0);
            if (gp is not null && gm is not null)
            {
                break;
            }

            h0 /= 4;
        }

        if (gp is null || gm is null || !(h0 > 0))
        {
            return new(null, double.PositiveInfinity, h0);
        }

        var first = h0;
        double[][]? previous = null;
        double[]? best = null;
        var bestError = double.PositiveInfinity;
        var h = h0;
        for (var i = 0; i < rows; i++)
        {
            if (i > 0)
            {
                h /= 2;
                gp = g(h);
                gm = gp is null ? null : g(-h);
                if (gp is null || gm is null)
                {
                    break;
                }
            }

            var current = new double[i + 1][];
            current[0] = new double[gp.Length];
            for (var k = 0; k < gp.Length; k++)
            {
                current[0][k] = (gp[k] - gm[k]) / (2 * h);
            }

            var factor = 4.0;
            for (var j = 1; j <= i; j++)
            {
                var c = new double[gp.Length];
                for (var k = 0; k < c.Length; k++)
                {
                    c[k] = ((factor * current[j - 1][k]) - previous![j - 1][k]) / (factor - 1);
                }

                current[j] = c;
                factor *= 4;
                var error = Math.Max(Flat.Distance(c, current[j - 1]), Flat.Distance(c, previous![j - 1]));
                if (error <= bestError && Flat.AllFinite(c))
                {
                    bestError = error;
                    best = c;
                }
            }

            previous = current;
        }

        if (best is null)
        {
            // A single row: no error estimate is possible.
            return new(previous?[0], double.PositiveInfinity, first);
        }

        return new(best, bestError, first);
    }
}
