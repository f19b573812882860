using Vjp.Examples.Implicit;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.Implicit;

public class ImplicitTests
{
    [Fact]
    public void Run_Small_ImplicitGradientMatchesFiniteDifferences()
    {
        using var t = new TestOptions();
        var r = ImplicitRun.Run(t.Options, ImplicitSettings.Small);
        Assert.True(r.MaxDifferenceFromFiniteDifferences < 1e-7, $"implicit vs finite differences: {r.MaxDifferenceFromFiniteDifferences}");
    }

    [Fact]
    public void Run_Small_UnrolledConvergesToImplicitAndAllocatesMoreAsKGrows()
    {
        using var t = new TestOptions();
        var r = ImplicitRun.Run(t.Options, ImplicitSettings.Small);
        Assert.True(r.Unrolled[0].DifferenceFromImplicit > 1e-4, $"K = {r.Unrolled[0].Steps} should not have converged: {r.Unrolled[0].DifferenceFromImplicit}");
        Assert.True(r.Unrolled[^1].DifferenceFromImplicit < 1e-10, $"K = {r.Unrolled[^1].Steps}: {r.Unrolled[^1].DifferenceFromImplicit}");
        for (var i = 1; i < r.Unrolled.Count; i++)
        {
            Assert.True(r.Unrolled[i].DifferenceFromImplicit <= r.Unrolled[i - 1].DifferenceFromImplicit);
            Assert.True(r.Unrolled[i].AllocatedBytes > r.Unrolled[i - 1].AllocatedBytes);
        }
    }

    [Fact]
    public void ImplicitLoss_Jvp_SatisfiesAdjointIdentityWithGradient()
    {
        // ⟨∇L, θ̇⟩ (pullback, adjoint solve) = J θ̇ (pushforward, tangent solve).
        var problem = ImplicitRun.Problem(ImplicitSettings.Small);
        var loss = ImplicitRun.ImplicitLoss(problem);
        var theta = Vec.Of(0.3, -0.2, 0.5, 0.1);
        var direction = Vec.Of(1, -1, 0.5, 2);
        Assert.Equal(Vec.Dot(loss.Gradient(theta), direction), loss.Jvp(theta, direction), 10);
    }
}
