using Vjp.Functional;

namespace Vjp.Examples.Pinn;

/// <summary>
/// The parameters of <c>u(t) = Σⱼ w₂ⱼ tanh(w₁ⱼ t + b₁ⱼ) + b₂</c>, one hidden layer of tanh units; a
/// record of differentiable fields, so it is itself a vector space.
/// </summary>
/// <param name="W1">Input weights, one per hidden unit.</param>
/// <param name="B1">Hidden biases.</param>
/// <param name="W2">Output weights.</param>
/// <param name="B2">Output bias.</param>
public sealed record PinnNetwork(Vec W1, Vec B1, Vec W2, double B2)
{
    /// <summary>A seeded initialisation with <paramref name="hidden"/> units.</summary>
    /// <param name="hidden">The number of hidden units.</param>
    /// <param name="seed">The random seed.</param>
    public static PinnNetwork Initial(int hidden, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return new(
            Vec.Generate(hidden, _ => Normal()),
            Vec.Generate(hidden, _ => Normal()),
            Vec.Generate(hidden, _ => Normal() / Math.Sqrt(hidden)),
            0);
    }

    /// <summary>The network at plain numbers (no differentiation), u(t) for each t.</summary>
    /// <param name="t">The times.</param>
    public Vec Evaluate(Vec t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var u = Vec.Fill(t.Length, B2);
        for (var j = 0; j < W1.Length; j++)
        {
            var (w1, b1, w2) = (W1[j], B1[j], W2[j]);
            u += t.Map(x => w2 * Math.Tanh(w1 * x + b1));
        }

        return u;
    }
}
