namespace Vjp.Combinators;

/// <summary>
/// Thrown when an optimizer meets a value that is not finite (NaN or ±∞): the loss, its gradient or the
/// parameters at some step of <see cref="Optimizer.Minimize{P}(IOptimizer, Vjp.Functional.Diff{P, double}, P, int)"/>, or the parameters an
/// <see cref="IOptimizer.Step{P}"/> produces. A non-finite step is an error, never a silently returned NaN:
/// the message names the optimizer, the step and the quantity, and says what was not finite.
/// </summary>
/// <remarks>
/// Step 0 is the starting point; step k is the k-th call of <see cref="IOptimizer.Step{P}"/>, and the loss and
/// gradient "at step k" are the ones that step is given. <c>TryMinimize</c> (in the Vjp.LanguageExt package) returns the
/// failure as a value instead.
/// </remarks>
public sealed class NonFiniteException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="optimizer">The optimizer, as its record prints (with its hyper-parameters).</param>
    /// <param name="step">The step: 0 for the starting point, k for the k-th step.</param>
    /// <param name="quantity">What was not finite: <c>loss</c>, <c>gradient</c> or <c>parameters</c>.</param>
    /// <param name="detail">How it was not finite, e.g. <c>the loss is NaN</c>, and what led there.</param>
    public NonFiniteException(string optimizer, int step, string quantity, string detail)
        : base(FormattableString.Invariant($"{Checked(optimizer)}: at step {step}, {Checked(detail)}. {(step == 0 ? "Start from finite parameters inside the loss's domain." : "A non-finite step is an error: lower the learning rate, or start closer to a minimum inside the loss's domain.")}"))
    {
        ArgumentNullException.ThrowIfNull(quantity);
        Optimizer = optimizer;
        Step = step;
        Quantity = quantity;
    }

    private static string Checked(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public NonFiniteException() : base("An optimizer step was not finite.") => (Optimizer, Quantity) = ("", "");

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public NonFiniteException(string message) : base(message) => (Optimizer, Quantity) = ("", "");

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NonFiniteException(string message, Exception innerException) : base(message, innerException) => (Optimizer, Quantity) = ("", "");

    /// <summary>The optimizer, as its record prints.</summary>
    public string Optimizer { get; }

    /// <summary>The step: 0 for the starting point, k for the k-th step.</summary>
    public int Step { get; }

    /// <summary>What was not finite: <c>loss</c>, <c>gradient</c> or <c>parameters</c>.</summary>
    public string Quantity { get; }
}
