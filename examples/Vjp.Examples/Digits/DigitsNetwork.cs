using Vjp.Functional;

namespace Vjp.Examples.Digits;

/// <summary>
/// The parameters of the two-layer classifier <c>x ↦ W₂ tanh(W₁ x + b₁) + b₂</c> from 64 pixels to 10 logits,
/// as a record of matrices and vectors (a vector space by derivation: gradients come back as this record).
/// </summary>
/// <param name="W1">Hidden weights, h × 64.</param>
/// <param name="B1">Hidden biases, h.</param>
/// <param name="W2">Output weights, 10 × h.</param>
/// <param name="B2">Output biases, 10.</param>
public sealed record DigitsNetwork(Mat W1, Vec B1, Mat W2, Vec B2)
{
    /// <summary>A seeded Glorot-uniform initialisation with <paramref name="hidden"/> units and zero biases.</summary>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="seed">The seed.</param>
    public static DigitsNetwork Initial(int hidden, int seed)
    {
        var random = new Random(seed);
        double Uniform(double a) => a * (2 * random.NextDouble() - 1);
        double a1 = Math.Sqrt(6.0 / (DigitsData.Pixels + hidden)), a2 = Math.Sqrt(6.0 / (hidden + DigitsData.Classes));
        return new(
            Mat.Generate(hidden, DigitsData.Pixels, (_, _) => Uniform(a1)), Vec.Zeros(hidden),
            Mat.Generate(DigitsData.Classes, hidden, (_, _) => Uniform(a2)), Vec.Zeros(DigitsData.Classes));
    }

    /// <summary>The logits of every image, with plain numbers: <c>Z = tanh(X W₁ᵀ + 1b₁ᵀ) W₂ᵀ + 1b₂ᵀ</c>, n × 10.</summary>
    /// <param name="images">The images, n × 64.</param>
    public Mat Logits(Mat images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var h = AddRowwise(Mat.MatMulTransposeB(images, W1), B1);
        h = Mat.Generate(h.Rows, h.Cols, (i, j) => Math.Tanh(h[i, j]));
        return AddRowwise(Mat.MatMulTransposeB(h, W2), B2);
    }

    /// <summary>The mean cross-entropy and the accuracy on a data set, with plain numbers.</summary>
    /// <param name="data">The data.</param>
    public (double Loss, double Accuracy, int[] Predicted) Evaluate(DigitsData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var z = Logits(data.Images);
        var loss = 0.0;
        var correct = 0;
        var predicted = new int[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var row = z.RowSpan(i);
            var best = 0;
            var max = row[0];
            for (var j = 1; j < row.Length; j++)
            {
                if (row[j] > max)
                {
                    (best, max) = (j, row[j]);
                }
            }

            var sum = 0.0;
            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            loss += max + Math.Log(sum) - row[data.Labels[i]];
            predicted[i] = best;
            correct += best == data.Labels[i] ? 1 : 0;
        }

        return (loss / data.Count, (double)correct / data.Count, predicted);
    }

    private static Mat AddRowwise(Mat a, Vec b) => Mat.Generate(a.Rows, a.Cols, (i, j) => a[i, j] + b[j]);
}
