namespace Vjp.Properties;

/// <summary>
/// Thrown by <see cref="RuleCheck.Verify{TIn, TOut}(Diff{TIn, TOut}, CsCheck.Gen{TIn}, RuleCheckOptions?)"/> when a
/// rule breaks one of its laws. The message is the full report (rule and path, input, tangent, cotangent,
/// both sides, errors, tolerance, Taylor order, seed), so a test framework shows it without glue.
/// </summary>
public sealed class RuleCheckException : Exception
{
    /// <summary>Creates the exception for a failed check.</summary>
    /// <param name="result">The result of the check.</param>
    public RuleCheckException(RuleCheckResult result)
        : base(result?.Report ?? "Rule check failed.")
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public RuleCheckException() : base("Rule check failed.") => Result = null;

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public RuleCheckException(string message) : base(message) => Result = null;

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RuleCheckException(string message, Exception innerException) : base(message, innerException) => Result = null;

    /// <summary>The structured result, when the exception comes from a check.</summary>
    public RuleCheckResult? Result { get; }
}
