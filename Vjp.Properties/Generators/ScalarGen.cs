using CsCheck;

namespace Vjp.Properties.Generators;

/// <summary>
/// Reals in a <see cref="Domain"/>, kept away from its ends and kinks, with CsCheck sizes that make shrinking
/// useful: a quarter of the draws are "round" numbers (multiples of ¼, never 0), whose size grows with their
/// denominator and magnitude, and every round number is smaller than every other draw; the others are uniform
/// (log-uniform on a half-line) and sized by their distance to the domain's simplest point.
/// </summary>
/// <remarks>
/// Ranges: all reals → [−3, 3]; a half-line (a, ∞) → a + [0.05, 10], log-uniformly; an interval (a, b) → its
/// middle 96%. Kinks are avoided by 0.05·max(1, |k|) (or 2% of a narrow interval).
/// </remarks>
internal sealed class ScalarGen : Gen<double>
{
    private const ulong ContinuousBase = 1_000_000;
    private readonly Domain _domain;
    private readonly double _lo;
    private readonly double _hi;
    private readonly double _anchor;
    private readonly bool _logScale;
    private readonly int _logSign;
    private readonly double _kinkMargin;

    public ScalarGen(Domain domain)
    {
        _domain = domain;
        var lowerFinite = double.IsFinite(domain.Lower);
        var upperFinite = double.IsFinite(domain.Upper);
        if (!lowerFinite && !upperFinite)
        {
            (_lo, _hi, _anchor) = (-3, 3, 0);
            _kinkMargin = 0.05;
        }
        else if (lowerFinite && !upperFinite)
        {
            (_lo, _hi, _anchor, _logScale, _logSign) = (domain.Lower + 0.05, domain.Lower + 10, domain.Lower + 1, true, +1);
            _kinkMargin = 0.05;
        }
        else if (!lowerFinite)
        {
            (_lo, _hi, _anchor, _logScale, _logSign) = (domain.Upper - 10, domain.Upper - 0.05, domain.Upper - 1, true, -1);
            _kinkMargin = 0.05;
        }
        else
        {
            var width = domain.Upper - domain.Lower;
            if (!(width > 0))
            {
                throw new ArgumentException($"The domain '{domain.Name}' is empty.", nameof(domain));
            }

            var m = 0.02 * width;
            (_lo, _hi) = (domain.Lower + m, domain.Upper - m);
            _anchor = _lo <= 0 && 0 <= _hi ? 0 : (_lo + _hi) / 2;
            _kinkMargin = Math.Min(0.05, m);
        }
    }

    public override double Generate(PCG pcg, Size? min, out Size size)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var round = pcg.Next(4) == 0;
            var (v, s) = round && TryRound(pcg, out var rv, out var rs) ? (rv, rs) : Continuous(pcg);
            if (Admissible(v))
            {
                size = new Size(s);
                return v;
            }
        }

        // Only a domain almost covered by kink margins gets here: fall back to its middle.
        size = new Size(ulong.MaxValue / 2);
        return (_lo + _hi) / 2;
    }

    private bool Admissible(double v)
    {
        if (!_domain.Contains(v))
        {
            return false;
        }

        foreach (var k in _domain.Kinks)
        {
            if (Math.Abs(v - k) < _kinkMargin * Math.Max(1, Math.Abs(k)))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryRound(PCG pcg, out double v, out ulong size)
    {
        var kmin = (long)Math.Ceiling(4 * _lo);
        var kmax = (long)Math.Floor(4 * _hi);
        v = 0;
        size = 0;
        if (kmax < kmin || (kmin == 0 && kmax == 0))
        {
            return false;
        }

        long k;
        do
        {
            k = kmin + (long)pcg.Next64((ulong)(kmax - kmin + 1));
        }
        while (k == 0);

        v = k / 4.0;
        var a = (ulong)Math.Abs(k);
        size = (k % 4) == 0 ? a / 4 : (k % 2) == 0 ? 10_000 + a : 20_000 + a;
        return true;
    }

    private (double Value, ulong Size) Continuous(PCG pcg)
    {
        var u = (pcg.Next64() >> 11) * (1.0 / (1UL << 53));
        double v;
        if (_logScale)
        {
            // Distance from the finite end, log-uniform in [0.05, 10].
            var d = Math.Exp(Math.Log(0.05) + (u * (Math.Log(10) - Math.Log(0.05))));
            v = _logSign > 0 ? _domain.Lower + d : _domain.Upper - d;
        }
        else
        {
            v = _lo + (u * (_hi - _lo));
        }

        var distance = Math.Min(1, Math.Abs(v - _anchor) / (_hi - _lo));
        return (v, ContinuousBase + (ulong)(distance * ContinuousBase));
    }
}
