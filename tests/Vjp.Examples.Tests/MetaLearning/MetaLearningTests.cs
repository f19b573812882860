using Vjp.Examples.MetaLearning;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.MetaLearning;

public class MetaLearningTests
{
    [Fact]
    public void Run_Small_MetaGradientMatchesFiniteDifferences()
    {
        using var t = new TestOptions();
        var r = MetaLearningRun.Run(t.Options, MetaLearningSettings.Small);
        Assert.True(Math.Abs(r.MetaGradient - r.MetaGradientByFiniteDifferences) <= 1e-7 * (1 + Math.Abs(r.MetaGradient)),
            $"pullback {r.MetaGradient}, finite differences {r.MetaGradientByFiniteDifferences}");
        Assert.Equal(r.MetaGradient, r.MetaGradientByGradientAt, 12);
    }

    [Fact]
    public void Run_Small_LearnedRateLowersValidationLossToNearTheGridBest()
    {
        using var t = new TestOptions();
        var r = MetaLearningRun.Run(t.Options, MetaLearningSettings.Small);
        Assert.True(r.FinalMetaLoss < 0.75 * r.InitialMetaLoss, $"meta-loss {r.InitialMetaLoss} → {r.FinalMetaLoss}");
        Assert.True(r.FinalMetaLoss <= r.GridBestMetaLoss * 1.05, $"learned {r.FinalMetaLoss}, grid best {r.GridBestMetaLoss}");
        TestOptions.AssertPng(r.PicturePath);
    }

    [Fact]
    public void MetaLoss_AtSeveralRates_GradientMatchesFiniteDifferences()
    {
        var (train, validation) = MetaLearningRun.Task(MetaLearningSettings.Small);
        var meta = MetaLearningRun.MetaLoss(train, validation, innerSteps: 4);
        foreach (var eta in new[] { 0.02, 0.2, 0.6 })
        {
            var rho = Math.Log(eta);
            const double h = 1e-5;
            var fd = (meta.Invoke(rho + h) - meta.Invoke(rho - h)) / (2 * h);
            var g = meta.Gradient(rho);
            Assert.True(Math.Abs(fd - g) <= 1e-7 * (1 + Math.Abs(g)), $"η = {eta}: pullback {g}, finite differences {fd}");
        }
    }
}
