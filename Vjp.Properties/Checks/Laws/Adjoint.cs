using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The adjoint identity <c>⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩</c>: the pullback is the transpose of the pushforward, on
/// <see cref="RuleCheckOptions.AdjointPairs"/> pairs (ẋ, ȳ), the first the sample's own and the others fresh draws.
/// Catches a pullback and a pushforward that disagree (a transposed or conjugated factor, a missing term in one
/// mode), without finite differences, so to rounding precision.
/// </summary>
internal static class Adjoint
{
    /// <summary>Checks the identity at sample <paramref name="s"/> (only for a rule with a pushforward of its own).</summary>
    public static void Check(Sample s)
    {
        var p = s.Point;
        var (dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat) = (p.Dx, p.DxFlat, p.YBar, p.YBarFlat, s.XBarFlat, s.DyFlat);
        for (var k = 0; k < s.Options.AdjointPairs; k++)
        {
            if (k > 0)
            {
                dxFlat = Flat.Gaussian(s.Rng, p.XFlat.Length);
                dx = Flat.Build(p.In, p.X, dxFlat);
                yBarFlat = Flat.Gaussian(s.Rng, p.YFlat.Length);
                yBar = Flat.Build(p.Out, p.Y, yBarFlat);
                if (!s.Calls.Cotangent(p, s.Pullback, yBar, dx, out xBarFlat) || !s.Calls.Tangent(p, s.Pushforward, dx, yBar, out dyFlat))
                {
                    return;
                }
            }

            var left = Flat.Dot(yBarFlat, dyFlat);
            var right = Flat.Dot(xBarFlat, dxFlat);
            var error = Math.Abs(left - right);
            var scale = (Flat.Norm(yBarFlat) * Flat.Norm(dyFlat)) + (Flat.Norm(xBarFlat) * Flat.Norm(dxFlat));
            var bound = s.IdentityTolerance.Bound(scale);
            if (!(error <= bound))
            {
                // Allow the rounding of both maps at these arguments (see Sample.RoundingNoise): their results may cancel.
                // Where the error is a fair part of the pairings themselves, they may be all rounding (a softmax's
                // J·ẋ on tangents of 2·10⁵ whose true sum is 0, the soak's dEMSzoGdk8Z3-Yfg3), and the noise is read on
                // three nudges (as in Linearity); a wrong but linear map cannot hide behind them, as they measure rounding only.
                var thorough = error * 16 >= Math.Max(Math.Abs(left), Math.Abs(right));
                bound += 16 * ((s.RoundingNoise(s.Pullback, yBarFlat, xBarFlat, isPullback: true, thorough) * Flat.Norm(dxFlat))
                    + (s.RoundingNoise(s.Pushforward, dxFlat, dyFlat, isPullback: false, thorough) * Flat.Norm(yBarFlat)));
            }

            if (!(error <= bound))
            {
                s.Calls.Add(s.Calls.Fail(RuleCheckKind.Adjoint, "adjoint identity ⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩ (pushforward against pullback)", dx, yBar) with
                {
                    LeftLabel = "⟨ȳ, pushforward(ẋ)⟩",
                    Left = [left],
                    RightLabel = "⟨pullback(ȳ), ẋ⟩",
                    Right = [right],
                    AbsoluteError = error,
                    RelativeError = Sample.Relative(error, Math.Max(Math.Abs(left), Math.Abs(right))),
                    Tolerance = bound,
                });
                return;
            }
        }
    }
}
