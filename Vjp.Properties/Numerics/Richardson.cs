namespace Vjp.Properties.Numerics;

/// <summary>
/// The directional derivative <c>g′(0)</c> of a vector-valued <c>g(t) = f(x + t·ẋ)</c> by finite differences
/// extrapolated in a Richardson tableau, with an error estimate (Ridders 1982, "Accurate computation of F′(x)
/// and F′(x)F″(x)", Adv. Eng. Software 4(2); Numerical Recipes §5.7).
/// </summary>
/// <remarks>
/// <para>
/// g is sampled once at <c>±hᵢ</c>, <c>hᵢ = h₀/2ⁱ</c>, from h₀ = 0.05·(1 + ‖x‖∞)/‖ẋ‖∞ down (by default, 14 rows)
/// to about <c>ε^(1/3)·(1 + ‖x‖∞)/‖ẋ‖∞</c>, the best step of a single central difference: the coarse rows give
/// extrapolation its accuracy on smooth functions, the fine rows keep it honest on functions that vary on small
/// scales (deep pipelines with large gains). The central tableau starts from
/// <c>D(hᵢ) = (g(hᵢ) − g(−hᵢ)) / 2hᵢ</c>, whose error is a series in even powers of h, so column j removes the
/// <c>h^(2j)</c> term: <c>T[i][j] = (4ʲ T[i][j−1] − T[i−1][j−1]) / (4ʲ − 1)</c>. The one-sided tableaux start
/// from <c>(g(±hᵢ) − g(0)) / ±hᵢ</c>, whose error has every power of h, so column j uses 2ʲ. Each entry's error
/// is estimated by its distance to its two parents, and the entry with the smallest estimate among the rows
/// of the finer half is returned. Every row is computed (no early stop), so rows spoiled by a kink inside the
/// larger steps are outvoted by the clean rows of the smaller ones.
/// </para>
/// <para>
/// The one-sided estimates matter next to a kink (of a ReLU deep inside a pipeline, say): a kink between
/// x and x + h·ẋ biases every central difference that straddles it, while the difference on the other side
/// stays exact.
/// </para>
/// <para>
/// Rounding noise of f (σ, measured at the point by <see cref="Noise"/>) enters every difference as about σ/h,
/// and the tableau carries it along: a bound on each entry's noise follows the same recurrence with absolute
/// values, <c>N[i][j] = (rʲ N[i][j−1] + N[i−1][j−1]) / (rʲ − 1)</c>, from <c>N[i][0] = 3σ/hᵢ</c> (central) or
/// <c>6σ/hᵢ</c> (one-sided), three standard deviations of each evaluation. An entry's error is its distance to
/// its parents plus this bound: entries can agree with their parents to the last bit while all of them are
/// rounding (a function such as <c>10⁵ sin x − 10⁵(1 − 10⁻¹⁰) sin x</c>, whose values are multiples of its
/// terms' ulp), so the distance alone may read 0 where the estimate is off by percents.
/// </para>
/// </remarks>
internal static class Richardson
{
    /// <summary>An estimate, its error estimate (Euclidean, rounding included), the first step actually used, and the part of the error that is f's own rounding noise.</summary>
    public readonly record struct Estimate(double[]? Derivative, double Error, double Step, string Kind, double Noise = 0);

    /// <summary>g at ±hᵢ, <c>hᵢ = H0/2ⁱ</c>; null where g is not finite. Finite differences use the rows up to the first null.</summary>
    public sealed record Samples(double H0, IReadOnlyList<double[]?> Plus, IReadOnlyList<double[]?> Minus)
    {
        /// <summary>The number of leading rows where g is finite on both sides.</summary>
        public int Rows
        {
            get
            {
                var n = 0;
                while (n < Plus.Count && Plus[n] is not null && Minus[n] is not null)
                {
                    n++;
                }

                return n;
            }
        }
    }

