using Vjp.Functional.Engine;

namespace Vjp.Properties.Checks;

/// <summary>Names of parts in blame paths.</summary>
internal static class Structure
{
    public const string Separator = " ▸ ";

    /// <summary>The first segment of a path: a name given by the user, or what the function is.</summary>
    public static string Root(IDiff f) => f.Kind switch
    {
        DiffKind.Composition or DiffKind.Fanout or DiffKind.Primitive when RangeVariables(f).Count > 0 => "query",
        DiffKind.Composition => "pipeline",
        DiffKind.Fanout => "fanout",
        _ => f.Name,
    };

    /// <summary>A part as it appears in a path segment.</summary>
    public static string Describe(IDiff f) => f switch
    {
        NamedNode { Clause: { } clause } => $"{clause} {f.Name}",
        _ => DescribeKind(f),
    };

    private static string DescribeKind(IDiff f) => f.Kind switch
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

    /// <summary>
    /// The range variables of LINQ queries in <paramref name="f"/> that run on f's own input (reached through the first
    /// stage of compositions, fan-out branches, n-ary arguments and named bodies), each after those it is built from.
    /// </summary>
    public static IReadOnlyList<IDiff> RangeVariables(IDiff f)
    {
        var found = new List<IDiff>();
        var seen = new HashSet<IDiff>(ReferenceEqualityComparer.Instance);

        // Post-order over input-preserving positions, iteratively (a long chain is deep only in its stages, never here).
        var stack = new Stack<(IDiff Node, bool Expanded)>();
        stack.Push((f, false));
        while (stack.Count > 0)
        {
            var (n, expanded) = stack.Pop();
            if (expanded)
            {
                if (!ReferenceEquals(n, f) && n is NamedNode { Clause: not null })
                {
                    found.Add(n);
                }

                continue;
            }

            if (!seen.Add(n))
            {
                continue;
            }

            stack.Push((n, true));
            var parts = n.Kind switch
            {
                DiffKind.Composition => n.Parts.Count > 0 ? [n.Parts[0]] : [],
                DiffKind.Fanout or DiffKind.Named => n.Parts,
                DiffKind.Primitive => n.Parts,
                _ => [],
            };
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                stack.Push((parts[i], false));
            }
        }

        return found;
    }
}
