using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>
/// Mini-batches of a data set: the rows of a data matrix (one sample per row) shuffled with a caller-given seed
/// and cut into batches of B rows, with the matching labels or target rows. Pure functions of their arguments:
/// the same seed gives the same batches.
/// </summary>
/// <example>
/// <code>
/// foreach (var (x, y) in MiniBatches.Of(images, labels, batchSize: 64, seed: 1))
///     total += loss(x, y);
/// </code>
/// </example>
public static class MiniBatches
{
    /// <summary>
    /// One epoch of mini-batches: the rows of <paramref name="data"/> in the order of a Fisher–Yates shuffle by
    /// <c>System.Random(seed)</c>, cut into batches of <paramref name="batchSize"/> rows (the last one smaller when
    /// B does not divide the row count), each with the labels of its rows.
    /// </summary>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">One label per row.</param>
    /// <param name="batchSize">The number of rows B per batch, at least 1.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The batches, each (X, labels) with X of shape B×n.</returns>
    /// <exception cref="ShapeException">When the number of labels is not the number of rows.</exception>
    public static IEnumerable<(Mat X, int[] Labels)> Of(Mat data, int[] labels, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (labels.Length != data.Rows)
        {
            throw new ShapeException("MiniBatches.Of", $"{labels.Length} labels for data Mat[{data.Rows}×{data.Cols}] (it needs one label per row)");
        }

        return Batches(data.Rows, batchSize, seed).Select(rows => (Gather(data, rows), rows.Select(r => labels[r]).ToArray()));
    }

    /// <summary>
    /// One epoch of mini-batches of a data matrix and a target matrix with one target row per sample (regression
    /// targets, or one-hot rows from <see cref="OneHot"/>): the rows of both in the order of a Fisher–Yates shuffle by
    /// <c>System.Random(seed)</c>, cut into batches of <paramref name="batchSize"/> rows (the last one smaller when
    /// B does not divide the row count).
    /// </summary>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="targets">The targets, one row per sample.</param>
    /// <param name="batchSize">The number of rows B per batch, at least 1.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The batches, each (X, Y) with the same B rows of each.</returns>
    /// <exception cref="ShapeException">When the two matrices differ in row count.</exception>
    public static IEnumerable<(Mat X, Mat Y)> Of(Mat data, Mat targets, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (targets.Rows != data.Rows)
        {
            throw new ShapeException("MiniBatches.Of", $"targets Mat[{targets.Rows}×{targets.Cols}] for data Mat[{data.Rows}×{data.Cols}] (it needs one target row per sample)");
        }

        return Batches(data.Rows, batchSize, seed).Select(rows => (Gather(data, rows), Gather(targets, rows)));
    }

    /// <summary>The one-hot rows of class labels: row i is e_{labels[i]} ∈ ℝ^classes.</summary>
    /// <param name="labels">The labels, each in [0, classes).</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>A labels.Length × classes matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes).</exception>
    public static Mat OneHot(int[] labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var values = new double[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"MiniBatches.OneHot: label {i} is {labels[i]}, outside [0, {classes}).");
            }

            values[i * classes + labels[i]] = 1;
        }

        return Mat.Create(labels.Length, classes, values);
    }

    /// <summary>The row indices of each batch of one epoch.</summary>
    internal static IEnumerable<int[]> Batches(int rows, int batchSize, int seed)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        for (var start = 0; start < rows; start += batchSize)
        {
            yield return order[start..Math.Min(rows, start + batchSize)];
        }
    }

    /// <summary>The matrix of the given rows of <paramref name="m"/>, in order.</summary>
    internal static Mat Gather(Mat m, int[] rows)
    {
        var values = GC.AllocateUninitializedArray<double>(rows.Length * m.Cols);
        for (var i = 0; i < rows.Length; i++)
        {
            m.RowSpan(rows[i]).CopyTo(values.AsSpan(i * m.Cols, m.Cols));
        }

        return Mat.Wrap(rows.Length, m.Cols, values);
    }
}
