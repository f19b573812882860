namespace Vjp.Properties.Numerics;

/// <summary>
/// The rounding noise of f along a line, estimated from high-order differences on a tiny stencil (the idea of
/// Moré and Wild, "Estimating computational noise", SIAM J. Sci. Comput. 33(3), 2011): on a stencil of spacing
/// τ so small that f's Taylor terms vanish, the k-th difference of <c>g(t) = f(x + t·ẋ)</c> is rounding alone,
/// with standard deviation <c>σ·√C(2k, k)</c> for noise of size σ.
/// </summary>
/// <remarks>
/// The size of f says little about its rounding: <c>log(1 + u²)</c> with tiny u is tiny, yet rounded at the scale
/// of 1. The Taylor test ignores remainders below a multiple of this estimate, and the finite differences carry it
/// through their tableau (<see cref="Richardson"/>).
/// </remarks>
internal static class Noise
{
    /// <summary>
    /// σ measured component by component on the stencil <c>t = −2τ … 2τ</c>, where a component resolves its noise
    /// there, and otherwise on a longer one. A component that takes the same value at two neighbouring points of
    /// the stencil moves by less than its own rounding quantum there, and its differences read 0 where the noise
    /// is not: values rounded at the scale of large cancelling terms (<c>10⁵ sin x − 10⁵(1 − 10⁻¹⁰) sin x</c>,
    /// multiples of ulp(10⁵) ≈ 1.5·10⁻¹¹ on a function of size 10⁻⁵) look exact on the smallest stencil. For such
    /// a component the spacing grows by factors of 10, at most to <paramref name="maxTau"/>, until neighbours
    /// differ (a component that is constant on the smallest stencils but not on the steps of the finite
    /// differences is rounded coarsely too) on a 17-point stencil as well, and σ is then read from the 2nd
    /// differences of those 17 points: on 5 points a value that climbs by the same whole number of quanta at
    /// every step shows no noise at all, on 16 steps it rarely does. A component that repeats values even on the
    /// largest stencil contributes 0: it may be constant, or at rest on one side of a kink (a ReLU), and a
    /// function flat to its rounding over all the steps of the finite differences is, for them, flat.
    /// </summary>
    /// <param name="g">The function along the line; null where not finite.</param>
    /// <param name="y">g(0).</param>
    /// <param name="tau">The first stencil spacing, far below the steps of the finite differences.</param>
    /// <param name="maxTau">The largest spacing tried; the 17-point stencil reaches ±8τ.</param>
    /// <returns>The Euclidean norm of the components' σ; ∞ when g is not finite on the first stencil (components whose larger stencils leave f's domain keep 0).</returns>
    public static double Measure(Func<double, double[]?> g, double[] y, double tau, double maxTau)
    {
        var sigma2 = new double[y.Length];
        var open = new List<int>();
        var stencil = Stencil(g, tau, 2);
        if (stencil is null)
        {
            return double.PositiveInfinity;
        }

        for (var i = 0; i < y.Length; i++)
        {
            if (Repeats(stencil, y, i, 2))
            {
                open.Add(i);
            }
            else
            {
                sigma2[i] = Sigma2(stencil, y, i, 2);
            }
        }

        // A component that still repeats on the widest stencil the search would reach is constant along the line
        // at every spacing (a saturated tanh): it adds no noise, and dropping it first spares the search its eight
        // decades of evaluations, which dominated the cost of checking a long vector of wide draws.
        var last = tau;
        while (last * 10 <= maxTau)
        {
            last *= 10;
        }

        if (open.Count > 0 && last > tau && Stencil(g, last, 2) is { } widest)
        {
            open.RemoveAll(i => Repeats(widest, y, i, 2));
        }

        while (open.Count > 0 && tau * 10 <= maxTau)
        {
            tau *= 10;
            stencil = Stencil(g, tau, 2);
            if (stencil is null)
            {
                break;                                                  // outside f's domain: the open components keep 0
            }

            var candidates = open.Where(i => !Repeats(stencil, y, i, 2)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var wide = Stencil(g, tau, 8);
            if (wide is null)
            {
                break;
            }

            foreach (var i in candidates.Where(i => !Repeats(wide, y, i, 8)))
            {
                sigma2[i] = TrimmedSigma2(wide, y, i);
                open.Remove(i);
            }
        }

        return Math.Sqrt(sigma2.Sum());
    }

    /// <summary>g at t = kτ for k = −n … n (index k + n; the middle one, g(0), left null), or null where g is not finite.</summary>
    private static double[]?[]? Stencil(Func<double, double[]?> g, double tau, int n)
    {
        var s = new double[]?[(2 * n) + 1];
        for (var k = -n; k <= n; k++)
        {
            if (k != 0 && (s[k + n] = g(k * tau)) is null)
            {
                return null;
            }
        }

        return s;
    }

    private static double At(double[]?[] s, double[] y, int i, int k) => k == s.Length / 2 ? y[i] : s[k]![i];

    private static bool Repeats(double[]?[] s, double[] y, int i, int n)
    {
        for (var k = 0; k < 2 * n; k++)
        {
            if (At(s, y, i, k) == At(s, y, i, k + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// σ² of component i from the 2nd differences along the 17-point stencil, without the two largest: a kink
    /// inside the stencil (of a ReLU deep in a pipeline) moves two of them, by far more than rounding does.
    /// </summary>
    private static double TrimmedSigma2(double[]?[] s, double[] y, int i)
    {
        var d2 = new List<double>();
        for (var k = 0; k + 2 < s.Length; k++)
        {
            var a = At(s, y, i, k) - (2 * At(s, y, i, k + 1)) + At(s, y, i, k + 2);
            d2.Add(a * a);
        }

        d2.Sort();
        return d2.Take(d2.Count - 2).Average() / 6;
    }

    /// <summary>σ² of component i from the mean squares of its 2nd and 4th differences along the stencil (variance 6σ² and 70σ² for independent noise).</summary>
    private static double Sigma2(double[]?[] s, double[] y, int i, int n)
    {
        double d2 = 0, d4 = 0;
        var m2 = 0;
        var m4 = 0;
        for (var k = 0; k + 2 <= 2 * n; k++)
        {
            var a = At(s, y, i, k) - (2 * At(s, y, i, k + 1)) + At(s, y, i, k + 2);
            d2 += a * a;
            m2++;
            if (k + 4 <= 2 * n)
            {
                var c = At(s, y, i, k) - (4 * At(s, y, i, k + 1)) + (6 * At(s, y, i, k + 2)) - (4 * At(s, y, i, k + 3)) + At(s, y, i, k + 4);
                d4 += c * c;
                m4++;
            }
        }

        return Math.Max(d2 / (6 * m2), d4 / (70 * m4));
    }
}
