using System.Globalization;

namespace Vjp.Functional;

/// <summary>
/// Thrown when the code of a user-written rule (the forward, pullback or pushforward given to
/// <c>Diff.Create</c>) throws. The message names the rule's path in the composition, the phase and the
/// shapes of the arguments the rule was given; the exception the rule threw is the
/// <see cref="Exception.InnerException"/>.
/// </summary>
/// <remarks>
/// An <see cref="OperationCanceledException"/> (cooperative cancellation) passes through unwrapped, so a
/// caller's cancellation handling still sees it.
/// </remarks>
/// <example>
/// <c>RuleException: The pullback of rule 'boom' threw InvalidOperationException (at model ▸ stage 1 ▸ boom; x: double, y: double, ȳ: double): no pullback today</c>
/// </example>
public sealed class RuleException : Exception
{
    private readonly IReadOnlyList<(string Name, string Shape)> _arguments;

    /// <summary>Creates the exception for the rule at <paramref name="path"/>, failing in <paramref name="phase"/>.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <param name="path">The rule's path in the composition, e.g. <c>model ▸ stage 1 ▸ boom</c>.</param>
    /// <param name="phase">The rule's function that threw.</param>
    /// <param name="arguments">The names and shapes of the arguments it was given.</param>
    /// <param name="innerException">What the rule threw.</param>
    public RuleException(string rule, string path, RulePhase phase, IReadOnlyList<(string Name, string Shape)> arguments, Exception innerException)
        : base(Format(rule, path, phase, arguments, innerException), innerException)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(innerException);
        Rule = rule;
        Path = path;
        Phase = phase;
        _arguments = arguments;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public RuleException() : this("A rule threw.")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public RuleException(string message) : base(message)
    {
        Rule = "";
        Path = "";
        _arguments = [];
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">What the rule threw.</param>
    public RuleException(string message, Exception innerException) : base(message, innerException)
    {
        Rule = "";
        Path = "";
        _arguments = [];
    }

    /// <summary>The rule's name.</summary>
    public string Rule { get; }

    /// <summary>The rule's path in the composition (its name alone when it ran outside one).</summary>
    public string Path { get; }

    /// <summary>The rule's function that threw.</summary>
    public RulePhase Phase { get; }

    /// <summary>The names and shapes of the arguments the rule was given, e.g. <c>("x", "Vec[3]")</c>.</summary>
    public IReadOnlyList<(string Name, string Shape)> Arguments => _arguments;

    /// <summary>The same failure, placed at <paramref name="path"/> (the tape knows where the rule sits; the rule does not).</summary>
    internal RuleException At(string path) => new(Rule, path, Phase, _arguments, InnerException!);

    private static string Format(string? rule, string? path, RulePhase phase, IReadOnlyList<(string Name, string Shape)>? arguments, Exception? inner)
    {
        var args = arguments is null ? "" : string.Join(", ", arguments.Select(a => $"{a.Name}: {a.Shape}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The {phase.ToString().ToLowerInvariant()} of rule '{rule}' threw {inner?.GetType().Name} (at {path}; {args}): {inner?.Message}");
    }
}
