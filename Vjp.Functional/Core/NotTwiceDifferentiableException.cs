namespace Vjp.Functional;

/// <summary>
/// Thrown when a derivative of a derivative is asked of a function containing a rule whose
/// pullback is not itself differentiable — typically a <c>Diff.Create</c> rule written with plain
/// closures. The message names the rule and how to make it twice differentiable.
/// </summary>
public sealed class NotTwiceDifferentiableException : InvalidOperationException
{
    /// <summary>Creates the exception for the rule named <paramref name="rule"/>.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="message">The message.</param>
    public NotTwiceDifferentiableException(string rule, string message) : base(message) => Rule = rule ?? throw new ArgumentNullException(nameof(rule));

    /// <summary>Creates the exception with a plain message.</summary>
    public NotTwiceDifferentiableException() : base("A rule is not twice differentiable.") => Rule = "";

    /// <summary>Creates the exception with a plain message.</summary>
    public NotTwiceDifferentiableException(string message) : base(message) => Rule = "";

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public NotTwiceDifferentiableException(string message, Exception innerException) : base(message, innerException) => Rule = "";

    /// <summary>The name of the rule whose pullback or pushforward is not differentiable.</summary>
    public string Rule { get; }

    internal static NotTwiceDifferentiableException ForLibrary(string rule, string why) => new(
        rule,
        $"'{rule}' does not support derivatives of derivatives: {why} First derivatives through it are exact; " +
        "for a second derivative, write the computation with combinators and primitives that do (the README lists them).");

    internal static NotTwiceDifferentiableException For(string rule) => new(
        rule,
        $"The rule '{rule}' has no differentiable pullback, so derivatives of derivatives cannot pass through it. " +
        $"A rule made with Diff.Create from plain closures is differentiable once. To make '{rule}' twice differentiable, " +
        "build it from differentiable pieces (operators, Fn functions, primitives), declare a scalar rule with " +
        "ScalarPrimitives.Create(name, domain, f, derivative: (x, y) => ...), or pass its pullback (and pushforward) " +
        "as Diff values: Diff.Create(name, forward, pullback: Diff<(TIn, TOut), TIn>, pushforward: Diff<(TIn, TIn), TOut>).");
}
