using Vjp.Examples.Digits;
using Vjp.Examples.Runner;
using Vjp.Examples.Tests.Support;
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
    public void BatchLoss_ValueAndGradient_MatchPlainCrossEntropyAndFiniteDifferences()
    {
        var data = DigitsData.Load().Take([0, 5, 9, 100, 1000]);
        var network = DigitsNetwork.Initial(6, seed: 3);
        var direction = DigitsNetwork.Initial(6, seed: 4) with { B1 = Vec.Fill(6, 0.2), B2 = Vec.Generate(10, i => 0.1 * i - 0.4) };
        var loss = DigitsBatchLoss.Create(data.Count);
        var targets = data.OneHot();
        Assert.Equal(network.Evaluate(data).Loss, loss.Invoke((network, data.Images, targets)), 12);

        var space = VectorSpace.Of<DigitsNetwork>();
        const double h = 1e-6;
        double At(DigitsNetwork p) => loss.Invoke((p, data.Images, targets));
        var fd = (At(space.Add(network, space.Scale(h, direction))) - At(space.Add(network, space.Scale(-h, direction)))) / (2 * h);
        var exact = space.Inner(loss.Gradient((network, data.Images, targets)).Item1, direction);
        Assert.True(Math.Abs(fd - exact) <= 1e-7 * (1 + Math.Abs(exact)), $"⟨∇L, d⟩ = {exact}, finite differences {fd}");
    }

    [Fact]
    public void Catalog_Digits_IsRegisteredAsExample11()
    {
        var e = ExampleCatalog.Find("digits");
        Assert.NotNull(e);
        Assert.Equal(11, e.Number);
    }
}
