namespace Vjp.Properties.Numerics;

/// <summary>
/// The rounding noise of f along a line, estimated from high-order differences on a tiny stencil (the idea of
/// Moré and Wild, "Estimating computational noise", SIAM J. Sci. Comput. 33(3), 2011): on a stencil of spacing
/// τ so small that f's Taylor terms vanish, the k-th difference of <c>g(t) = f(x + t·ẋ)</c> is rounding alone,
/// with standard deviation <c>σ·√C(2k, k)</c> for noise of size σ.
/// </summary>
/// <remarks>
/// The size of f says little about its rounding: <c>log(1 + u²)</c> with tiny u is tiny, yet rounded at the scale
/// of 1. The Taylor test ignores remainders below a multiple of this estimate.
/// </remarks>
internal static class Noise
{
    /// <summary>σ from the 2nd, 3rd and 4th differences on <c>t = −2τ … 2τ</c> (the largest of the three).</summary>
    /// <param name="g">The function along the line; null where not finite.</param>
    /// <param name="y">g(0).</param>
    /// <param name="tau">The stencil spacing.</param>
    /// <returns>The estimate; ∞ when g is not finite on the stencil.</returns>
    public static double Estimate(Func<double, double[]?> g, double[] y, double tau)
    {
        var m2 = g(-2 * tau);
        var m1 = g(-tau);
        var p1 = g(tau);
        var p2 = g(2 * tau);
        if (m2 is null || m1 is null || p1 is null || p2 is null)
        {
            return double.PositiveInfinity;
        }

        double d2 = 0, d3 = 0, d4 = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var a = m1[i] - (2 * y[i]) + p1[i];
            var b = p2[i] - (3 * p1[i]) + (3 * y[i]) - m1[i];
            var c = m2[i] - (4 * m1[i]) + (6 * y[i]) - (4 * p1[i]) + p2[i];
            d2 += a * a;
            d3 += b * b;
            d4 += c * c;
        }

        return Math.Max(Math.Sqrt(d2 / 6), Math.Max(Math.Sqrt(d3 / 20), Math.Sqrt(d4 / 70)));
    }
}
