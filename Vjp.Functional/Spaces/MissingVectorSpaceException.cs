namespace Vjp.Functional;

/// <summary>
/// Thrown when a type is used as the input or output of a <see cref="Diff{TIn, TOut}"/> but has
/// no vector-space instance. The message names the type, the member that is not
/// differentiable (for records) and how to make the type differentiable.
/// </summary>
public sealed class MissingVectorSpaceException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="type"/>.</summary>
    public MissingVectorSpaceException(Type type, string reason)
        : base(Describe(type ?? throw new ArgumentNullException(nameof(type)), reason ?? throw new ArgumentNullException(nameof(reason))))
    {
        MissingType = type;
        Reason = reason;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public MissingVectorSpaceException() : this("The type has no vector-space instance.")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public MissingVectorSpaceException(string message) : base(message)
    {
        MissingType = typeof(object);
        Reason = message;
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public MissingVectorSpaceException(string message, Exception innerException) : base(message, innerException)
    {
        MissingType = typeof(object);
        Reason = message;
    }

    /// <summary>The type without an instance.</summary>
    public Type MissingType { get; }

    /// <summary>Why the type is not differentiable, without the advice (used to nest reasons for members of records and tuples).</summary>
    internal string Reason { get; }

    private static string Describe(Type type, string reason) =>
        $"Type '{SpaceResolver.Pretty(type)}' is not differentiable: {reason}. " +
        "Differentiable types are double, Vec, Mat, ImmutableArray<T> and value tuples of differentiable types, and records " +
        "(or classes) whose public constructor parameters are all differentiable and exposed as properties " +
        "of the same name. To use another type, mark it [VectorSpace(typeof(MySpace))] where MySpace " +
        $"derives from VectorSpace<{SpaceResolver.Pretty(type)}> and has a public parameterless constructor.";
}