    /// <summary>
    /// Samples g at <c>±h₀/2ⁱ</c>, i &lt; <paramref name="rows"/>, after shrinking h₀ (by 4, at most 40 times)
    /// until g is finite at both ends: a point near a domain boundary (log near 0 inside a composition, say)
    /// would otherwise poison the first rows. The same samples serve the finite differences and the Taylor series.
    /// </summary>
    /// <param name="g">The function along the line; null where it is not finite or throws.</param>
    /// <param name="h0">The first step (already scaled to the point and limited by the domain).</param>
    /// <param name="rows">How many steps.</param>
    public static Samples? Sample(Func<double, double[]?> g, double h0, int rows)
    {
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
            return null;
        }

        var plus = new List<double[]?> { gp };
        var minus = new List<double[]?> { gm };
        var h = h0;
        for (var i = 1; i < rows; i++)
        {
            h /= 2;
            plus.Add(g(h));
            minus.Add(g(-h));
        }

        return new(h0, plus, minus);
    }

    /// <summary>The central-difference estimate, for g with rounding noise <paramref name="sigma"/> (Euclidean, per evaluation).</summary>
    public static Estimate Central(Samples s, double sigma = 0) =>
        Extrapolate(s, i => Difference(s.Plus[i]!, s.Minus[i]!, 2 * Step(s, i)), i => 3 * sigma / Step(s, i), 4.0, "central");

    /// <summary>The one-sided estimate on the side <paramref name="sign"/> (+1 forward, −1 backward) from g(0) = <paramref name="y"/>, for g with rounding noise <paramref name="sigma"/>.</summary>
    public static Estimate OneSided(Samples s, double[] y, int sign, double sigma = 0) =>
        Extrapolate(s, i => sign > 0 ? Difference(s.Plus[i]!, y, Step(s, i)) : Difference(y, s.Minus[i]!, Step(s, i)), i => 6 * sigma / Step(s, i), 2.0, sign > 0 ? "forward" : "backward");

    /// <summary>
    /// A lower bound on g's rounding noise σ read from the central differences of all the rows
    /// themselves: on a smooth g, <c>‖D(hᵢ) − D(hᵢ₊₁)‖</c> shrinks about fourfold per row (the h² term), so a row
    /// where it shrinks by less than half (or grows) is rounding, of size about <c>‖D(hᵢ) − D(hᵢ₊₁)‖·hᵢ₊₁/2</c> per
    /// evaluation (noise of σ moves a difference on step h by about σ/h). This sees rounding that a tiny stencil at x cannot: a value
    /// rounded at a coarse scale inside a product with a smooth factor (<c>log(1 + u)·m(x)</c> with u ≈ 10⁻¹²,
    /// whose <c>1 + u</c> stays the same double over the noise stencil while m moves it smoothly) looks exact
    /// there, and the fine rows, on which <c>1 + u</c> jumps by whole ulps, agree on a wrong derivative. On the finest
    /// rows such a value may not move at all: they then agree to the last bit on the derivative of the smooth factor
    /// alone, and only the jump from the rows that still cross an ulp shows the rounding.
    /// </summary>
    /// <param name="s">The samples.</param>
    /// <param name="rows">How many leading rows the tableau uses.</param>
    /// <param name="cap">
    /// The largest σ taken as rounding: a row-to-row change that implies more is the truncation of a function still
    /// far from its Taylor regime on these steps (sin(x²) at x = 100), not noise, and is ignored.
    /// </param>
    public static double RowNoise(Samples s, int rows, double cap)
    {
        rows = Math.Min(rows, s.Rows);
        var noise = 0.0;
        var before = double.NaN;

        // Every row, not only the finer half: a value rounded at a coarse scale may freeze on all the rows of the finer
        // half (they then agree to the last bit on the smooth factor's share of J·ẋ), and the jump that shows the
        // rounding falls between two rows of the coarser half (the soak's 5lEFVo3iaEI3-Yfg3, 3HumrbZtIF33-Yfg3,
        // 0S-xVop3A6N3-Yfg3 and 0OtQ_OtMX013-Yfg3: from h₀/16 to h₀/128). A coarse row's change that is truncation
        // (a function not yet in its Taylor regime there) implies a σ far above the cap and is ignored, as before.
        for (var i = 0; i + 1 < rows; i++)
        {
            var step = Flat.Distance(
                Difference(s.Plus[i]!, s.Minus[i]!, 2 * Step(s, i)),
                Difference(s.Plus[i + 1]!, s.Minus[i + 1]!, 2 * Step(s, i + 1)));
            if (step > before / 2 && double.IsFinite(step) && step * Step(s, i + 1) / 2 is var sigma && sigma <= cap)
            {
                noise = Math.Max(noise, sigma);
            }

            before = step;
        }

        return noise;
    }

    private static double Step(Samples s, int i) => s.H0 / Math.Pow(2, i);

    private static double[] Difference(double[] a, double[] b, double width)
    {
        var d = new double[a.Length];
        for (var k = 0; k < d.Length; k++)
        {
            d[k] = (a[k] - b[k]) / width;
        }

        return d;
    }

    private static Estimate Extrapolate(Samples s, Func<int, double[]> first, Func<int, double> firstNoise, double ratio, string kind)
    {
        var rows = s.Rows;
        if (rows == 0)
        {
            return new(null, double.PositiveInfinity, s.H0, kind);
        }

        // Two rows of the tableau, the previous and the current, reused row after row (a tableau of 14 rows over a
        // Vec(100) would otherwise allocate 105 arrays per estimate); the best entry is copied out when it improves.
        var first0 = first(0);
        var n = first0.Length;
        var previous = new double[rows][];
        var current = new double[rows][];
        for (var j = 0; j < rows; j++)
        {
            previous[j] = new double[n];
            current[j] = new double[n];
        }

        var previousNoise = new double[rows];
        var noise = new double[rows];
        double[]? best = null;
        var bestError = double.PositiveInfinity;
        var bestNoise = 0.0;

        // Only the finer half of the rows may supply the estimate. On a function that varies on a scale between
        // the coarse and the fine steps (deep pipelines with large gains), three coarse entries can agree by
        // accident more closely than the fine entries, whose disagreement is honest; the entries of the fine
        // rows still extrapolate from the coarse ones on smooth functions, so nothing is lost there.
        var firstCandidateRow = rows >= 4 ? rows / 2 : 0;
        for (var i = 0; i < rows; i++)
        {
            (i == 0 ? first0 : first(i)).AsSpan().CopyTo(current[0]);
            noise[0] = firstNoise(i);
            var factor = ratio;
            for (var j = 1; j <= i; j++)
            {
                var c = current[j];
                var left = current[j - 1];
                var up = previous[j - 1];
                var distanceLeft = 0.0;
                var distanceUp = 0.0;
                var finite = true;
                for (var k = 0; k < n; k++)
                {
                    c[k] = ((factor * left[k]) - up[k]) / (factor - 1);
                    distanceLeft += (c[k] - left[k]) * (c[k] - left[k]);
                    distanceUp += (c[k] - up[k]) * (c[k] - up[k]);
                    finite &= double.IsFinite(c[k]);
                }

                noise[j] = ((factor * noise[j - 1]) + previousNoise[j - 1]) / (factor - 1);
                factor *= ratio;
                var error = Math.Sqrt(Math.Max(distanceLeft, distanceUp)) + noise[j];
                if (i >= firstCandidateRow && error <= bestError && finite)
                {
                    bestError = error;
                    bestNoise = noise[j];
                    best ??= new double[n];
                    c.AsSpan().CopyTo(best);
                }
            }

            (previous, current) = (current, previous);
            (previousNoise, noise) = (noise, previousNoise);
        }

        // A single row gives no error estimate.
        return best is null ? new(previous[0], double.PositiveInfinity, s.H0, kind) : new(best, bestError, s.H0, kind, bestNoise);
    }
}
