using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>The hyperbolic functions on <see cref="Real"/> values, for derivative rules.</summary>
public readonly partial struct Real
{
    /// <summary>Hyperbolic sine.</summary>
    /// <param name="x">The argument.</param>
    public static Real Sinh(Real x) => Unary(ScalarPrimitives.SinhRule, x);

    /// <summary>Hyperbolic cosine.</summary>
    /// <param name="x">The argument.</param>
    public static Real Cosh(Real x) => Unary(ScalarPrimitives.CoshRule, x);
}
