namespace Vjp.Examples.VjpVersusJvp;

/// <summary>The measurements of example 2 and the consistency checks that go with them.</summary>
/// <param name="Measurements">Time and bytes per operation and shape.</param>
/// <param name="JacobianBytes">For the largest-input shape with m &gt; 1: the bytes of its m×n Jacobian.</param>
/// <param name="VjpBytes">For the same shape: the bytes one VJP allocated (its result is n doubles).</param>
/// <param name="MaxJacobianRowsMinusColumns">max |J by rows − J by columns| over every shape.</param>
/// <param name="MaxVjpMinusVTJ">max |pullback(v) − vᵀJ| over every shape.</param>
/// <param name="MaxJvpMinusJv">max |pushforward(ẋ) − J ẋ| over every shape.</param>
public sealed record VjpVersusJvpResult(
    IReadOnlyList<CostMeasurement> Measurements,
    long JacobianBytes,
    double VjpBytes,
    double MaxJacobianRowsMinusColumns,
    double MaxVjpMinusVTJ,
    double MaxJvpMinusJv);
