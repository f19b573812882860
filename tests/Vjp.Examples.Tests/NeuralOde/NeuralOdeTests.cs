using Vjp.Examples.NeuralOde;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.NeuralOde;

public class NeuralOdeTests
{
    [Fact]
    public void Run_Small_RecoversTheOscillatorsParameters()
    {
        using var t = new TestOptions();
        var r = NeuralOdeRun.Run(t.Options, NeuralOdeSettings.Small);
        Assert.True(Math.Abs(r.Fitted.Omega - r.TrueParameters.Omega) < 0.02 * r.TrueParameters.Omega, $"ω fitted {r.Fitted.Omega}, true {r.TrueParameters.Omega}");
        Assert.True(Math.Abs(r.Fitted.Zeta - r.TrueParameters.Zeta) < 0.15 * r.TrueParameters.Zeta, $"ζ fitted {r.Fitted.Zeta}, true {r.TrueParameters.Zeta}");
        Assert.True(r.FinalLoss < 0.05 * r.InitialLoss, $"loss {r.InitialLoss} → {r.FinalLoss}");
        TestOptions.AssertPng(r.PicturePath);
    }

    [Fact]
    public void Loss_Gradient_MatchesFiniteDifferencesAndCheckpointingChangesNothing()
    {
        var observations = NeuralOdeRun.Observations(NeuralOdeSettings.Small);
        var p = new OscillatorParameters(1.7, 0.3);
        var checkpointed = NeuralOdeRun.Loss(0.15, observations, checkpoint: true).Gradient(p);
        var plain = NeuralOdeRun.Loss(0.15, observations, checkpoint: false).Gradient(p);
        Assert.Equal(plain.Omega, checkpointed.Omega, 12);
        Assert.Equal(plain.Zeta, checkpointed.Zeta, 12);

        var loss = NeuralOdeRun.Loss(0.15, observations);
        const double h = 1e-6;
        Assert.Equal((loss.Invoke(p with { Omega = 1.7 + h }) - loss.Invoke(p with { Omega = 1.7 - h })) / (2 * h), checkpointed.Omega, 7);
        Assert.Equal((loss.Invoke(p with { Zeta = 0.3 + h }) - loss.Invoke(p with { Zeta = 0.3 - h })) / (2 * h), checkpointed.Zeta, 7);
    }

    [Fact]
    public void Trajectory_AtTrueParameters_FollowsTheExactSolution()
    {
        // RK4 with Δt = 0.05 is accurate to about Δt⁴ per unit time.
        var settings = NeuralOdeSettings.Small with { Dt = 0.05 };
        var truth = NeuralOdeRun.Parameters.Truth;
        var x = NeuralOdeRun.Trajectory(truth, settings.Dt, new double[40]);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(truth.Exact(i * settings.Dt) - x[i]) < 1e-5, $"t = {i * settings.Dt}: RK4 {x[i]}, exact {truth.Exact(i * settings.Dt)}");
        }
    }
}
