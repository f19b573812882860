namespace Vjp.Examples.VjpVersusJvp;

/// <summary>The cost of one operation on <c>f : ℝⁿ → ℝᵐ</c>, averaged over repetitions.</summary>
/// <param name="N">Input dimension.</param>
/// <param name="M">Output dimension.</param>
/// <param name="Operation">What was measured, e.g. <c>one VJP</c>.</param>
/// <param name="Time">Mean wall time per call.</param>
/// <param name="AllocatedBytes">Mean bytes allocated per call on this thread.</param>
public sealed record CostMeasurement(int N, int M, string Operation, TimeSpan Time, double AllocatedBytes);
