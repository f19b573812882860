namespace Vjp.Examples.Greeks;

/// <summary>One sensitivity: by differentiation of the pricing function, and by its closed form.</summary>
/// <param name="Name">The Greek, e.g. <c>Delta ∂C/∂S</c>.</param>
/// <param name="ByDifferentiation">From the pullback (first order) or a Hessian–vector product (second order).</param>
/// <param name="ClosedForm">From the formula in the literature.</param>
public sealed record GreekComparison(string Name, double ByDifferentiation, double ClosedForm)
{
    /// <summary>|by differentiation − closed form|.</summary>
    public double Difference => Math.Abs(ByDifferentiation - ClosedForm);
}
