using Vjp.Functional;

namespace Vjp.Examples.Mlp;

/// <summary>
/// The parameters of a two-layer network <c>x ↦ W₂ tanh(W₁ x + b₁) + b₂</c> from ℝ² to two logits, as a
/// record of matrices and vectors (a vector space by derivation, so gradients come back as this record).
/// </summary>
/// <param name="W1">Hidden weights, h×2.</param>
/// <param name="B1">Hidden biases, h.</param>
/// <param name="W2">Output weights, 2×h.</param>
/// <param name="B2">Output biases, 2.</param>
public sealed record MoonsNetwork(Mat W1, Vec B1, Mat W2, Vec B2)
{
    /// <summary>A seeded Glorot-style initialisation with <paramref name="hidden"/> units.</summary>
    /// <param name="hidden">The number of hidden units.</param>
    /// <param name="seed">The random seed.</param>
    public static MoonsNetwork Initial(int hidden, int seed)
    {
        var random = new Random(seed);
        double Uniform(double a) => a * (2 * random.NextDouble() - 1);
        var a1 = Math.Sqrt(6.0 / (2 + hidden));
        var a2 = Math.Sqrt(6.0 / (hidden + 2));
        return new(Mat.Generate(hidden, 2, (_, _) => Uniform(a1)), Vec.Zeros(hidden), Mat.Generate(2, hidden, (_, _) => Uniform(a2)), Vec.Zeros(2));
    }

    /// <summary>The logits at a point, with plain numbers.</summary>
    /// <param name="x">The point in ℝ².</param>
    public Vec Logits(Vec x) => W2 * (W1 * x + B1).Map(Math.Tanh) + B2;

    /// <summary>The predicted class at a point (0 or 1).</summary>
    /// <param name="x">The point.</param>
    public int Predict(Vec x)
    {
        var z = Logits(x);
        return z[1] > z[0] ? 1 : 0;
    }

    /// <summary>The probability of class 1, softmax(z)₁ = σ(z₁ − z₀).</summary>
    /// <param name="x">The point.</param>
    public double ProbabilityOfOne(Vec x)
    {
        var z = Logits(x);
        return 1 / (1 + Math.Exp(z[0] - z[1]));
    }
}
