using ScottPlot;

namespace Vjp.Examples.Digits;

/// <summary>White paper (0) to dark ink (1), for drawing digit images.</summary>
public sealed class InkColormap : IColormap
{
    /// <inheritdoc/>
    public string Name => "ink";

    /// <inheritdoc/>
    public Color GetColor(double position)
    {
        var shade = (byte)(255 - 225 * Math.Clamp(position, 0, 1));
        return new Color(shade, shade, (byte)Math.Min(255, shade + 10));
    }
}
