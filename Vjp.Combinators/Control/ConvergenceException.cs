namespace Vjp.Combinators;

/// <summary>
/// Thrown when an iteration does not converge within its budget: a <see cref="Control.FixedPoint{P, X}"/>
/// whose forward iteration (or whose adjoint iteration in the pullback, or tangent iteration in the
/// pushforward) has not met its tolerance after the maximum number of iterations. The message names the
/// function, the iteration count and the last residual norm.
/// </summary>
public sealed class ConvergenceException : ArithmeticException
{
    /// <summary>Creates the exception for <paramref name="function"/>.</summary>
    /// <param name="function">The name of the function iterated.</param>
    /// <param name="phase">What was iterated: the forward solve, the adjoint solve or the tangent solve.</param>
    /// <param name="iterations">The number of iterations taken.</param>
    /// <param name="residual">The norm of the last change, <c>‖xₖ₊₁ − xₖ‖</c>.</param>
    /// <param name="tolerance">The tolerance it had to meet.</param>
    public ConvergenceException(string function, string phase, int iterations, double residual, double tolerance)
        : base(FormattableString.Invariant(
            $"{function}: the {phase} did not converge in {iterations} iterations; the last residual ‖xₖ₊₁ − xₖ‖ = {residual:G4} is above the tolerance {tolerance:G4}·(1 + ‖xₖ₊₁‖). Check that the map is a contraction near the solution, or raise maxIterations."))
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(phase);
        Function = function;
        Iterations = iterations;
        Residual = residual;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ConvergenceException() : base("The iteration did not converge.") => Function = "";

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public ConvergenceException(string message) : base(message) => Function = "";

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConvergenceException(string message, Exception innerException) : base(message, innerException) => Function = "";

    /// <summary>The name of the function iterated.</summary>
    public string Function { get; }

    /// <summary>The number of iterations taken.</summary>
    public int Iterations { get; }

    /// <summary>The norm of the last change.</summary>
    public double Residual { get; }
}
