namespace Vjp.Properties;

/// <summary>Which law of a differentiation rule a failure breaks.</summary>
public enum RuleCheckKind
{
    /// <summary>The value returned with the pullback (or pushforward) differs from <c>Invoke(x)</c>.</summary>
    Primal,

    /// <summary>The pushforward <c>J·ẋ</c> disagrees with central finite differences of <c>f</c> along <c>ẋ</c>.</summary>
    PushforwardVsFiniteDifferences,

    /// <summary>The pullback disagrees with finite differences: <c>⟨ȳ, (f(x + hẋ) − f(x − hẋ))/2h⟩ ≠ ⟨pullback(ȳ), ẋ⟩</c>.</summary>
    PullbackVsFiniteDifferences,

    /// <summary>The adjoint identity <c>⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩</c> fails: the pullback is not the transpose of the pushforward.</summary>
    Adjoint,

    /// <summary>The pullback is not additive: <c>pullback(ȳ₁ + ȳ₂) ≠ pullback(ȳ₁) + pullback(ȳ₂)</c>.</summary>
    PullbackAdditivity,

    /// <summary>The pullback is not homogeneous: <c>pullback(c·ȳ) ≠ c·pullback(ȳ)</c>.</summary>
    PullbackHomogeneity,

    /// <summary>A zero cotangent does not pull back to zero.</summary>
    PullbackOfZero,

    /// <summary>The pushforward is not additive.</summary>
    PushforwardAdditivity,

    /// <summary>The pushforward is not homogeneous.</summary>
    PushforwardHomogeneity,

    /// <summary>A zero tangent does not push forward to zero.</summary>
    PushforwardOfZero,

    /// <summary>Two calls of the same pullback (or pushforward) with the same argument differ, bit for bit.</summary>
    Determinism,

    /// <summary>A composition's pullback (or pushforward) differs from its parts' pullbacks applied in reverse (pushforwards in order).</summary>
    ChainRule,

    /// <summary>The Taylor remainder <c>‖f(x + h·ẋ) − f(x) − h·J·ẋ‖</c> does not shrink like <c>h²</c>.</summary>
    TaylorOrder,

    /// <summary>The cotangent is not shaped like the input, or the tangent not like the output.</summary>
    Structure,

    /// <summary>The pullback or pushforward returned NaN or ∞ where <c>f</c> is finite.</summary>
    NonFinite,

    /// <summary>The rule threw an exception at a generated point.</summary>
    Exception,

    /// <summary>No generated point could be checked: every value of <c>f</c> was NaN or ∞.</summary>
    NoValidSamples,

    /// <summary>A result changed after it was returned: a later call of the rule (on another argument) overwrote a buffer the result shares, e.g. a pullback returning the same <c>Vec</c> on every call.</summary>
    Aliasing,

    /// <summary>The rule changed an argument it was given: the input x, the value y, the cotangent ȳ or the tangent ẋ.</summary>
    Mutation,

    /// <summary>Called from several threads at once, the rule gave other results than serially (or threw): it shares mutable state between calls.</summary>
    Concurrency,

    /// <summary>The measured pullback (or pushforward) time exceeds <see cref="RuleCheckOptions.MaxCostRatio"/> times the forward pass (only when that bound is set).</summary>
    Cost,

    /// <summary>For a small rule that failed against finite differences: the Jacobian entry J[i, j] that is wrong (compared entry by entry, as PyTorch's gradcheck does).</summary>
    JacobianEntry,
}
