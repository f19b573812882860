namespace Vjp.Functional;

/// <summary>Which of a rule's functions was running when it failed; see <see cref="RuleException"/>.</summary>
public enum RulePhase
{
    /// <summary>The forward function <c>x ↦ y</c>.</summary>
    Forward,

    /// <summary>The pullback <c>ȳ ↦ x̄</c>.</summary>
    Pullback,

    /// <summary>The pushforward <c>ẋ ↦ ẏ</c>.</summary>
    Pushforward,
}
