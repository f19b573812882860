using Vjp.Benchmarks;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The "Vjp batched" rows, on the library's batched API: the loss of a batch as three matrix expressions,
/// <c>H = tanh(X W₁ᵀ + 𝟙b₁ᵀ)</c>, <c>Z = H W₂ᵀ + 𝟙b₂ᵀ</c> (each a <c>Layers.Dense</c> on the B × 784 batch, one GEMM)
/// and the mean cross-entropy <c>Losses.CrossEntropy(Z, Y)</c>, with no term per sample.
/// </summary>
/// <remarks>
/// The gradient form takes the batch as data, <c>Diff&lt;(P, X, Y), double&gt;</c> with one-hot targets Y (the form
/// <c>Training.Train</c> steps), and is differentiated in the parameters only
/// (<see cref="PartialGradients.ValueAndGradientOfFirst{TP, TX, TY}"/>): one compiled <c>Diff</c> serves every call and
/// every batch, and X and Y get no cotangent work. The HVP needs a scalar function of the parameters alone
/// (<c>Diff.Hvp</c> differentiates the whole input, and an HVP of the (P, X, Y) form would also carry the batch's
/// cotangents and tangents), so <see cref="LossAt"/> closes over one batch as constants.
/// </remarks>
public static class MlpBatched
{
    /// <summary>The loss of (parameters, batch B × 784, one-hot targets B × 10), built once.</summary>
    public static Diff<(MlpParams P, Mat X, Mat Y), double> Loss { get; } = Build();

    /// <summary>The one-hot targets of a problem's labels, B × 10.</summary>
    /// <param name="problem">The batch.</param>
    public static Mat Targets(MlpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return MiniBatches.OneHot(problem.Labels, MlpProblem.Classes);
    }

    /// <summary>The same loss as a function of the parameters only, the batch and its labels constants (the form an HVP in P takes).</summary>
    /// <param name="problem">The batch.</param>
    public static Diff<MlpParams, double> LossAt(MlpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = Diff.Input<MlpParams>();
        var hidden = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), Const<MlpParams, Mat>(problem.X)));
        return Losses.CrossEntropy(Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), hidden), problem.Labels);
    }

    private static Diff<(MlpParams P, Mat X, Mat Y), double> Build()
    {
        var (p, x, y) = Diff.Input<(MlpParams P, Mat X, Mat Y)>();
        var hidden = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));   // B × hidden
        return Losses.CrossEntropy(Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), hidden), y);
    }
}
