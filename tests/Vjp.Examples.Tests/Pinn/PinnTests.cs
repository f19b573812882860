using Vjp.Examples.Pinn;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Tests.Pinn;

public class PinnTests
{
    [Fact]
    public void Run_Small_NetworkMatchesExpMinusT()
    {
        using var t = new TestOptions();
        var r = PinnRun.Run(t.Options, PinnSettings.Small);
        var exact = r.Grid.Map(x => Math.Exp(-x));
        Assert.Equal(Vec.MaxAbsDiff(r.Prediction, exact), r.MaxError, 15);
        Assert.True(r.MaxError < 5e-3, $"max |u − e^(−t)| = {r.MaxError}");
        Assert.True(r.FinalLoss < 1e-3 * r.InitialLoss, $"loss {r.InitialLoss} → {r.FinalLoss}");
        TestOptions.AssertPng(r.PicturePath);
    }

    [Fact]
    public void DerivativeInLoss_MatchesFiniteDifferencesOfNetworkInT()
    {
        // u′(tᵢ) taken by Diff.GradientAt inside an expression of θ, against central differences of u in t.
        var net = PinnNetwork.Initial(5, seed: 11);
        var times = Vec.Of(0, 0.3, 1.1, 1.9);
        var theta = Diff.Input<PinnNetwork>();
        var du = Diff.GradientAt<PinnNetwork, Vec>(tv => Sum(PinnRun.U(theta, tv, 5, times.Length)), at: Fn.Const<PinnNetwork, Vec>(times));
        var exact = du.Invoke(net);
        const double h = 1e-6;
        var fd = (net.Evaluate(times + Vec.Fill(4, h)) - net.Evaluate(times - Vec.Fill(4, h))) / (2 * h);
        Assert.True(exact.ApproxEquals(fd, 1e-8, 1e-7), $"{exact} vs {fd}");
    }

    [Fact]
    public void PhysicsLossGradient_MatchesFiniteDifferencesAlongADirection()
    {
        // The gradient of a loss that already holds a derivative: a second-order quantity, checked by ⟨∇L, d⟩ ≈ (L(θ+hd) − L(θ−hd))/2h.
        var times = Vec.Generate(7, i => i / 3.0);
        var loss = PinnRun.PhysicsLoss(times, hidden: 4);
        var theta = PinnNetwork.Initial(4, seed: 2);
        var direction = PinnNetwork.Initial(4, seed: 9);
        var space = VectorSpace.Of<PinnNetwork>();
        var g = loss.Gradient(theta);
        const double h = 1e-6;
        var fd = (loss.Invoke(space.Add(theta, space.Scale(h, direction))) - loss.Invoke(space.Add(theta, space.Scale(-h, direction)))) / (2 * h);
        var exact = space.Inner(g, direction);
        Assert.True(Math.Abs(fd - exact) <= 1e-6 * (1 + Math.Abs(exact)), $"⟨∇L, d⟩ = {exact}, finite differences {fd}");
    }

    [Fact]
    public void PhysicsLoss_WithoutPointAtZero_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => PinnRun.PhysicsLoss(Vec.Of(0.5, 1), hidden: 2));
        Assert.Contains("t = 0", e.Message, StringComparison.Ordinal);
    }
}
