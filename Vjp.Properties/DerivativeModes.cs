namespace Vjp.Properties;

/// <summary>Which towers of derivatives <see cref="RuleCheck.CheckOrder{TIn, TOut}(Diff{TIn, TOut}, CsCheck.Gen{TIn}, int, DerivativeModes, RuleCheckOptions?)"/> builds above order 1.</summary>
[Flags]
public enum DerivativeModes
{
    /// <summary>No tower: only order 1 (not accepted by the checks, which need at least one mode).</summary>
    None = 0,

    /// <summary>Forward mode: JVP of JVP, <c>x ↦ J(x)·ẋ₁</c>, then <c>x ↦ D(J·ẋ₁)(x)·ẋ₂</c>, each built from the rules' differentiable pushforwards.</summary>
    Forward = 1,

    /// <summary>Reverse mode: VJP of VJP, <c>x ↦ ∇⟨ȳ₁, f⟩(x) = J(x)ᵀ·ȳ₁</c>, then <c>x ↦ ∇⟨ū₂, ∇⟨ȳ₁, f⟩⟩(x)</c>, each built from the rules' differentiable pullbacks.</summary>
    Reverse = 2,

    /// <summary>Both towers.</summary>
    Both = Forward | Reverse,
}
