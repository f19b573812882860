using System.Numerics.Tensors;
using Vjp.Benchmarks;
using Vjp.Functional;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The loss and its gradient written by hand on Vjp's <c>Mat</c> kernels (the three GEMM variants and
/// <see cref="TensorPrimitives"/>), batch-major as a framework does it: the floor the library's rows are
/// compared against.
/// </summary>
public static class MlpByHand
{
    /// <summary>
    /// Forward: Z₁ = X W₁ᵀ + 1b₁ᵀ, H = tanh Z₁, Z₂ = H W₂ᵀ + 1b₂ᵀ, L = (1/B) Σᵢ lse(Z₂ᵢ) − Z₂ᵢ,yᵢ.
    /// Backward: G₂ = (softmax Z₂ − Y)/B, W̄₂ = G₂ᵀ H, b̄₂ = G₂ᵀ1, G₁ = (G₂ W₂) ⊙ (1 − H²), W̄₁ = G₁ᵀ X, b̄₁ = G₁ᵀ1.
    /// </summary>
    /// <param name="p">The parameters.</param>
    /// <param name="x">The batch, B × 784.</param>
    /// <param name="labels">The labels.</param>
    public static (double Value, MlpParams Gradient) ValueAndGradient(MlpParams p, Mat x, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        int batch = x.Rows, hidden = p.W1.Rows, classes = p.W2.Rows;

        // The kernels behind Mat.MatMul / MatMulTransposeA / MatMulTransposeB, on arrays this method owns, so
        // elementwise steps work in place as a hand-written kernel would.
        var hValues = new double[batch * hidden];
        LinearKernels.MatMulTransposeB(x.AsSpan(), p.W1.AsSpan(), hValues, batch, x.Cols, hidden);   // X W₁ᵀ, B × hidden
        for (var i = 0; i < batch; i++)
        {
            var row = hValues.AsSpan(i * hidden, hidden);
            TensorPrimitives.Add(row, p.B1.AsSpan(), row);
            TensorPrimitives.Tanh(row, row);
        }

        var g2 = new double[batch * classes];
        LinearKernels.MatMulTransposeB(hValues, p.W2.AsSpan(), g2, batch, hidden, classes);          // H W₂ᵀ, B × classes
        var value = 0.0;
        for (var i = 0; i < batch; i++)
        {
            // softmax(zᵢ) − e_yᵢ, scaled by 1/B, in place over the logits.
            var row = g2.AsSpan(i * classes, classes);
            TensorPrimitives.Add(row, p.B2.AsSpan(), row);
            var max = TensorPrimitives.Max<double>(row);
            var label = row[labels[i]];
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            var sum = TensorPrimitives.Sum<double>(row);
            value += max + Math.Log(sum) - label;
            TensorPrimitives.Multiply(row, 1 / (sum * batch), row);
            row[labels[i]] -= 1.0 / batch;
        }

        var w2Bar = new double[classes * hidden];
        LinearKernels.MatMulTransposeA(g2, hValues, w2Bar, classes, batch, hidden);                  // G₂ᵀ H
        var b2Bar = ColumnSums(g2, batch, classes);
        var g1 = new double[batch * hidden];
        LinearKernels.MatMul(g2, p.W2.AsSpan(), g1, batch, classes, hidden);                         // G₂ W₂
        for (var i = 0; i < g1.Length; i++)
        {
            var t = hValues[i];
            g1[i] *= 1 - t * t;
        }

        var w1Bar = new double[hidden * x.Cols];
        LinearKernels.MatMulTransposeA(g1, x.AsSpan(), w1Bar, hidden, batch, x.Cols);                // G₁ᵀ X
        var b1Bar = ColumnSums(g1, batch, hidden);
        return (value / batch, new MlpParams(Mat.Wrap(hidden, x.Cols, w1Bar), b1Bar, Mat.Wrap(classes, hidden, w2Bar), b2Bar));
    }

    private static Vec ColumnSums(double[] values, int rows, int cols)
    {
        var sums = new double[cols];
        for (var i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(sums, values.AsSpan(i * cols, cols), sums);
        }

        return Vec.Wrap(sums);
    }
}
