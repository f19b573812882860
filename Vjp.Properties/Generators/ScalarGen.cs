using CsCheck;

namespace Vjp.Properties.Generators;

/// <summary>
/// Reals in a <see cref="Domain"/>, over many scales and at the places rules go wrong, with CsCheck sizes that
/// make shrinking useful: a fifth of the draws are round numbers (0, ±¼, ±½, ±1, ±1.5, ±2, ±3, ±10, ±100, ±1000
/// where they lie in the domain), a fifth are edges, the rest are continuous; every round number is smaller than
/// every continuous draw, and every continuous draw smaller than every edge, so a counterexample shrinks to the
/// simplest input that still fails.
/// </summary>
/// <remarks>
/// <para>
/// Continuous draws: for all reals, a sign and a magnitude log-uniform over [10⁻³, 10³] (so a rule wrong only for
/// |x| &gt; 5, or only for |x| &gt; 100, or only for tiny x, is drawn there); for a half-line (a, ∞), a + d with d
/// log-uniform over max(1, |a|)·[10⁻³, 10³]; for an interval, uniform over it. Continuous sizes grow with the
/// distance from |x| = 1 in decades (from the interval's middle), so shrinking prefers ordinary magnitudes.
/// </para>
/// <para>
/// Edges, kept inside the domain: just inside each finite end and on both sides of each kink, at a distance
/// log-uniform over max(1, |e|)·[10⁻⁵, 10⁻²]; and for an infinite end, the edges of double arithmetic within the
/// sampled range, just beyond which <c>exp</c> overflows (x &gt; 709.78 = ln of the largest double) or underflows
/// to 0 (x &lt; −745.13), and the range's own end, 10³. Continuous and round draws keep 10⁻⁵·max(1, |k|) away
/// from a kink.
/// </para>
/// </remarks>
internal sealed class ScalarGen : Gen<double>
{
    private const ulong ContinuousBase = 1_000_000;
    private const ulong EdgeBase = 3_000_000;
    private const double KinkMargin = 1e-5;

    /// <summary>The round numbers, in order of simplicity (their size is their index).</summary>
    private static readonly double[] RoundNumbers =
        [0, 1, -1, 0.5, -0.5, 2, -2, 0.25, -0.25, 1.5, -1.5, 3, -3, 10, -10, 100, -100, 1000, -1000];

    /// <summary>ln of the largest double, above which exp overflows; ln of the least subnormal, below which it is 0.</summary>
    private const double ExpOverflow = 709.782712893384;
    private const double ExpUnderflow = -745.1332191019411;

    private readonly Domain _domain;
    private readonly double[] _round;
    private readonly (double At, int Side)[] _edges;

    public ScalarGen(Domain domain)
    {
        _domain = domain;
        var lower = domain.Lower;
        var upper = domain.Upper;
        if (!(upper > lower))
        {
            throw new ArgumentException($"The domain '{domain.Name}' is empty.", nameof(domain));
        }

        _round = [.. RoundNumbers.Where(Admissible)];

        // Edges: (e, side) is the point e approached from side (+1 from above, −1 from below).
        var edges = new List<(double, int)>();
        if (double.IsFinite(lower))
        {
            edges.Add((lower, +1));
        }
        else
        {
            edges.AddRange([(ExpUnderflow, -1), (-1000, +1)]);
        }

        if (double.IsFinite(upper))
        {
            edges.Add((upper, -1));
        }
        else
        {
            edges.AddRange([(ExpOverflow, +1), (1000, -1)]);
        }

        foreach (var k in domain.Kinks)
        {
            edges.AddRange([(k, -1), (k, +1)]);
        }

        _edges = [.. edges];
    }

    public override double Generate(PCG pcg, Size? min, out Size size)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var kind = pcg.Next(10);
            var (v, s) = kind < 2 && _round.Length > 0 ? Round(pcg)
                : kind is 2 or 3 ? Edge(pcg)
                : Continuous(pcg);
            if (Admissible(v))
            {
                size = new Size(s);
                return v;
            }
        }

        // Only a domain almost covered by kink margins gets here: fall back to its middle.
        size = new Size(ulong.MaxValue / 2);
        return Middle();
    }

    private double Middle() =>
        double.IsFinite(_domain.Lower) && double.IsFinite(_domain.Upper) ? (_domain.Lower + _domain.Upper) / 2
        : double.IsFinite(_domain.Lower) ? _domain.Lower + Math.Max(1, Math.Abs(_domain.Lower))
        : double.IsFinite(_domain.Upper) ? _domain.Upper - Math.Max(1, Math.Abs(_domain.Upper))
        : 1;

    private bool Admissible(double v)
    {
        if (!_domain.Contains(v) || !double.IsFinite(v))
        {
            return false;
        }

        foreach (var k in _domain.Kinks)
        {
            if (Math.Abs(v - k) < KinkMargin * Math.Max(1, Math.Abs(k)))
            {
                return false;
            }
        }

        return true;
    }

    private (double Value, ulong Size) Round(PCG pcg)
    {
        var i = (int)pcg.Next((uint)_round.Length);
        return (_round[i], (ulong)Array.IndexOf(RoundNumbers, _round[i]));
    }

    private (double Value, ulong Size) Edge(PCG pcg)
    {
        var (at, side) = _edges[(int)pcg.Next((uint)_edges.Length)];
        var d = Math.Max(1, Math.Abs(at)) * LogUniform(pcg, 1e-5, 1e-2);
        var v = at + (side * d);
        return (v, EdgeBase + (ulong)(Math.Min(1, Math.Abs(Math.Log10(Math.Max(1e-300, Math.Abs(v))) / 6)) * ContinuousBase));
    }

    private (double Value, ulong Size) Continuous(PCG pcg)
    {
        var lower = _domain.Lower;
        var upper = _domain.Upper;
        double v;
        double distance;
        if (double.IsFinite(lower) && double.IsFinite(upper))
        {
            v = lower + ((upper - lower) * Unit(pcg));
            distance = Math.Abs(v - ((lower + upper) / 2)) / (upper - lower);
        }
        else if (double.IsFinite(lower) || double.IsFinite(upper))
        {
            var end = double.IsFinite(lower) ? lower : upper;
            var d = Math.Max(1, Math.Abs(end)) * LogUniform(pcg, 1e-3, 1e3);
            v = double.IsFinite(lower) ? lower + d : upper - d;
            distance = Math.Abs(Math.Log10(d / Math.Max(1, Math.Abs(end)))) / 6;
        }
        else
        {
            var m = LogUniform(pcg, 1e-3, 1e3);
            v = pcg.Next(2) == 0 ? m : -m;
            distance = Math.Abs(Math.Log10(m)) / 6;
        }

        return (v, ContinuousBase + (ulong)(Math.Min(1, distance) * ContinuousBase));
    }

    private static double Unit(PCG pcg) => (pcg.Next64() >> 11) * (1.0 / (1UL << 53));

    private static double LogUniform(PCG pcg, double lo, double hi) => Math.Exp(Math.Log(lo) + (Unit(pcg) * (Math.Log(hi) - Math.Log(lo))));
}
