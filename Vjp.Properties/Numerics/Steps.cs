namespace Vjp.Properties.Numerics;

/// <summary>The first step of finite differences and Taylor series, scaled to the point and kept inside the rule's domain.</summary>
internal static class Steps
{
    /// <summary>
    /// <c>h₀ = scale · (1 + ‖x‖∞) / ‖ẋ‖∞</c> (a fraction of the scale on which f varies, taken as max(1, |x|) as
    /// Numerical Recipes §5.7 advises), then, coordinate by coordinate, at most half the distance from xᵢ to
    /// the domain's boundary or nearest kink along ẋᵢ, so that <c>x ± h₀·ẋ</c> stays where the rule is smooth.
    /// The domain applies to every coordinate (elementwise primitives); 0 when x sits on a boundary or kink.
    /// </summary>
    public static double Initial(double[] x, double[] dx, Domain domain, double scale)
    {
        var n = Flat.NormInf(dx);
        if (n == 0)
        {
            return scale;
        }

        var h = scale * (1 + Flat.NormInf(x)) / n;
        if (domain.IsAll)
        {
            return h;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (dx[i] != 0)
            {
                h = Math.Min(h, 0.5 * Clearance(domain, x[i]) / Math.Abs(dx[i]));
            }
        }

        return h;
    }

    /// <summary>The distance from v to the nearest end of the domain's interval or kink (0 outside).</summary>
    public static double Clearance(Domain domain, double v)
    {
        if (!(v > domain.Lower && v < domain.Upper))
        {
            return 0;
        }

        var d = Math.Min(v - domain.Lower, domain.Upper - v);
        foreach (var k in domain.Kinks)
        {
            d = Math.Min(d, Math.Abs(v - k));
        }

        return d;
    }
}
