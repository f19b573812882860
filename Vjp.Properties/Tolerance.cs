namespace Vjp.Properties;

/// <summary>
/// A tolerance for comparing two computed quantities: they agree when
/// <c>|left − right| ≤ Absolute + Relative · scale</c>, where the scale is the magnitude of the
/// quantities being compared (stated with each check).
/// </summary>
/// <param name="Absolute">The absolute part, for quantities near zero.</param>
/// <param name="Relative">The relative part, multiplied by the scale of the comparison.</param>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>The bound <c>Absolute + Relative · scale</c>.</summary>
    /// <param name="scale">The magnitude of the compared quantities.</param>
    /// <returns>The largest admissible difference.</returns>
    public double Bound(double scale) => Absolute + (Relative * scale);
}
