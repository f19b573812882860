using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Digits;

/// <summary>
/// The mini-batch loss as one <c>Diff</c> of (parameters, images, one-hot labels), built once per batch size
/// and reused for every batch: L = (1/B) Σᵢ CE(W₂ tanh(aᵢ + b₁) + b₂, yᵢ), where aᵢ is column i of
/// A = W₁ Xᵀ, the first layer of the whole batch as one matrix product.
/// </summary>
/// <remarks>
/// The batch is "batched by hand" in today's API: one product for the first layer, then a term per image
/// (its column of A, bias, tanh, second layer, cross-entropy). This is the one method to switch to the
/// batched <c>Mat</c> expression API (<c>Layers.Dense(w, b, Diff&lt;X, Mat&gt;)</c>, <c>Fn.Tanh</c> of a
/// matrix, <c>Losses.CrossEntropy(logits, labels)</c>) when it lands. The images and labels are data:
/// <c>StopGradient</c> keeps the sweep from computing cotangents for them.
/// </remarks>
public static class DigitsBatchLoss
{
    /// <summary>The loss of a batch of <paramref name="batchSize"/> images, as a function of (network, images B × 64, one-hot labels B × 10).</summary>
    /// <param name="batchSize">The number of images in a batch.</param>
    public static Diff<(DigitsNetwork Network, Mat Images, Mat Targets), double> Create(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var (p, images, targets) = Diff.Input<(DigitsNetwork, Mat, Mat)>();
        var x = images.StopGradient();
        var y = targets.StopGradient();
        var a = p.Get(m => m.W1) * Transpose(x);                        // W₁ Xᵀ, h × B
        var b1 = p.Get(m => m.B1);
        var w2 = p.Get(m => m.W2);
        var b2 = p.Get(m => m.B2);
        var terms = new List<Diff<(DigitsNetwork, Mat, Mat), double>>(batchSize);
        for (var i = 0; i < batchSize; i++)
        {
            var h = Tanh(a.Then(MatPrimitives.Column(i)) + b1);
            terms.Add(Losses.CrossEntropy(Layers.Dense(w2, b2, h), y.Then(MatPrimitives.Row(i))));
        }

        return Mlp.MlpRun.SumPairwise(terms) / batchSize;
    }
}
