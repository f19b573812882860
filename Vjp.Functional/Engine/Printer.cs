using System.Globalization;
using System.Text;

namespace Vjp.Functional.Engine;

/// <summary>Prints a structure as a readable expression of its input <c>x</c>.</summary>
internal static class Printer
{
    private const int MaxDepth = 40;
    private const int MaxLength = 2_000;
    private const int LongChain = 12;

    public static string Print(Node node)
    {
        var s = Format(node, "x", 0);
        return s.Length > MaxLength ? s[..MaxLength] + "…" : s;
    }

    /// <summary>A one-word description used in paths and messages.</summary>
    public static string Short(Node node) => node switch
    {
        ThenNode t => $"pipeline of {t.StageCount} stages",
        _ => node.Name,
    };

    private static string Format(Node node, string arg, int depth)
    {
        if (depth > MaxDepth)
        {
            return "…";
        }

        switch (node)
        {
            case IdNode:
                return arg;
            case ConstNode c:
                return c.Value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : $"const {c.OutputSpace.ShapeObject(c.Value)}";
            case ProjectNode p:
                return $"{arg}.{p.Name}";
            case NamedNode n:
                return arg == "x" ? n.Name : $"{n.Name}({arg})";
            case FanoutNode f:
                return "⟨" + string.Join(", ", f.Parts.Select(p => Format(p, arg, depth + 1))) + "⟩";
            case RuleNode r:
                return r.Rule.Format(arg);
            case NaryNode n:
                return n.Rule.Format([.. n.Parts.Select(p => Format(p, arg, depth + 1))]);
            case ThenNode t:
                return FormatChain(t.Stages, arg, depth);
            case VarNode:
                return "v";
            case BindNode b:
                return $"(λv. {Format(b.Body, arg + ".0", depth + 1)})({arg}.1)";
            default:
                return node.Name;
        }
    }

    private static string FormatChain(Node[] stages, string arg, int depth)
    {
        if (stages.Length > LongChain)
        {
            var sb = new StringBuilder();
            sb.Append(arg);
            foreach (var s in stages.Take(4))
            {
                sb.Append(" ▸ ").Append(s.Name);
            }

            sb.Append(" ▸ …");
            foreach (var s in stages.TakeLast(2))
            {
                sb.Append(" ▸ ").Append(s.Name);
            }

            return sb.Append(CultureInfo.InvariantCulture, $" ({stages.Length} stages)").ToString();
        }

        var current = arg;
        for (var i = 0; i < stages.Length; i++)
        {
            // A fan-out into a binary rule reads as the rule of the two branches: mul(a, b) → a * b.
            if (stages[i] is FanoutNode { Parts.Length: 2 } f && i + 1 < stages.Length && stages[i + 1] is RuleNode { Rule.Arity: 2 } r)
            {
                current = r.Rule.Format2(Format(f.Parts[0], current, depth + 1), Format(f.Parts[1], current, depth + 1));
                i++;
            }
            else
            {
                current = Format(stages[i], current, depth + 1);
            }
        }

        return current;
    }
}
