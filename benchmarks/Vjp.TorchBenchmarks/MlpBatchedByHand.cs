using Vjp.Benchmarks;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The secondary "Vjp batched by hand" row, the best batched form before the batched <c>Mat</c> API: the first
/// layer for the whole batch as one matrix product <c>A = W₁ Xᵀ</c> (hidden × B, one GEMM instead of B
/// matrix–vector products), then per sample its column <c>aᵢ = A[:, i]</c> through bias, tanh, the second layer
/// and the cross-entropy. Its tape grows with the batch; <see cref="MlpBatched"/> is the primary row.
/// </summary>
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
