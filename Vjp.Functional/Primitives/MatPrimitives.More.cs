using Vjp.Functional.Engine;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>The entrywise liftings to matrices of atan2, hypot, max and min.</summary>
public static partial class MatPrimitives
{
    internal static readonly MatZipRule Atan2Rule = new(V.Atan2Rule);
    internal static readonly MatZipRule HypotRule = new(V.HypotRule);
    internal static readonly MatZipRule MaxRule = new(V.MaxRule);
    internal static readonly MatZipRule MinRule = new(V.MinRule);

    /// <summary>Entrywise two-argument arctangent Yᵢⱼ = atan2(Aᵢⱼ, Bᵢⱼ) of matrices of one shape; see <see cref="ScalarPrimitives.Atan2"/>.</summary>
    public static Diff<(Mat A, Mat B), Mat> Atan2 { get; } = new(new RuleNode(Atan2Rule));

    /// <summary>Entrywise hypotenuse Yᵢⱼ = √(Aᵢⱼ² + Bᵢⱼ²) without overflow; see <see cref="ScalarPrimitives.Hypot"/>.</summary>
    public static Diff<(Mat A, Mat B), Mat> Hypot { get; } = new(new RuleNode(HypotRule));

    /// <summary>Entrywise maximum Yᵢⱼ = max(Aᵢⱼ, Bᵢⱼ), ½ of Ȳᵢⱼ to each at a tie; see <see cref="ScalarPrimitives.Max"/>.</summary>
    public static Diff<(Mat A, Mat B), Mat> Max { get; } = new(new RuleNode(MaxRule));

    /// <summary>Entrywise minimum Yᵢⱼ = min(Aᵢⱼ, Bᵢⱼ), ½ of Ȳᵢⱼ to each at a tie; see <see cref="ScalarPrimitives.Min"/>.</summary>
    public static Diff<(Mat A, Mat B), Mat> Min { get; } = new(new RuleNode(MinRule));
}
