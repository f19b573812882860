using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class CheckpointTests
{
    [Fact]
    public void Checkpoint_IsTheSameFunction()
    {
        var x = Diff.Input<Vec>();
        var stage = Tanh(Sin(x) * x + Exp(x));
        Checks.Same(stage, stage.Checkpoint(), Checks.Like(Vec.Zeros(4)));
        Checks.Same(Sum(stage * stage), Sum(stage.Checkpoint() * stage.Checkpoint()), Checks.Like(Vec.Zeros(4)));
        Checks.Derivatives(stage.Checkpoint(), Vec.Zeros(4));
    }

    [Fact]
    public void Checkpoint_RecomputesTheStageInThePullback()
    {
        var forward = 0;
        var counted = Diff.Create<double, double>("counted", v => { Interlocked.Increment(ref forward); return v * v; }, (v, y, yBar) => 2 * v * yBar);
        var f = Sin(counted.Checkpoint());
        var (_, back) = f.ValueWithPullback(3.0);
        Assert.Equal(1, forward);
        Assert.Equal(Math.Cos(9) * 6, back(1.0), 12);
        Assert.Equal(2, forward);
    }
}
