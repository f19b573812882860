using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>
/// Mini-batch training: the batch is an input of the loss, not a constant, so one compiled loss serves every
/// batch. The loss is a <c>Diff&lt;(P Params, Mat X, Mat Y), double&gt;</c> over the parameters and a batch (X, one
/// sample per row; Y, its targets or one-hot labels), and each step differentiates it with respect to the
/// parameters only (<see cref="PartialGradients.ValueAndGradientOfFirst{TP, TX, TY}"/>): the batch gets no
/// cotangent work.
/// </summary>
/// <example>
/// <code>
/// var (p, x, y) = Diff.Input&lt;(Mlp P, Mat X, Mat Y)&gt;();
/// var h = Fn.Tanh(Layers.Dense(p.Get(m =&gt; m.W1), p.Get(m =&gt; m.B1), x));
/// var loss = Losses.CrossEntropy(Layers.Dense(p.Get(m =&gt; m.W2), p.Get(m =&gt; m.B2), h), y);
/// var result = new Adam(LearningRate: 1e-3).Train(loss, p0, images, MiniBatches.OneHot(labels, 10), batchSize: 64, epochs: 5, seed: 1);
/// </code>
/// </example>
public static class Training
{
    /// <summary>
    /// Trains by <paramref name="epochs"/> passes over the data: each epoch shuffles the rows (seeded, see
    /// <see cref="MiniBatches.Of(Mat, Mat, int, int)"/>) and takes one optimizer step per batch on the gradient
    /// ∇ₚ loss(p, X, Y).
    /// </summary>
    /// <typeparam name="P">The parameter type (a record of matrices and vectors).</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss of the parameters on a batch (X, Y).</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="targets">The targets, one row per sample.</param>
    /// <param name="batchSize">The rows per batch, at least 1.</param>
    /// <param name="epochs">The number of epochs, at least 0.</param>
    /// <param name="seed">The seed of the shuffles: epoch e shuffles with the e-th seed drawn from <c>System.Random(seed)</c>.</param>
    /// <param name="onEpoch">
    /// Called after every epoch with the epoch (from 0, as an index of <see cref="TrainingResult{P}.EpochLosses"/>), its
    /// loss and the parameters after it, for a progress display or a per-epoch evaluation; training is one loop, so the
    /// optimizer's state (Adam's moments) carries across epochs as without it. Null for none.
    /// </param>
    /// <param name="cancellationToken">Checked before every batch's step (a step is one batch); a cancelled token stops training with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The trained parameters and the loss of every epoch.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled before a step.</exception>
    /// <exception cref="ShapeException">When data and targets differ in row count, or a batch does not fit the loss.</exception>
    /// <exception cref="NonFiniteException">When a batch loss is not finite (training has diverged), naming the optimizer, the step, the batch and the epoch; a step that makes the parameters non-finite throws it from the optimizer's <c>Step</c>.</exception>
    public static TrainingResult<P> Train<P>(
        this IOptimizer optimizer,
        Diff<(P Params, Mat X, Mat Y), double> loss,
        P initial,
        Mat data,
        Mat targets,
        int batchSize,
        int epochs,
        int seed,
        Action<int, double, P>? onEpoch = null,
        CancellationToken cancellationToken = default)
        where P : notnull
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        var p = initial;
        var state = optimizer.Init(p);
        var seeds = new Random(seed);
        var history = new double[epochs];
        var step = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            double total = 0;
            var batch = 0;
            foreach (var (x, y) in MiniBatches.Of(data, targets, batchSize, seeds.Next()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (value, gradient) = loss.ValueAndGradientOfFirst(p, x, y);
                if (!double.IsFinite(value))
                {
                    throw new NonFiniteException(optimizer.ToString() ?? optimizer.GetType().Name, step, "loss",
                        FormattableString.Invariant($"the loss '{loss.Name}' of batch {batch} in epoch {epoch} is {value} (Training.Train: training has diverged)"));
                }

                total += value * x.Rows;
                (p, state) = optimizer.Step(p, gradient, state);
                batch++;
                step++;
            }

            history[epoch] = data.Rows == 0 ? 0 : total / data.Rows;
            onEpoch?.Invoke(epoch, history[epoch], p);
        }

        return new(p, history);
    }

    /// <summary>
    /// Trains on class labels: as <see cref="Train{P}(IOptimizer, Diff{ValueTuple{P, Mat, Mat}, double}, P, Mat, Mat, int, int, int, Action{int, double, P}, CancellationToken)"/>
    /// with the one-hot rows of the labels (<see cref="MiniBatches.OneHot"/>) as the targets Y, so a loss such as
    /// <c>Losses.CrossEntropy(logits, y)</c> sees each batch's labels as data.
    /// </summary>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss of the parameters on a batch (X, one-hot Y).</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="data">The samples, one per row.</param>
    /// <param name="labels">One class label per row, each in [0, classes).</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="batchSize">The rows per batch, at least 1.</param>
    /// <param name="epochs">The number of epochs, at least 0.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="onEpoch">Called after every epoch with the epoch (from 0), its loss and the parameters after it; null for none.</param>
    /// <param name="cancellationToken">Checked before every step; a cancelled token stops training with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The trained parameters and the loss of every epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes).</exception>
    /// <exception cref="ShapeException">When the number of labels is not the number of rows.</exception>
    public static TrainingResult<P> Train<P>(
        this IOptimizer optimizer,
        Diff<(P Params, Mat X, Mat Y), double> loss,
        P initial,
        Mat data,
        int[] labels,
        int classes,
        int batchSize,
        int epochs,
        int seed,
        Action<int, double, P>? onEpoch = null,
        CancellationToken cancellationToken = default)
        where P : notnull
    {
        // Nulls first, so a null argument is reported as such and not as the shape mismatch it also makes.
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != data.Rows)
        {
            throw new ShapeException("Training.Train", $"{labels.Length} labels for data Mat[{data.Rows}×{data.Cols}] (it needs one label per row)");
        }

        return optimizer.Train(loss, initial, data, MiniBatches.OneHot(labels, classes), batchSize, epochs, seed, onEpoch, cancellationToken);
    }
}
