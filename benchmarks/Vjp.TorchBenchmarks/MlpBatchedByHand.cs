using Vjp.Benchmarks;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The "Vjp batched" row, in today's API: the first layer for the whole batch as one matrix product
/// <c>A = W₁ Xᵀ</c> (hidden × B, one GEMM instead of B matrix–vector products), then per sample its column
/// <c>aᵢ = A[:, i]</c> through bias, tanh, the second layer and the cross-entropy.
/// </summary>
/// <remarks>
/// This is the one place to switch to the batched <c>Mat</c> expression API when it lands
/// (<c>Layers.Dense(w, b, Diff&lt;X, Mat&gt; x)</c> = X Wᵀ + 1bᵀ, <c>Fn.Tanh(Diff&lt;X, Mat&gt;)</c>,
/// <c>Losses.CrossEntropy(Diff&lt;X, Mat&gt; logits, int[] labels)</c>): the whole loss becomes three matrix
/// expressions and no per-sample terms.
/// </remarks>
public static class MlpBatchedByHand
{
    /// <summary>The loss as a function of the parameters, for a fixed batch.</summary>
    /// <param name="problem">The batch.</param>
    public static Diff<MlpParams, double> Loss(MlpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = Diff.Input<MlpParams>();
        var a = p.Get(m => m.W1) * Const<MlpParams, Mat>(problem.XTransposed);   // W₁ Xᵀ, hidden × B
        var b1 = p.Get(m => m.B1);
        var w2 = p.Get(m => m.W2);
        var b2 = p.Get(m => m.B2);
        var terms = new List<Diff<MlpParams, double>>(problem.Batch);
        for (var i = 0; i < problem.Batch; i++)
        {
            var h = Tanh(a.Then(MatPrimitives.Column(i)) + b1);
            terms.Add(Losses.CrossEntropy(Layers.Dense(w2, b2, h), problem.Labels[i], MlpProblem.Classes));
        }

        return MlpPerSample.SumPairwise(terms) / problem.Batch;
    }
}
