namespace Vjp.Functional;

/// <summary>
/// Thrown when values of incompatible shapes meet: vectors of different lengths, matrices
/// that are not conformable, a cotangent shaped unlike its primal. The message names the
/// operation (or the <see cref="Diff{TIn, TOut}"/> and its path) and both shapes.
/// </summary>
public sealed class ShapeException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="operation"/> with a message describing the shapes.</summary>
    /// <param name="operation">The operation or rule that rejected its arguments, e.g. <c>Vec.Add</c>.</param>
    /// <param name="detail">What did not match, e.g. <c>lengths 3 and 4 differ</c>.</param>
    public ShapeException(string operation, string detail)
        : base($"{operation}: {detail}")
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(detail);
        Operation = operation;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ShapeException() : base("Shapes do not match.") => Operation = "";

    /// <summary>Creates the exception with a plain message.</summary>
    public ShapeException(string message) : base(message) => Operation = "";

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public ShapeException(string message, Exception innerException) : base(message, innerException) => Operation = "";

    /// <summary>The operation or rule that rejected its arguments.</summary>
    public string Operation { get; }
}
