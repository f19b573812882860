namespace Vjp.Examples.Implicit;

/// <summary>The gradient by backpropagating through K unrolled iterations.</summary>
/// <param name="Steps">K.</param>
/// <param name="DifferenceFromImplicit">max |∇ unrolled − ∇ implicit|.</param>
/// <param name="AllocatedBytes">Bytes allocated by one value-and-gradient on this thread.</param>
/// <param name="RetainedBytes">Bytes the pullback keeps alive (its residuals), measured after a full collection.</param>
public sealed record UnrolledComparison(int Steps, double DifferenceFromImplicit, double AllocatedBytes, double RetainedBytes);
