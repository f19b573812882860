using Vjp.Combinators;
using Vjp.Functional;

namespace Vjp.Examples.Digits;

/// <summary>
/// The mini-batch loop of the example, kept in one method so that a library loop can replace it: shuffle
/// the training set, cut it into batches, and step the optimiser on each batch's gradient.
/// </summary>
public static class DigitsMiniBatches
{
    /// <summary>One epoch of mini-batch training; returns the new parameters and state, and the mean of the batches' losses.</summary>
    /// <param name="train">The training set.</param>
    /// <param name="targets">Its one-hot labels (n × 10), row i for image i.</param>
    /// <param name="network">The parameters before the epoch.</param>
    /// <param name="optimiser">The optimiser.</param>
    /// <param name="state">Its state before the epoch.</param>
    /// <param name="batchSize">Images per batch; the last batch holds the remainder.</param>
    /// <param name="random">The source of the shuffle (seeded by the caller).</param>
    /// <param name="lossFor">The batch loss for a batch size (built once per size by the caller).</param>
    public static (DigitsNetwork Network, OptimiserState<DigitsNetwork> State, double MeanLoss) Epoch(
        DigitsData train, Mat targets, DigitsNetwork network, IOptimiser optimiser, OptimiserState<DigitsNetwork> state,
        int batchSize, Random random, Func<int, Diff<(DigitsNetwork Network, Mat Images, Mat Targets), double>> lossFor)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(lossFor);
        var order = Enumerable.Range(0, train.Count).ToArray();
        random.Shuffle(order);
        var total = 0.0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var indices = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
            var batch = train.Take(indices);
            var batchTargets = Rows(targets, indices);
            var (value, gradient) = lossFor(indices.Length).ValueAndGradient((network, batch.Images, batchTargets));
            (network, state) = optimiser.Step(network, gradient.Item1, state);
            total += value * indices.Length;
        }

        return (network, state, total / order.Length);
    }

    private static Mat Rows(Mat m, ReadOnlySpan<int> indices)
    {
        var values = new double[indices.Length * m.Cols];
        for (var i = 0; i < indices.Length; i++)
        {
            m.RowSpan(indices[i]).CopyTo(values.AsSpan(i * m.Cols, m.Cols));
        }

        return Mat.Create(indices.Length, m.Cols, values);
    }
}
