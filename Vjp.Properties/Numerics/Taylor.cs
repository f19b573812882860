namespace Vjp.Properties.Numerics;

/// <summary>
/// The step-size-free verdict on a pushforward: the order p of the Taylor remainder
/// <c>r(h) = ‖f(x + h·ẋ) − f(x) − h·J·ẋ‖ ~ hᵖ</c> as h → 0. When <c>J·ẋ</c> is the derivative of f along ẋ,
/// <c>r(h) = O(h²)</c>; when it is off by any δ, <c>r(h) ≈ h‖δ‖</c> for small h, so p ≈ 1 however small δ is
/// compared with the curvature, and no tolerance is involved (the method of Farrell et al.'s
/// "Taylor test" in dolfin-adjoint).
/// </summary>
/// <remarks>
/// <para>
/// The remainder is observed on <c>h₀, h₀/2, …</c> and the order is the least-squares slope of log r against
/// log h over the last four usable steps (the asymptotic end). A step is usable when r is well above rounding
/// (10⁵·ε·‖f‖) and the secants <c>(f(x + h·ẋ) − f(x))/h</c> have settled (consecutive ones within 10%, or
/// their changes shrinking from step to step), which means h has reached the range where f is smooth along the line. Fewer than three usable steps (a linear
/// function, or one too rough at these steps) give NaN: no verdict.
/// </para>
/// <para>
/// Both directions, +h and −h, are observed and the larger order is kept: a kink close to x on one side
/// spoils only that side, while a wrong pushforward shows order 1 on both.
/// </para>
/// </remarks>
internal static class Taylor
{
    private const int Window = 4;

    /// <summary>The spacing of doubles at 1, 2⁻⁵².</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The observed order with the steps and remainders it was fitted on.</summary>
    /// <param name="Order">The observed order; NaN when not measurable.</param>
    /// <param name="Steps">The usable steps.</param>
    /// <param name="Remainders">The remainders at those steps.</param>
    /// <param name="Exact">Whether J·ẋ reproduces f along this side to rounding at the smallest steps (f linear there).</param>
    public readonly record struct Observation(double Order, double[] Steps, double[] Remainders, bool Exact)
    {
        public bool Measurable => !double.IsNaN(Order);
    }

    public static Observation Observe(Func<double, double[]?> g, double[] y, double[] dy, double h0, int steps)
    {
        var plus = Side(g, y, dy, h0, steps, +1);
        var minus = Side(g, y, dy, h0, steps, -1);

        // A side on which the remainder is at rounding level says J·ẋ is exact there (f is linear along that
        // side, as |x| is on either side of its kink): no evidence against the pushforward.
        if (plus.Exact || minus.Exact)
        {
            return new(double.NaN, [], [], true);
        }

        if (!plus.Measurable)
        {
            return minus;
        }

        return !minus.Measurable || plus.Order >= minus.Order ? plus : minus;
    }

    private static Observation Side(Func<double, double[]?> g, double[] y, double[] dy, double h0, int steps, int sign)
    {
        var hs = new List<double>();
        var roundingLevel = 0;
        var rs = new List<double>();
        double[]? previousSecant = null;
        var previousChange = double.NaN;
        var yNorm = Flat.Norm(y);
        var h = h0;
        for (var k = 0; k < steps; k++, h /= 2)
        {
            var f = g(sign * h);
            if (f is null)
            {
                previousSecant = null;
                previousChange = double.NaN;
                continue;
            }

            var secant = new double[f.Length];
            var r2 = 0.0;
            for (var i = 0; i < f.Length; i++)
            {
                var delta = f[i] - y[i];
                secant[i] = delta / (sign * h);
                var e = delta - (sign * h * dy[i]);
                r2 += e * e;
            }

            var r = Math.Sqrt(r2);
            var noise = 1e5 * MachineEpsilon * (Flat.Norm(f) + yNorm);
            // Settled: the secant has converged (changes by under 10% of itself), or at least converges (its
            // change shrinks from step to step, as O(h) does). Near a singularity or kink the changes grow instead.
            var change = previousSecant is null ? double.NaN : Flat.Distance(secant, previousSecant);
            var settled = previousSecant is not null
                && (change <= 0.1 * Flat.Norm(secant) || change < 0.75 * previousChange);
            previousSecant = secant;
            previousChange = change;
            roundingLevel = r <= noise ? roundingLevel + 1 : 0;
            if (settled && r > noise && double.IsFinite(r))
            {
                hs.Add(h);
                rs.Add(r);
            }
        }

        // The smallest steps all at rounding level: exact along this side.
        var exact = roundingLevel >= 3;
        if (hs.Count < 3 || exact)
        {
            return new(double.NaN, [.. hs], [.. rs], exact);
        }

        var start = Math.Max(0, hs.Count - Window);
        var n = hs.Count - start;
        double mx = 0, my = 0;
        for (var i = start; i < hs.Count; i++)
        {
            mx += Math.Log(hs[i]);
            my += Math.Log(rs[i]);
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (var i = start; i < hs.Count; i++)
        {
            var dx = Math.Log(hs[i]) - mx;
            sxy += dx * (Math.Log(rs[i]) - my);
            sxx += dx * dx;
        }

        return new(sxy / sxx, [.. hs], [.. rs], false);
    }
}
