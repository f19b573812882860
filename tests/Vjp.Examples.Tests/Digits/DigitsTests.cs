using Vjp.Examples.Digits;
using Vjp.Examples.Runner;
using Vjp.Examples.Tests.Support;
using Vjp.Combinators;
using Vjp.Functional;

namespace Vjp.Examples.Tests.Digits;

public class DigitsTests
{
    [Fact]
    public void Load_EmbeddedCsv_Has1797ImagesOf64PixelsInUnitRangeAndEveryClass()
    {
        var data = DigitsData.Load();
        Assert.Equal(1797, data.Count);
        Assert.Equal((1797, 64), data.Images.Shape);
        Assert.All(data.Images.AsSpan().ToArray(), v => Assert.InRange(v, 0, 1));
        Assert.Equal(Enumerable.Range(0, 10), data.Labels.Distinct().Order());
        Assert.True(data.Labels.GroupBy(l => l).All(g => g.Count() is > 150 and < 200), "about 180 images per class");
    }

    [Fact]
    public void Split_FixedSeed_IsDisjointCompleteAndReproducible()
    {
        var data = DigitsData.Load();
        var (train, test) = data.Split(0.2, seed: 7);
        var (train2, test2) = data.Split(0.2, seed: 7);
        Assert.Equal(data.Count, train.Count + test.Count);
        Assert.Equal(359, test.Count);
        Assert.Equal(test.Images, test2.Images);
        Assert.Equal(train.Labels, train2.Labels);
    }

    [Fact]
    public void Run_Small_LearnsWellAboveChanceLossFallsAndWritesPictures()
    {
        using var t = new TestOptions();
        var r = DigitsRun.Run(t.Options, DigitsSettings.Small);
        Assert.True(r.TestAccuracy >= 0.85, $"test accuracy {r.TestAccuracy:P1} (chance is 10 %)");
        Assert.True(r.Epochs[^1].TrainLoss < 0.5 * r.Epochs[0].TrainLoss, $"training loss {r.Epochs[0].TrainLoss} → {r.Epochs[^1].TrainLoss}");
        Assert.Equal(DigitsSettings.Small.Epochs, r.Epochs.Count);
        Assert.Equal(r.Misclassified.Count, (int)Math.Round((1 - r.TestAccuracy) * r.TestCount));
        Assert.All(r.Misclassified, m => Assert.NotEqual(m.True, m.Predicted));
        Assert.Matches(@"test accuracy: \d{2}\.\d %", t.Output);
        TestOptions.AssertPng(r.LossPath);
        TestOptions.AssertPng(r.AccuracyPath);
        TestOptions.AssertPng(r.MisclassifiedPath);
    }

    [Fact]
    public void Loss_IsTheLibrarysBatchedLoss_ValueAndGradientMatchPlainCrossEntropyAndFiniteDifferences()
    {
        var loss = DigitsLoss.Create();
        var printed = loss.ToString();
        Assert.Contains("logsumexp_rows", printed, StringComparison.Ordinal);  // Losses.CrossEntropy on the batch
        Assert.DoesNotContain("column", printed, StringComparison.Ordinal);   // no term per sample

        var network = DigitsNetwork.Initial(6, seed: 3);
        var direction = DigitsNetwork.Initial(6, seed: 4) with { B1 = Vec.Fill(6, 0.2), B2 = Vec.Generate(10, i => 0.1 * i - 0.4) };
        var space = VectorSpace.Of<DigitsNetwork>();
        foreach (int[] rows in (int[][])[[0, 5, 9, 100, 1000], [17, 3]])   // one compiled loss serves every batch size
        {
            var data = DigitsData.Load().Take(rows);
            var targets = data.OneHot();
            Assert.Equal(network.Evaluate(data).Loss, loss.Invoke((network, data.Images, targets)), 12);

            const double h = 1e-6;
            double At(DigitsNetwork p) => loss.Invoke((p, data.Images, targets));
            var fd = (At(space.Add(network, space.Scale(h, direction))) - At(space.Add(network, space.Scale(-h, direction)))) / (2 * h);
            var (value, gradient) = loss.ValueAndGradientOfFirst(network, data.Images, targets);
            Assert.Equal(At(network), value, 12);
            var exact = space.Inner(gradient, direction);
            Assert.True(Math.Abs(fd - exact) <= 1e-7 * (1 + Math.Abs(exact)), $"⟨∇L, d⟩ = {exact}, finite differences {fd}");
        }
    }

    [Fact]
    public void Train_ReportsEveryEpoch_AndEqualsTrainingWithoutTheDisplay()
    {
        var (train, test) = DigitsData.Load().Split(0.2, seed: 7);
        var settings = DigitsSettings.Small with { Hidden = 8, Epochs = 3 };
        using var t = new TestOptions();
        var (network, epochs) = DigitsRun.Train(train, test, settings, t.Console);
        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));

        var plain = new Adam(LearningRate: settings.LearningRate).Train(
            DigitsLoss.Create(), DigitsNetwork.Initial(settings.Hidden, settings.Seed), train.Images, train.Labels, DigitsData.Classes,
            settings.BatchSize, settings.Epochs, seed: settings.Seed + 1);
        Assert.Equal(plain.Parameters, network);
        Assert.Equal(plain.EpochLosses, epochs.Select(e => e.TrainLoss));
        Assert.Equal(network.Evaluate(test).Accuracy, epochs[^1].TestAccuracy);
    }

    [Fact]
    public void Catalog_Digits_IsRegisteredAsExample11()
    {
        var e = ExampleCatalog.Find("digits");
        Assert.NotNull(e);
        Assert.Equal(11, e.Number);
    }
}
