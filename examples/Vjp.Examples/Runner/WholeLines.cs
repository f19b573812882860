using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vjp.Examples.Runner;

/// <summary>
/// Printing that never splits an expression, whatever the console width. Spectre.Console wraps text at the
/// console's width by words (80 columns when the output is redirected), so <c>λ = x̄ + (∂g/∂x)ᵀλ</c> could come
/// out broken after the <c>+</c>, and a table cell <c>J by columns (1000 JVPs)</c> inside its parentheses.
/// Here a line breaks only between top-level terms: after a <c>, </c>, <c>; </c>, <c>: </c>, <c>. </c> or a double space
/// outside every bracket (round, square, curly, angle); a term longer than the width is written whole (the terminal may fold it, the text does
/// not). Tables are laid out at their natural width and written whole.
/// </summary>
public static class WholeLines
{
    private const string Open = "([{⟨<";
    private const string Close = ")]}⟩>";

    /// <summary>
    /// <paramref name="text"/> as lines of at most <paramref name="width"/> columns where it can be: broken only after
    /// a top-level <c>, </c>, <c>; </c>, <c>: </c> or double space, the continuation lines indented two spaces more than
    /// the first. A term that does not fit is a line of its own, whole.
    /// </summary>
    /// <param name="text">One line of text (no line breaks).</param>
    /// <param name="width">The console width in columns, at least 1.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Break(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (Columns(text) <= width)
        {
            return [text];
        }

        var indent = text[..(text.Length - text.TrimStart().Length)] + "  ";
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var term in Terms(text))
        {
            if (line.Length > 0 && Columns(line.ToString()) + Columns(term.TrimEnd()) > width)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear().Append(indent).Append(term.TrimStart());
                continue;
            }

            line.Append(term);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }

        return lines;
    }

    /// <summary>The top-level terms of a line, each ending after its separator (the last one with none), in order.</summary>
    /// <param name="text">One line of text.</param>
    /// <returns>The terms; concatenated, they are <paramref name="text"/>.</returns>
    public static IReadOnlyList<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Open.Contains(c, StringComparison.Ordinal))
            {
                depth++;
            }
            else if (Close.Contains(c, StringComparison.Ordinal))
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && i + 1 < text.Length && text[i + 1] == ' ' && (c is ',' or ';' or ':' or '.' or ' ') && i > start)
            {
                // Take the separator and the spaces after it into this term.
                var end = i + 1;
                while (end < text.Length && text[end] == ' ')
                {
                    end++;
                }

                terms.Add(text[start..end]);
                start = end;
                i = end - 1;
            }
        }

        if (start < text.Length)
        {
            terms.Add(text[start..]);
        }

        return terms;
    }

    /// <summary>The columns a line takes: its text elements (a letter with a combining accent is one).</summary>
    /// <param name="text">The text.</param>
    public static int Columns(string text) => new StringInfo(text ?? throw new ArgumentNullException(nameof(text))).LengthInTextElements;

    /// <summary>Writes a line of plain text, broken only between top-level terms (see <see cref="Break"/>).</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The text; each of its lines is broken on its own.</param>
    public static void WriteLineWhole(this IAnsiConsole console, string text) => console.WriteLineWhole(text, Style.Plain);

    /// <summary>Writes a line of plain text in a style, broken only between top-level terms (see <see cref="Break"/>).</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The text; each of its lines is broken on its own.</param>
    /// <param name="style">The style (colour, decoration).</param>
    public static void WriteLineWhole(this IAnsiConsole console, string text, Style style)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(text);
        var width = console.Profile.Width;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n').SelectMany(l => Break(l, width)))
        {
            if (Columns(line) <= width)
            {
                console.Write(new Text(line, style));
                console.WriteLine();
            }
            else
            {
                // Spectre.Console would fold it at the width; the text goes out whole.
                console.Profile.Out.Writer.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// Writes a line of Spectre markup as it is when it fits the width, else its plain text broken only between
    /// top-level terms (see <see cref="Break"/>).
    /// </summary>
    /// <param name="console">The console.</param>
    /// <param name="markup">The markup, one line.</param>
    public static void MarkupLineWhole(this IAnsiConsole console, string markup)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(markup);
        var plain = Markup.Remove(markup);
        if (Columns(plain) <= console.Profile.Width)
        {
            console.MarkupLine(markup);
            return;
        }

        console.WriteLineWhole(plain);
    }

    /// <summary>
    /// Writes a table (or any renderable that does not expand) at its natural width: unchanged when it fits the console,
    /// and otherwise whole, its cells never wrapped.
    /// </summary>
    /// <param name="console">The console.</param>
    /// <param name="renderable">The table.</param>
    public static void WriteWhole(this IAnsiConsole console, IRenderable renderable)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(renderable);
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var wide = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = console.Profile.Capabilities.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = (ColorSystemSupport)(int)console.Profile.Capabilities.ColorSystem,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(buffer),
        });
        wide.Profile.Width = 1000;
        wide.Write(renderable);
        console.Profile.Out.Writer.Write(buffer.ToString());
    }

    /// <summary>An example's heading: a rule across the console with the title, or the title whole when it does not fit.</summary>
    /// <param name="console">The console.</param>
    /// <param name="title">The title, plain text.</param>
    public static void Heading(this IAnsiConsole console, string title)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(title);
        if (Columns(title) + 6 <= console.Profile.Width)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
            return;
        }

        console.WriteLineWhole("── " + title + " ──", new Style(decoration: Decoration.Bold));
    }
}
