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
/// log h over the last four steps of the last run of at least four consecutive usable steps, provided no
/// smaller step shows f still rough (the run is then the asymptotic end) and the local orders between
/// neighbouring steps agree within 0.5. A step is usable when r is well above rounding
/// (10⁵·ε·‖f‖) and the secants <c>(f(x + h·ẋ) − f(x))/h</c> have settled (consecutive ones within 10%),
/// which means h has reached the range where f is smooth along the line. Fewer than four consecutive usable steps (a linear
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

    /// <summary>The fewest consecutive usable steps that give a verdict.</summary>
    private const int MinRun = 4;

    /// <summary>The spacing of doubles at 1, 2⁻⁵².</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The observed order with the steps and remainders it was fitted on.</summary>
    /// <param name="Order">The observed order; NaN when not measurable.</param>
    /// <param name="Steps">The usable steps.</param>
    /// <param name="Remainders">The remainders at those steps.</param>
    /// <param name="Exact">Whether J·ẋ reproduces f along this side to rounding at the smallest steps (f linear there).</param>
    /// <param name="FinestOrder">The local order <c>log₂(rᵢ/rᵢ₊₁)</c> between the two smallest usable steps (NaN without two).</param>
    public readonly record struct Observation(double Order, double[] Steps, double[] Remainders, bool Exact, double FinestOrder = double.NaN)
    {
        public bool Measurable => !double.IsNaN(Order);

        /// <summary>
        /// r/h at the smallest usable step: where the order is 1 this is ‖(J − J_f)·ẋ‖, the error of the pushforward
        /// itself, to be weighed against a tolerance (rounding in a correct rule's derivative also shows order 1, at a
        /// size of a few ε times the derivative).
        /// </summary>
        public double LinearTerm => Remainders.Length == 0 ? double.NaN : Remainders[^1] / Steps[^1];
    }

    /// <param name="samples">f along the line at ±h₀/2ᵏ.</param>
    /// <param name="y">f(x).</param>
    /// <param name="dy">J·ẋ.</param>
    /// <param name="noise">The rounding noise of f along the line (see <see cref="Noise"/>).</param>
    public static Observation Observe(Richardson.Samples samples, double[] y, double[] dy, double noise)
    {
        var plus = Side(samples.Plus, y, dy, samples.H0, +1, noise);
        var minus = Side(samples.Minus, y, dy, samples.H0, -1, noise);

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

    private static Observation Side(IReadOnlyList<double[]?> g, double[] y, double[] dy, double h0, int sign, double measuredNoise)
    {
        // Usable steps are collected in runs of consecutive halvings; only the last run counts.
        var hs = new List<double>();
        var rs = new List<double>();
        List<double>? runH = null, runR = null;
        var roundingLevel = 0;
        var finite = 0;
        double[]? previousSecant = null;
        var yNorm = Flat.Norm(y);
        var h = h0;
        for (var k = 0; k < g.Count; k++, h /= 2)
        {
            var f = g[k];
            if (f is null)
            {
                previousSecant = null;
                Discard();
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
            var noise = Math.Max(1e5 * MachineEpsilon * (Flat.Norm(f) + yNorm), 1e3 * measuredNoise);

            // Settled: the secant has converged, changing by under 10% of itself from the previous step. Near a
            // singularity or kink, or where f is too rough for these steps, it jumps instead.
            var settled = previousSecant is not null && Flat.Distance(secant, previousSecant) <= 0.1 * Flat.Norm(secant);
            previousSecant = secant;
            finite++;
            roundingLevel += r <= noise ? 1 : 0;
            // A step at which f did not change at all (J·ẋ below the resolution of f here) says nothing.
            var moved = Flat.NormInf(secant) > 0;
            if (settled && moved && r > noise && double.IsFinite(r))
            {
                hs.Add(h);
                rs.Add(r);
            }
            else if (r > noise && moved)
            {
                // f is still rough at this smaller step: what came before was not the asymptotic regime.
                Discard();
            }
            else
            {
                EndRun();
            }
        }

        EndRun();
        if (runH is not null)
        {
            (hs, rs) = (runH, runR!);
        }

        // Every step at rounding level: J·ẋ reproduces f exactly along this side (f is linear there).
        var exact = finite >= 3 && roundingLevel == finite;
        if (hs.Count < MinRun || exact)
        {
            return new(double.NaN, [.. hs], [.. rs], exact);
        }

        var start = Math.Max(0, hs.Count - Window);
        var n = hs.Count - start;

        // The local orders log₂(rᵢ/rᵢ₊₁) must agree: a remainder that wanders (f too rough at these steps) gives no verdict.
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = start; i + 1 < hs.Count; i++)
        {
            var local = Math.Log(rs[i] / rs[i + 1]) / Math.Log(hs[i] / hs[i + 1]);
            lo = Math.Min(lo, local);
            hi = Math.Max(hi, local);
        }

        if (hi - lo > 0.5)
        {
            return new(double.NaN, [.. hs], [.. rs], false);
        }

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

        var finest = Math.Log(rs[^2] / rs[^1]) / Math.Log(hs[^2] / hs[^1]);
        return new(sxy / sxx, [.. hs], [.. rs], false, finest);

        void Discard()
        {
            runH = null;
            runR = null;
            hs.Clear();
            rs.Clear();
        }

        // A run of enough consecutive usable steps replaces the previous one.
        void EndRun()
        {
            if (hs.Count >= MinRun)
            {
                runH = [.. hs];
                runR = [.. rs];
            }

            hs.Clear();
            rs.Clear();
        }
    }
}
