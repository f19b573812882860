using Vjp.Functional.Engine;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional;

/// <summary>The elementwise liftings of the inverse trigonometric and hyperbolic functions, max, min, clamp, hypot and atan2.</summary>
public static partial class VecPrimitives
{
    internal static readonly ZipRule Atan2Rule = new(S.Atan2Rule);
    internal static readonly ZipRule HypotRule = new(S.HypotRule);
    internal static readonly ZipRule MaxRule = new(S.MaxRule);
    internal static readonly ZipRule MinRule = new(S.MinRule);

    /// <summary>Elementwise arctangent; pullback x̄ = ȳ ⊘ (1 + x²).</summary>
    public static Diff<Vec, Vec> Atan { get; } = Elementwise(S.AtanRule);

    /// <summary>Elementwise arcsine, for −1 &lt; xᵢ &lt; 1; pullback x̄ = ȳ ⊘ √(1 − x²).</summary>
    public static Diff<Vec, Vec> Asin { get; } = Elementwise(S.AsinRule);

    /// <summary>Elementwise arccosine, for −1 &lt; xᵢ &lt; 1; pullback x̄ = −ȳ ⊘ √(1 − x²).</summary>
    public static Diff<Vec, Vec> Acos { get; } = Elementwise(S.AcosRule);

    /// <summary>Elementwise hyperbolic sine; pullback x̄ = ȳ ⊙ cosh x.</summary>
    public static Diff<Vec, Vec> Sinh { get; } = Elementwise(S.SinhRule);

    /// <summary>Elementwise hyperbolic cosine; pullback x̄ = ȳ ⊙ sinh x.</summary>
    public static Diff<Vec, Vec> Cosh { get; } = Elementwise(S.CoshRule);

    /// <summary>Elementwise clamp yᵢ = min(max(xᵢ, lo), hi); see <see cref="ScalarPrimitives.Clamp"/> (subgradient 0 at the bounds).</summary>
    /// <param name="lo">The lower bound.</param>
    /// <param name="hi">The upper bound.</param>
    /// <returns>The primitive.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When lo &gt; hi, or either is NaN.</exception>
    public static Diff<Vec, Vec> Clamp(double lo, double hi) => Elementwise(S.ClampRule(lo, hi));

    /// <summary>Elementwise two-argument arctangent yᵢ = atan2(aᵢ, bᵢ); see <see cref="ScalarPrimitives.Atan2"/>.</summary>
    public static Diff<(Vec A, Vec B), Vec> Atan2 { get; } = new(new RuleNode(Atan2Rule));

    /// <summary>Elementwise hypotenuse yᵢ = √(aᵢ² + bᵢ²) without overflow; see <see cref="ScalarPrimitives.Hypot"/>.</summary>
    public static Diff<(Vec A, Vec B), Vec> Hypot { get; } = new(new RuleNode(HypotRule));

    /// <summary>Elementwise maximum yᵢ = max(aᵢ, bᵢ), ½ of ȳᵢ to each at a tie; see <see cref="ScalarPrimitives.Max"/>.</summary>
    public static Diff<(Vec A, Vec B), Vec> Max { get; } = new(new RuleNode(MaxRule));

    /// <summary>Elementwise minimum yᵢ = min(aᵢ, bᵢ), ½ of ȳᵢ to each at a tie; see <see cref="ScalarPrimitives.Min"/>.</summary>
    public static Diff<(Vec A, Vec B), Vec> Min { get; } = new(new RuleNode(MinRule));
}
