using Vjp.Functional;

namespace Vjp.Examples.Mlp;

/// <summary>A labelled 2-D data set.</summary>
/// <param name="Points">The points.</param>
/// <param name="Labels">Their classes, 0 or 1.</param>
public sealed record MoonsData(IReadOnlyList<Vec> Points, IReadOnlyList<int> Labels)
{
    /// <summary>
    /// Two interleaved half circles ("two moons"): class 0 on (cos θ, sin θ), class 1 on
    /// (1 − cos θ, ½ − sin θ), θ uniform in [0, π], plus Gaussian noise; seeded.
    /// </summary>
    /// <param name="count">The number of points (half in each class).</param>
    /// <param name="noise">The noise's standard deviation.</param>
    /// <param name="seed">The random seed.</param>
    public static MoonsData Generate(int count, double noise, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var points = new List<Vec>(count);
        var labels = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            var theta = Math.PI * random.NextDouble();
            var (x, y) = label == 0 ? (Math.Cos(theta), Math.Sin(theta)) : (1 - Math.Cos(theta), 0.5 - Math.Sin(theta));
            points.Add(Vec.Of(x + noise * Normal(), y + noise * Normal()));
            labels.Add(label);
        }

        return new(points, labels);
    }

    /// <summary>The fraction of points <paramref name="network"/> classifies correctly.</summary>
    /// <param name="network">The network.</param>
    public double Accuracy(MoonsNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var correct = 0;
        for (var i = 0; i < Points.Count; i++)
        {
            correct += network.Predict(Points[i]) == Labels[i] ? 1 : 0;
        }

        return (double)correct / Points.Count;
    }
}
