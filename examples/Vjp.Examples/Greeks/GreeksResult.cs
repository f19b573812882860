namespace Vjp.Examples.Greeks;

/// <summary>The result of example 4 for one option.</summary>
/// <param name="Inputs">The option.</param>
/// <param name="Price">The call price C.</param>
/// <param name="Gradient">∇C from one pullback: (Δ, ∂C/∂K, ∂C/∂T, ρ, vega).</param>
/// <param name="Greeks">Every Greek against its closed form, first and second order.</param>
public sealed record GreeksResult(OptionInputs Inputs, double Price, OptionInputs Gradient, IReadOnlyList<GreekComparison> Greeks)
{
    /// <summary>The largest |difference| over <see cref="Greeks"/>.</summary>
    public double MaxDifference => Greeks.Max(g => g.Difference);
}
