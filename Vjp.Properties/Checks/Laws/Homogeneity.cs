namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The fixed scalars on which homogeneity, <c>map(c·a) = c·map(a)</c>, is checked besides the random one
/// (|c| in [0.5, 3), either sign): −1, 2¹⁰ and 2⁻¹⁰.
/// </summary>
/// <remarks>
/// A random c of either sign catches a map that is not linear in most ways, but not those that hide on one side
/// or at one scale: a pullback that doubles only where ȳ &lt; 0 is linear on every ray it is probed along unless c
/// flips the sign (then the adjoint identity fails first, and the report blamed the transpose instead of the
/// missing linearity); a pullback that clips ȳ (gradient clipping inside a rule) or zeroes a small ȳ (a
/// "sparsifying" threshold) is homogeneous for every c near 1. c = −1 flips every sign, 2¹⁰ = 1024 and 2⁻¹⁰ leave
/// the scale of a standard normal argument. They are powers of two, so a linear map computed in floating point
/// gives <c>map(c·a) = c·map(a)</c> bit for bit (short of overflow and underflow) however much its result cancels;
/// with 10³ the two sides were rounded differently and a softmax pullback deep in a saturated pipeline differed
/// by 10⁻⁴ relative. They draw nothing from the sample's random stream, so every other law sees the same
/// tangents and cotangents as before.
/// </remarks>
internal static class Homogeneity
{
    /// <summary>The fixed scalars, in the order checked.</summary>
    public static IReadOnlyList<double> Scalars { get; } = [-1, 1024, 1.0 / 1024];

    /// <summary>Whether a failure of <paramref name="kind"/> says that the pullback or the pushforward is not linear.</summary>
    public static bool IsLinearity(RuleCheckKind kind) =>
        kind is RuleCheckKind.PullbackAdditivity or RuleCheckKind.PullbackHomogeneity or RuleCheckKind.PullbackOfZero
            or RuleCheckKind.PushforwardAdditivity or RuleCheckKind.PushforwardHomogeneity or RuleCheckKind.PushforwardOfZero;
}
