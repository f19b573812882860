using Vjp.Properties.Numerics;

namespace Vjp.Properties;

/// <summary>
/// Derivatives by finite differences for any differentiable types, as the rule checks compute them: central
/// differences on the steps h₀, h₀/2, …, extrapolated in a Richardson tableau (Ridders' method), with the first
/// step scaled to the point and kept inside a domain. See <see cref="RuleCheckOptions"/> for the reasoning.
/// </summary>
/// <example><code>
/// var d = FiniteDifferences.Jvp(x => Math.Exp(x), 1.0, 1.0);   // d.Value ≈ e, d.Error ≈ 1e-15
/// </code></example>
public static class FiniteDifferences
{
    /// <summary>The directional derivative <c>J(x)·ẋ = d/dt f(x + t·ẋ)</c> at t = 0.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="dx">The direction ẋ, shaped like <paramref name="x"/>.</param>
    /// <param name="domain">The domain of every coordinate of the input; steps stay inside it. All reals when null.</param>
    /// <param name="steps">Rows of the Richardson tableau (at least 2).</param>
    /// <param name="stepScale">The first step as a fraction of <c>(1 + ‖x‖∞)/‖ẋ‖∞</c>.</param>
    /// <returns>The estimate with its error estimate.</returns>
    /// <exception cref="ShapeException">When <paramref name="dx"/> is not shaped like <paramref name="x"/>.</exception>
    /// <exception cref="ArithmeticException">When f is not finite at any step around x.</exception>
    public static FiniteDifferenceEstimate<TOut> Jvp<TIn, TOut>(Func<TIn, TOut> f, TIn x, TIn dx, Domain? domain = null, int steps = 14, double stepScale = 0.05)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dx);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var inSpace = VectorSpace<TIn>.Instance;
        var outSpace = VectorSpace<TOut>.Instance;
        if (!inSpace.SameShape(x, dx))
        {
            throw new ShapeException("FiniteDifferences.Jvp", $"direction {inSpace.Shape(dx)} does not match point {inSpace.Shape(x)}");
        }

        var y = f(x);
        var xFlat = inSpace.ToArray(x);
        var dxFlat = inSpace.ToArray(dx);
        var outLength = outSpace.Dimension(y);
        double[]? Line(double t)
        {
            var v = outSpace.ToArray(f(inSpace.Unflatten(x, Flat.AddScaled(xFlat, t, dxFlat))));
            return v.Length == outLength && Flat.AllFinite(v) ? v : null;
        }

        var h0 = Steps.Initial(xFlat, dxFlat, domain ?? Domain.All, stepScale);
        var samples = h0 > 0 ? Richardson.Sample(Line, h0, steps) : null;
        if (samples is null || samples.Rows == 0)
        {
            throw new ArithmeticException($"FiniteDifferences.Jvp: f is not finite at any step around x = {Reports.Show.Value(x)} along {Reports.Show.Value(dx)}.");
        }

        var estimate = Richardson.Central(samples);
        return new(outSpace.Unflatten(y, estimate.Derivative!), estimate.Error, estimate.Step);
    }

    /// <summary>The gradient <c>∇f(x)</c> of a scalar function, one directional derivative per coordinate.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="domain">The domain of every coordinate of the input. All reals when null.</param>
    /// <returns>The gradient, shaped like <paramref name="x"/>, with the largest error estimate of its coordinates.</returns>
    public static FiniteDifferenceEstimate<TIn> Gradient<TIn>(Func<TIn, double> f, TIn x, Domain? domain = null) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var space = VectorSpace<TIn>.Instance;
        var n = space.Dimension(x);
        var g = new double[n];
        var error = 0.0;
        var step = 0.0;
        for (var i = 0; i < n; i++)
        {
            var e = new double[n];
            e[i] = 1;
            var d = Jvp(f, x, space.Unflatten(x, e), domain);
            g[i] = d.Value;
            error = Math.Max(error, d.Error);
            step = Math.Max(step, d.InitialStep);
        }

        return new(space.Unflatten(x, g), error, step);
    }
}
