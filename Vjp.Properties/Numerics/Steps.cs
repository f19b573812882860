namespace Vjp.Properties.Numerics;

/// <summary>The first step of finite differences and Taylor series, scaled to the point and kept inside the rule's domain.</summary>
internal static class Steps
{
    /// <summary>
    /// <c>h₀ = scale · minᵢ (1 + |xᵢ|) / |ẋᵢ|</c> over the coordinates that move (a fraction of the scale on which f
    /// varies, taken as max(1, |xᵢ|) for each coordinate as Numerical Recipes §5.7 advises), then, coordinate by coordinate, at most half the distance from xᵢ to
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

        // Each moving coordinate on its own scale, max(1, |xᵢ|): a step fitted to the largest coordinate (10³) moves a
        // small one (10⁻³) far past the scale on which f varies in it, and two coarse tableaux then agree on the
        // slope of f's far field instead of its derivative at x.
        var h = double.PositiveInfinity;
        for (var i = 0; i < x.Length; i++)
        {
            if (dx[i] != 0)
            {
                h = Math.Min(h, scale * (1 + Math.Abs(x[i])) / Math.Abs(dx[i]));
            }
        }

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
