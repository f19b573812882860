using ScottPlot;

namespace Vjp.Examples.Mlp;

/// <summary>A pale blue–white–red colormap, light enough to draw points on.</summary>
public sealed class LightDivergingColormap : IColormap
{
    /// <inheritdoc/>
    public string Name => "light diverging";

    /// <inheritdoc/>
    public Color GetColor(double position)
    {
        var t = Math.Clamp(position, 0, 1);
        // Blue (t = 0) through white (t = ½) to red (t = 1); the band near ½ is the decision boundary.
        (double R, double G, double B) blue = (150, 180, 235), white = (250, 250, 250), red = (240, 160, 150);
        var (from, to, s) = t < 0.5 ? (blue, white, 2 * t) : (white, red, 2 * t - 1);
        return new Color((byte)(from.R + (to.R - from.R) * s), (byte)(from.G + (to.G - from.G) * s), (byte)(from.B + (to.B - from.B) * s));
    }
}
