using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vjp.Examples.Runner;

/// <summary>Plain-text table rows (no markup parsing, so brackets in numbers and formulas print as they are).</summary>
public static class TableExtensions
{
    /// <summary>Adds a row of plain-text cells.</summary>
    /// <param name="table">The table.</param>
    /// <param name="cells">The cells' text.</param>
    public static Table AddText(this Table table, params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
    }
}
