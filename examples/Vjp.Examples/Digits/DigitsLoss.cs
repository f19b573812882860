using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Digits;

/// <summary>
/// The loss of a mini-batch as one <c>Diff</c> of (parameters, images, one-hot labels), built once and used for
/// every batch, whatever its size: L = (1/B) Σᵢ CE(zᵢ, yᵢ) with the logits of the whole batch
/// Z = tanh(X W₁ᵀ + 𝟙b₁ᵀ) W₂ᵀ + 𝟙b₂ᵀ, each layer one <see cref="Layers.Dense{X}(Diff{X, Mat}, Diff{X, Vec}, Diff{X, Mat})"/>
/// on the B × 64 batch (a GEMM on the library's kernels) and the mean cross-entropy from
/// <see cref="Losses.CrossEntropy{X}(Diff{X, Mat}, Diff{X, Mat})"/>.
/// </summary>
/// <remarks>
/// The images and labels are inputs, not constants, so one compiled loss serves every batch;
/// <c>Training.Train</c> differentiates it in the parameters only, so they get no cotangent work.
/// </remarks>
public static class DigitsLoss
{
    /// <summary>The batch loss, as a function of (network, images B × 64, one-hot labels B × 10).</summary>
    public static Diff<(DigitsNetwork Network, Mat Images, Mat Targets), double> Create()
    {
        var (p, images, targets) = Diff.Input<(DigitsNetwork Network, Mat Images, Mat Targets)>();
        var hidden = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), images));   // B × h
        var logits = Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), hidden);          // B × 10
        return Losses.CrossEntropy(logits, targets);
    }
}
