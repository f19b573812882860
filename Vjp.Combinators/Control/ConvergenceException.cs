namespace Vjp.Combinators;

/// <summary>
/// Thrown when an iteration does not converge: a <see cref="Control.FixedPoint{P, X}"/> whose forward
/// iteration (or whose adjoint iteration in the pullback, or tangent iteration in the pushforward) has not met
/// its tolerance after the maximum number of iterations, or whose start, iterate or residual is not finite
/// (a diverging map overflows; a NaN cotangent poisons the adjoint solve). The message names the function,
/// the phase, the iteration and the last finite residual norm.
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
        Phase = phase;
        Iterations = iterations;
        Residual = residual;
    }

    /// <summary>Creates the exception for an iteration of <paramref name="function"/> that produced a value that is not finite.</summary>
    /// <param name="function">The name of the function iterated.</param>
    /// <param name="phase">What was iterated: the forward solve, the adjoint solve or the tangent solve.</param>
    /// <param name="iteration">The iteration at which the value was not finite (0: the start).</param>
    /// <param name="lastFiniteResidual">The last finite residual <c>‖xₖ₊₁ − xₖ‖</c>; NaN when there was none.</param>
    /// <param name="what">What was not finite, e.g. <c>the iterate is infinite</c>.</param>
    /// <returns>The exception; its <see cref="Residual"/> is <paramref name="lastFiniteResidual"/>.</returns>
    public static ConvergenceException NotFinite(string function, string phase, int iteration, double lastFiniteResidual, string what)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(what);
        return new(iteration == 0
                ? $"{function}: the {phase} cannot start (iteration 0): {what}, so there is no finite residual. Check the value passed in."
                : FormattableString.Invariant(
                    $"{function}: the {phase} diverged at iteration {iteration}: {what}; {(double.IsNaN(lastFiniteResidual) ? "there was no finite residual before it" : $"the last finite residual ‖xₖ₊₁ − xₖ‖ was {lastFiniteResidual:G4}")}. Check that the map is a contraction near the solution and that the start lies close enough to it."),
            function, phase, iteration, lastFiniteResidual);
    }

    private ConvergenceException(string message, string function, string phase, int iterations, double residual)
        : base(message)
    {
        Function = function;
        Phase = phase;
        Iterations = iterations;
        Residual = residual;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ConvergenceException() : base("The iteration did not converge.") => (Function, Phase) = ("", "");

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public ConvergenceException(string message) : base(message) => (Function, Phase) = ("", "");

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConvergenceException(string message, Exception innerException) : base(message, innerException) => (Function, Phase) = ("", "");

    /// <summary>The name of the function iterated.</summary>
    public string Function { get; }

    /// <summary>What was iterated: the forward, adjoint or tangent iteration (empty for a plain message).</summary>
    public string Phase { get; }

    /// <summary>The number of iterations taken; for a value that was not finite, the iteration that produced it (0: the start).</summary>
    public int Iterations { get; }

    /// <summary>The norm of the last change; for a value that was not finite, the last finite one (NaN when there was none).</summary>
    public double Residual { get; }
}
