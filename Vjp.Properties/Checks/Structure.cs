using Vjp.Functional.Engine;

namespace Vjp.Properties.Checks;

/// <summary>Names of parts in blame paths.</summary>
internal static class Structure
{
    public const string Separator = " ▸ ";

    /// <summary>The first segment of a path: a name given by the user, or what the function is.</summary>
    public static string Root(IDiff f) => f.Kind switch
    {
        DiffKind.Composition => "pipeline",
        DiffKind.Fanout => "fanout",
        _ => f.Name,
    };

    /// <summary>A part as it appears in a path segment.</summary>
    public static string Describe(IDiff f) => f.Kind switch
    {
        DiffKind.Composition => $"pipeline of {f.Parts.Count} stages",
        DiffKind.Fanout => $"fanout of {f.Parts.Count}",
        _ => f.Name,
    };

    /// <summary>Whether the function has parts the checker can evaluate on their own inputs.</summary>
    public static bool IsWalkable(IDiff f) =>
        f.Kind is DiffKind.Composition or DiffKind.Fanout or DiffKind.Named
        || (f.Kind == DiffKind.Primitive && f.Parts.Count > 0);

    /// <summary>Whether blame can descend into the function: it is walkable, or a loop or map with a repeated part.</summary>
    public static bool IsBlameable(IDiff f) => IsWalkable(f) || Repeated(f) is not null;

    /// <summary>The repeated part of a loop or a map (its step, its scalar function), or null for any other function.</summary>
    public static IRepeatedPart? Repeated(IDiff f) => f is RuleNode { Rule: IRepeatedPart repeated } ? repeated : null;
}
