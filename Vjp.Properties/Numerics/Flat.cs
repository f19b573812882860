using CsCheck;

namespace Vjp.Properties.Numerics;

/// <summary>Arithmetic on the flat view (the coordinates) of values of any vector space.</summary>
internal static class Flat
{
    public static double[] Of(VectorSpace space, object value)
    {
        var a = new double[space.DimensionObject(value)];
        space.FlattenObject(value, a);
        return a;
    }

    public static object Build(VectorSpace space, object like, double[] coordinates) => space.UnflattenObject(like, coordinates);

    public static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    public static double NormInf(double[] a)
    {
        var m = 0.0;
        foreach (var v in a)
        {
            m = Math.Max(m, Math.Abs(v));
        }

        return m;
    }

    /// <summary><c>‖a‖₁</c>, the sum of the magnitudes.</summary>
    public static double Norm1(double[] a)
    {
        var s = 0.0;
        foreach (var v in a)
        {
            s += Math.Abs(v);
        }

        return s;
    }

    /// <summary><c>a + s·b</c>.</summary>
    public static double[] AddScaled(double[] a, double s, double[] b)
    {
        var r = new double[a.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = a[i] + (s * b[i]);
        }

        return r;
    }

    public static double[] Scale(double s, double[] a)
    {
        var r = new double[a.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = s * a[i];
        }

        return r;
    }

    /// <summary>‖a − b‖₂.</summary>
    public static double Distance(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    public static bool AllFinite(double[] a)
    {
        foreach (var v in a)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality bit for bit (so NaN equals the same NaN, and 0 differs from −0).</summary>
    public static bool BitwiseEqual(double[] a, double[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Standard normal coordinates (Box–Muller on two uniform draws from <paramref name="pcg"/>).</summary>
    public static double[] Gaussian(PCG pcg, int n)
    {
        var r = new double[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = Normal(pcg);
        }

        return r;
    }

    public static double Normal(PCG pcg)
    {
        // Uniforms in (0, 1) from the top 53 bits; u1 > 0 keeps the logarithm finite.
        var u1 = ((pcg.Next64() >> 11) + 0.5) * (1.0 / (1UL << 53));
        var u2 = (pcg.Next64() >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniform draw in [lo, hi).</summary>
    public static double Uniform(PCG pcg, double lo, double hi) => lo + ((hi - lo) * ((pcg.Next64() >> 11) * (1.0 / (1UL << 53))));
}
