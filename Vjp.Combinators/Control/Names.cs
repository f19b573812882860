using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>Short readable names of sub-functions, for the names of combinators over them.</summary>
internal static class Names
{
    private const int MaxLength = 60;

    public static string Of(Node node)
    {
        var s = Printer.Print(node);
        return s.Length <= MaxLength ? s : s[..(MaxLength - 1)] + "…";
    }
}
