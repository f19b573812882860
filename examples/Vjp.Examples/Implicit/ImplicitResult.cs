using Vjp.Functional;

namespace Vjp.Examples.Implicit;

/// <summary>The result of example 5.</summary>
/// <param name="ImplicitGradient">∇L(θ) by implicit differentiation of the fixed point.</param>
/// <param name="FiniteDifferenceGradient">∇L(θ) by central differences, one pair of solves per coordinate.</param>
/// <param name="MaxDifferenceFromFiniteDifferences">max |implicit − finite differences|.</param>
/// <param name="ImplicitAllocatedBytes">Bytes allocated by one implicit value-and-gradient on this thread.</param>
/// <param name="ImplicitRetainedBytes">Bytes its pullback keeps alive.</param>
/// <param name="Unrolled">The unrolled gradients for each K.</param>
public sealed record ImplicitResult(
    Vec ImplicitGradient,
    Vec FiniteDifferenceGradient,
    double MaxDifferenceFromFiniteDifferences,
    double ImplicitAllocatedBytes,
    double ImplicitRetainedBytes,
    IReadOnlyList<UnrolledComparison> Unrolled);
