using Vjp.Examples.Mlp;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.Mlp;

public class MlpTests
{
    [Fact]
    public void Run_Small_TestAccuracyAtLeast95PercentAndLossFalls()
    {
        using var t = new TestOptions();
        var r = MlpRun.Run(t.Options, MlpSettings.Small);
        Assert.True(r.GradientCheckPassed, "Vjp.Properties rejected the loss's gradient");
        Assert.True(r.TestAccuracy >= 0.95, $"test accuracy {r.TestAccuracy:P1}");
        Assert.True(r.Losses[^1] < 0.25 * r.Losses[0], $"loss {r.Losses[0]} → {r.Losses[^1]}");
        TestOptions.AssertPng(r.PicturePath);
        Assert.True(File.Exists(r.ParametersPath), r.ParametersPath);
        Assert.True(r.ReloadedPredictionsIdentical, "the reloaded network's predictions differ");
        Assert.Equal(r.Network.W1, r.Reloaded.W1);
        Assert.Equal(r.Network.B1, r.Reloaded.B1);
        Assert.Equal(r.Network.W2, r.Reloaded.W2);
        Assert.Equal(r.Network.B2, r.Reloaded.B2);
        Assert.Equal(r.Network.W1, MlpRun.Load(r.ParametersPath).W1);
    }

    [Fact]
    public void Loss_Gradient_MatchesFiniteDifferencesAlongADirection()
    {
        var data = MoonsData.Generate(12, 0.15, seed: 1);
        var loss = MlpRun.Loss(data);
        var p = MoonsNetwork.Initial(5, seed: 3);
        var d = MoonsNetwork.Initial(5, seed: 4) with { B1 = Vec.Fill(5, 0.3), B2 = Vec.Of(-0.2, 0.1) };
        var space = VectorSpace.Of<MoonsNetwork>();
        const double h = 1e-6;
        var fd = (loss.Invoke(space.Add(p, space.Scale(h, d))) - loss.Invoke(space.Add(p, space.Scale(-h, d)))) / (2 * h);
        var exact = space.Inner(loss.Gradient(p), d);
        Assert.True(Math.Abs(fd - exact) <= 1e-7 * (1 + Math.Abs(exact)), $"⟨∇L, d⟩ = {exact}, finite differences {fd}");
    }

    [Fact]
    public void Loss_Value_MatchesPlainCrossEntropy()
    {
        var data = MoonsData.Generate(10, 0.15, seed: 2);
        var p = MoonsNetwork.Initial(4, seed: 5);
        var expected = data.Points.Select((x, i) =>
        {
            var z = p.Logits(x);
            return Math.Log(Math.Exp(z[0]) + Math.Exp(z[1])) - z[data.Labels[i]];
        }).Average();
        Assert.Equal(expected, MlpRun.Loss(data).Invoke(p), 12);
    }
}
