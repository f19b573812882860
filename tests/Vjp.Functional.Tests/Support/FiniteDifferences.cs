namespace Vjp.Functional.Tests.Support;

/// <summary>
/// Central finite differences with Richardson extrapolation, independent of the engine: the expected
/// derivatives of the tests. <c>D(h) = (f(x + h·v) − f(x − h·v)) / 2h</c> has error
/// <c>c₂h² + c₄h⁴ + …</c>; <c>(4·D(h/2) − D(h)) / 3</c> cancels the h² term, and a second step the h⁴ term.
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>The step relative to the point: h = 10⁻³·max(1, ‖x‖∞), so truncation (~h⁶) and rounding (~ε/h) both stay small.</summary>
    public const double RelativeStep = 1e-3;

    /// <summary>
    /// The largest move of any coordinate: scaled to the point, and at most a fiftieth of the room left
    /// before an edge of the domain or a kink (where singularities sit: 1/x, log x, tan x), so the
    /// Taylor series behind the Richardson step converges fast.
    /// </summary>
    public static double Step(ReadOnlySpan<double> x, double room = double.PositiveInfinity)
    {
        var scale = 1.0;
        foreach (var xi in x)
        {
            scale = Math.Max(scale, Math.Abs(xi));
        }

        return Math.Min(RelativeStep * scale, room / 50);
    }

    /// <summary>The directional derivative of <paramref name="f"/> at <paramref name="x"/> along <paramref name="v"/>; no coordinate moves more than <paramref name="h"/>.</summary>
    public static double[] Directional(Func<double[], double[]> f, double[] x, double[] v, double h)
    {
        var vMax = 0.0;
        foreach (var vi in v)
        {
            vMax = Math.Max(vMax, Math.Abs(vi));
        }

        if (vMax == 0)
        {
            return new double[f(x).Length];
        }

        // Two Richardson steps: R₁(t) = (4·D(t/2) − D(t))/3 is O(t⁴); (16·R₁(t/2) − R₁(t))/15 is O(t⁶),
        // accurate even a fiftieth of the way to a pole such as 1/b² at b = 0.
        var t = h / vMax;
        var d1 = Central(f, x, v, t);
        var d2 = Central(f, x, v, t / 2);
        var d4 = Central(f, x, v, t / 4);
        var r = new double[d1.Length];
        for (var i = 0; i < r.Length; i++)
        {
            var coarse = (4 * d2[i] - d1[i]) / 3;
            var fine = (4 * d4[i] - d2[i]) / 3;
            r[i] = (16 * fine - coarse) / 15;
        }

        return r;
    }

    private static double[] Central(Func<double[], double[]> f, double[] x, double[] v, double t)
    {
        var plus = new double[x.Length];
        var minus = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            plus[i] = x[i] + t * v[i];
            minus[i] = x[i] - t * v[i];
        }

        var fp = f(plus);
        var fm = f(minus);
        var d = new double[fp.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = (fp[i] - fm[i]) / (2 * t);
        }

        return d;
    }

    /// <summary>The directional derivative of a typed function, through the flat views of its spaces.</summary>
    public static TOut Directional<TIn, TOut>(Func<TIn, TOut> f, TIn x, TIn dx)
        where TIn : notnull where TOut : notnull
    {
        var inSpace = VectorSpace<TIn>.Instance;
        var outSpace = VectorSpace<TOut>.Instance;
        var y = f(x);
        var xf = inSpace.ToArray(x);
        var d = Directional(v => outSpace.ToArray(f(inSpace.Unflatten(x, v))), xf, inSpace.ToArray(dx), Step(xf));
        return outSpace.Unflatten(y, d);
    }

    /// <summary>The Jacobian (m×n over the flat views), one directional derivative per input coordinate.</summary>
    public static Mat Jacobian<TIn, TOut>(Func<TIn, TOut> f, TIn x)
        where TIn : notnull where TOut : notnull
    {
        var inSpace = VectorSpace<TIn>.Instance;
        var outSpace = VectorSpace<TOut>.Instance;
        var xf = inSpace.ToArray(x);
        var n = xf.Length;
        var m = outSpace.Dimension(f(x));
        var h = Step(xf);
        var j = new double[m * n];
        var e = new double[n];
        for (var c = 0; c < n; c++)
        {
            e[c] = 1;
            var column = Directional(v => outSpace.ToArray(f(inSpace.Unflatten(x, v))), xf, e, h);
            e[c] = 0;
            for (var r = 0; r < m; r++)
            {
                j[r * n + c] = column[r];
            }
        }

        return Mat.Create(m, n, j);
    }

    /// <summary>The gradient of a scalar function, shaped like <paramref name="x"/>.</summary>
    public static TIn Gradient<TIn>(Func<TIn, double> f, TIn x) where TIn : notnull =>
        VectorSpace<TIn>.Instance.Unflatten(x, Jacobian(f, x).AsSpan());
}
