using Vjp.Functional;

namespace Vjp.Examples.WorkedExample;

/// <summary>The numbers of the worked example.</summary>
/// <param name="Value">f(1, 2) = [3, sin 1, 2].</param>
/// <param name="Jacobian">J(1, 2), materialised.</param>
/// <param name="VjpByPullback">The pullback applied to v, no Jacobian formed: [6 − cos 1, 3].</param>
/// <param name="VjpByJacobian">vᵀJ from the materialised Jacobian.</param>
/// <param name="Jvp">J·ẋ for ẋ = (1, 0).</param>
/// <param name="AdjointLeft">⟨v, J ẋ⟩.</param>
/// <param name="AdjointRight">⟨Jᵀv, ẋ⟩.</param>
public sealed record WorkedExampleResult(
    Vec Value, Mat Jacobian, Vec VjpByPullback, Vec VjpByJacobian, Vec Jvp, double AdjointLeft, double AdjointRight);
