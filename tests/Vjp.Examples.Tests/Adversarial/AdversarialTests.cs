using Vjp.Examples.Adversarial;
using Vjp.Examples.Mlp;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.Adversarial;

public class AdversarialTests
{
    [Fact]
    public void Run_Small_FgsmHurtsMoreThanRandomAndAccuracyFallsWithEpsilon()
    {
        using var t = new TestOptions();
        var r = AdversarialRun.Run(t.Options, MlpSettings.Small, [0, 0.1, 0.3, 0.5]);
        Assert.Equal(r.CleanAccuracy, r.Curve[0].FgsmAccuracy, 12);
        Assert.Equal(r.CleanAccuracy, r.Curve[0].RandomAccuracy, 12);
        for (var i = 1; i < r.Curve.Count; i++)
        {
            Assert.True(r.Curve[i].FgsmAccuracy <= r.Curve[i - 1].FgsmAccuracy, $"FGSM accuracy rose from ε = {r.Curve[i - 1].Epsilon} to {r.Curve[i].Epsilon}");
        }

        Assert.True(r.Curve[^1].FgsmAccuracy < r.Curve[^1].RandomAccuracy - 0.1, $"FGSM {r.Curve[^1].FgsmAccuracy}, random {r.Curve[^1].RandomAccuracy}");
        TestOptions.AssertPng(r.PicturePath);
    }

    [Fact]
    public void InputLoss_Gradient_MatchesFiniteDifferences()
    {
        var network = MoonsNetwork.Initial(6, seed: 8);
        foreach (var label in new[] { 0, 1 })
        {
            var f = AdversarialRun.InputLoss(network, label);
            var x = Vec.Of(0.4, -0.3);
            var g = f.Gradient(x);
            const double h = 1e-6;
            for (var j = 0; j < 2; j++)
            {
                var e = Vec.Basis(2, j);
                Assert.Equal((f.Invoke(Vec.Axpy(h, e, x)) - f.Invoke(Vec.Axpy(-h, e, x))) / (2 * h), g[j], 8);
            }
        }
    }

    [Fact]
    public void Fgsm_MovesEachCoordinateByEpsilonAndRaisesTheLoss()
    {
        var network = MoonsNetwork.Initial(6, seed: 8);
        var f = AdversarialRun.InputLoss(network, 1);
        var x = Vec.Of(0.2, 0.1);
        var adv = AdversarialRun.Fgsm(f, x, 0.01);
        Assert.All((adv - x).ToArray(), d => Assert.Equal(0.01, Math.Abs(d), 12));
        Assert.True(f.Invoke(adv) > f.Invoke(x));
    }
}
