namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The fixed scalars on which homogeneity, <c>map(c·a) = c·map(a)</c>, is checked besides the random one
/// (|c| in [0.5, 3), either sign): −1, 10³ and 10⁻³.
/// </summary>
/// <remarks>
/// A random c of either sign catches a map that is not linear in most ways, but not those that hide on one side
/// or at one scale: a pullback that doubles only where ȳ &lt; 0 is linear on every ray it is probed along unless c
/// flips the sign (then the adjoint identity fails first, and the report blamed the transpose instead of the
/// missing linearity); a pullback that clips ȳ (gradient clipping inside a rule) or zeroes a small ȳ (a
/// "sparsifying" threshold) is homogeneous for every c near 1. c = −1 flips every sign, 10³ and 10⁻³ leave the
/// scale of a standard normal argument. They draw nothing from the sample's random stream, so every other law
/// sees the same tangents and cotangents as before.
/// </remarks>
internal static class Homogeneity
{
    /// <summary>The fixed scalars, in the order checked.</summary>
    public static IReadOnlyList<double> Scalars { get; } = [-1, 1e3, 1e-3];

    /// <summary>Whether a failure of <paramref name="kind"/> says that the pullback or the pushforward is not linear.</summary>
    public static bool IsLinearity(RuleCheckKind kind) =>
        kind is RuleCheckKind.PullbackAdditivity or RuleCheckKind.PullbackHomogeneity or RuleCheckKind.PullbackOfZero
            or RuleCheckKind.PushforwardAdditivity or RuleCheckKind.PushforwardHomogeneity or RuleCheckKind.PushforwardOfZero;
}
