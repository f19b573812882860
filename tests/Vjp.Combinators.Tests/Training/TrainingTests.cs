using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Training;

public class TrainingTests
{
    private static (Mat Data, int[] Labels) TwoBlobs(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var data = Mat.Generate(n, 2, (i, j) => (labels[i] == 0 ? -1 : 1) * (j == 0 ? 1.5 : 0.5) + 0.5 * (rng.NextDouble() - 0.5));
        return (data, labels);
    }

    [Fact]
    public void MiniBatches_OfOneEpoch_VisitEveryRowOnce_InBatchesOfB_DeterminedByTheSeed()
    {
        var data = Mat.Generate(10, 2, (i, j) => 10 * i + j);
        var labels = Enumerable.Range(0, 10).ToArray();
        var batches = MiniBatches.Of(data, labels, batchSize: 4, seed: 7).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.X.Rows));
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.Labels).Order());
        foreach (var (x, y) in batches)
        {
            for (var i = 0; i < x.Rows; i++)
            {
                Assert.Equal(data.Row(y[i]), x.Row(i));
            }
        }

        var again = MiniBatches.Of(data, labels, batchSize: 4, seed: 7).SelectMany(b => b.Labels);
        Assert.Equal(batches.SelectMany(b => b.Labels), again);
        Assert.NotEqual(Enumerable.Range(0, 10), again);
    }

    [Fact]
    public void MiniBatches_OfTargets_KeepRowsTogether_AndOneHotMarksTheLabel()
    {
        var data = Mat.Generate(5, 3, (i, j) => i);
        var targets = MiniBatches.OneHot([0, 1, 2, 1, 0], 3);
        Assert.Equal(Mat.FromArray(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 1, 0 }, { 1, 0, 0 } }), targets);
        foreach (var (x, y) in MiniBatches.Of(data, targets, 2, seed: 3))
        {
            for (var i = 0; i < x.Rows; i++)
            {
                Assert.Equal(targets.Row((int)x[i, 0]), y.Row(i));
            }
        }

        Assert.Throws<ShapeException>(() => MiniBatches.Of(data, Mat.Zeros(4, 3), 2, seed: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => MiniBatches.OneHot([3], 3));
    }

    [Fact]
    public void Train_OnSeparableData_LowersTheLoss_AndIsDeterministic()
    {
        var (data, labels) = TwoBlobs(64, seed: 1);
        var (p, x, y) = Diff.Input<(Linq.Mlp, Mat, Mat)>();
        var h = Tanh(Combinators.Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        var loss = Losses.CrossEntropy(Combinators.Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h), y);
        var initial = Checks.Random(new Linq.Mlp(Mat.Zeros(4, 2), Vec.Zeros(4), Mat.Zeros(2, 4), Vec.Zeros(2)), new Random(2), -0.5, 0.5);
        var targets = MiniBatches.OneHot(labels, 2);
        var result = new Adam(LearningRate: 0.05).Train(loss, initial, data, targets, batchSize: 16, epochs: 20, seed: 3);
        Assert.Equal(20, result.EpochLosses.Count);
        Assert.True(result.EpochLosses[^1] < 0.2 * result.EpochLosses[0], $"losses {string.Join(", ", result.EpochLosses)}");
        var again = new Adam(LearningRate: 0.05).Train(loss, initial, data, targets, batchSize: 16, epochs: 20, seed: 3);
        Assert.Equal(result.EpochLosses, again.EpochLosses);
        var full = loss.Invoke((result.Parameters, data, targets));
        Assert.True(full < result.EpochLosses[0]);
        var onLabels = new Adam(LearningRate: 0.05).Train(loss, initial, data, labels, classes: 2, batchSize: 16, epochs: 20, seed: 3);
        Assert.Equal(result.EpochLosses, onLabels.EpochLosses);
    }

    [Fact]
    public void Train_WhenABatchLossIsNotFinite_ThrowsNonFiniteExceptionNamingTheStep()
    {
        var (data, labels) = TwoBlobs(16, seed: 6);
        var poisoned = Mat.Generate(data.Rows, data.Cols, (i, j) => i == 3 && j == 1 ? double.NaN : data[i, j]);
        var (p, x, y) = Diff.Input<(Linq.Mlp, Mat, Mat)>();
        var h = Tanh(Combinators.Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        var loss = Losses.CrossEntropy(Combinators.Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h), y);
        var initial = Checks.Random(new Linq.Mlp(Mat.Zeros(3, 2), Vec.Zeros(3), Mat.Zeros(2, 3), Vec.Zeros(2)), new Random(7), -0.5, 0.5);

        // One batch of all 16 rows: the NaN reaches the loss of the first batch, before any step.
        var e = Assert.Throws<NonFiniteException>(() => new Sgd(0.1).Train(loss, initial, poisoned, labels, classes: 2, batchSize: 16, epochs: 2, seed: 1));
        Assert.Equal(0, e.Step);
        Assert.Equal("loss", e.Quantity);
        Assert.Contains("of batch 0 in epoch 0 is NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OnEpoch_ReportsEveryEpochInOrder_AndLeavesTheTrainingUnchanged()
    {
        var (data, labels) = TwoBlobs(40, seed: 4);
        var (p, x, y) = Diff.Input<(Linq.Mlp, Mat, Mat)>();
        var h = Tanh(Combinators.Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        var loss = Losses.CrossEntropy(Combinators.Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h), y);
        var initial = Checks.Random(new Linq.Mlp(Mat.Zeros(3, 2), Vec.Zeros(3), Mat.Zeros(2, 3), Vec.Zeros(2)), new Random(5), -0.5, 0.5);
        var adam = new Adam(LearningRate: 0.05);
        var reports = new List<(int Epoch, double Loss, Linq.Mlp Parameters)>();
        var result = adam.Train(loss, initial, data, labels, classes: 2, batchSize: 8, epochs: 6, seed: 9, onEpoch: (e, l, q) => reports.Add((e, l, q)));

        Assert.Equal([0, 1, 2, 3, 4, 5], reports.Select(r => r.Epoch));
        Assert.Equal(result.EpochLosses, reports.Select(r => r.Loss));
        Assert.Equal(result.Parameters, reports[^1].Parameters);
        var without = adam.Train(loss, initial, data, labels, classes: 2, batchSize: 8, epochs: 6, seed: 9);
        Assert.Equal(without.EpochLosses, result.EpochLosses);
        Assert.Equal(without.Parameters, result.Parameters);

        // The parameters after epoch 2 are those of a 3-epoch run: one loop, the optimizer's state carried across epochs.
        var three = adam.Train(loss, initial, data, labels, classes: 2, batchSize: 8, epochs: 3, seed: 9);
        Assert.Equal(three.Parameters, reports[2].Parameters);
    }

    [Fact]
    public void Train_WhenCancelledAfterAnEpoch_ThrowsBeforeTheNextStep()
    {
        var (data, labels) = TwoBlobs(32, seed: 4);
        var (p, x, y) = Diff.Input<(Linq.Mlp, Mat, Mat)>();
        var h = Tanh(Combinators.Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        var loss = Losses.CrossEntropy(Combinators.Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h), y);
        var initial = Checks.Random(new Linq.Mlp(Mat.Zeros(3, 2), Vec.Zeros(3), Mat.Zeros(2, 3), Vec.Zeros(2)), new Random(5), -0.5, 0.5);
        using var cts = new CancellationTokenSource();
        var epochs = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => new Adam(0.05).Train(loss, initial, data, labels, classes: 2, batchSize: 8, epochs: 10, seed: 9,
            onEpoch: (e, _, _) =>
            {
                epochs.Add(e);
                if (e == 1)
                {
                    cts.Cancel();
                }
            },
            cancellationToken: cts.Token));
        Assert.Equal([0, 1], epochs);
    }

    [Fact]
    public void TrainingResult_NullMember_ThrowsArgumentNullExceptionNamingIt()
    {
        Assert.Equal("Parameters", Assert.Throws<ArgumentNullException>(() => new TrainingResult<Vec>(null!, [1.0])).ParamName);
        Assert.Equal("EpochLosses", Assert.Throws<ArgumentNullException>(() => new TrainingResult<Vec>(Vec.Of(1), null!)).ParamName);
        var result = new TrainingResult<Vec>(Vec.Of(1), [1.0]);
        Assert.Equal("Parameters", Assert.Throws<ArgumentNullException>(() => result with { Parameters = null! }).ParamName);
    }
}
