using Vjp.Benchmarks;
using Vjp.Functional;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// One instance of the benchmark's classifier: a 784 → hidden tanh → 10 perceptron, a fixed batch of inputs in
/// [0, 1]⁷⁸⁴ (MNIST-sized) with labels, parameters at a 1/√fan-in initialisation, and a direction in parameter
/// space for Hessian–vector products; everything seeded. The loss is the mean softmax cross-entropy
/// L(W₁, b₁, W₂, b₂) = (1/B) Σᵢ [lse(zᵢ) − zᵢ,yᵢ], zᵢ = W₂ tanh(W₁ xᵢ + b₁) + b₂.
/// </summary>
public sealed class MlpProblem
{
    /// <summary>Input features (28 × 28 pixels).</summary>
    public const int Inputs = 784;

    /// <summary>Classes.</summary>
    public const int Classes = 10;

    private MlpProblem(int hidden, int batch, Mat x, int[] labels, MlpParams parameters, MlpParams direction)
    {
        Hidden = hidden;
        Batch = batch;
        X = x;
        Labels = labels;
        Parameters = parameters;
        Direction = direction;
        XTransposed = x.Transpose();
        Samples = Enumerable.Range(0, batch).Select(x.Row).ToArray();
    }

    /// <summary>Hidden units.</summary>
    public int Hidden { get; }

    /// <summary>Samples in the batch.</summary>
    public int Batch { get; }

    /// <summary>The batch, one sample per row (B × 784).</summary>
    public Mat X { get; }

    /// <summary>Xᵀ (784 × B), for the batched-by-hand form W₁ Xᵀ.</summary>
    public Mat XTransposed { get; }

    /// <summary>The samples as vectors, for the per-sample form.</summary>
    public IReadOnlyList<Vec> Samples { get; }

    /// <summary>The labels, 0 … 9.</summary>
    public int[] Labels { get; }

    /// <summary>The point at which gradients are taken.</summary>
    public MlpParams Parameters { get; }

    /// <summary>The direction v of the Hessian–vector products H v.</summary>
    public MlpParams Direction { get; }

    /// <summary>A seeded problem.</summary>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="seed">The seed.</param>
    public static MlpProblem Create(int hidden, int batch, int seed)
    {
        var random = new Random(seed);
        var x = Mat.Generate(batch, Inputs, (_, _) => random.NextDouble());
        var labels = Enumerable.Range(0, batch).Select(_ => random.Next(Classes)).ToArray();
        return new(hidden, batch, x, labels, RandomParams(hidden, random), RandomParams(hidden, random));
    }

    private static MlpParams RandomParams(int hidden, Random random)
    {
        double Uniform(double a) => a * (2 * random.NextDouble() - 1);
        double a1 = 1 / Math.Sqrt(Inputs), a2 = 1 / Math.Sqrt(hidden);
        return new(
            Mat.Generate(hidden, Inputs, (_, _) => Uniform(a1)), Vec.Generate(hidden, _ => Uniform(a1)),
            Mat.Generate(Classes, hidden, (_, _) => Uniform(a2)), Vec.Generate(Classes, _ => Uniform(a2)));
    }

    /// <summary>The parameters as flat arrays (W₁, b₁, W₂, b₂), row-major, for TorchSharp and for checks.</summary>
    /// <param name="p">The parameters.</param>
    public static double[][] Flatten(MlpParams p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return [p.W1.AsSpan().ToArray(), p.B1.ToArray(), p.W2.AsSpan().ToArray(), p.B2.ToArray()];
    }
}
