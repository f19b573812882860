using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class IterateTests
{
    /// <summary>One explicit Euler step of the damped oscillator, state (θ, position, velocity), θ passed through.</summary>
    private static Diff<(double, double, double), (double, double, double)> EulerStep()
    {
        var (theta, q, v) = Diff.Input<(double, double, double)>();
        const double dt = 0.01;
        return Diff.Fanout(theta, q + dt * v, v - dt * (theta * q + 0.1 * v));
    }

    [Fact]
    public void Iterate_EqualsTheUnrolledComposition()
    {
        var step = EulerStep();
        var unrolled = Diff.Id<(double, double, double)>();
        for (var i = 0; i < 7; i++)
        {
            unrolled = unrolled.Then(step);
        }

        Checks.Same(unrolled, step.Iterate(7), Checks.Like((0.0, 0.0, 0.0)));
    }

    [Fact]
    public void Iterate_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Checks.Derivatives(EulerStep().Iterate(200), (1.0, 0.0, 0.0), lo: 0.5, hi: 2);

    [Fact]
    public void Iterate_Checkpointed_EqualsPlain() =>
        Gen.Int[0, 50].ForAll(n =>
            Checks.Same(EulerStep().Iterate(n), EulerStep().Iterate(n, checkpoint: true), Checks.Like((0.0, 0.0, 0.0)), iter: 3), iter: 20);

    [Fact]
    public void Iterate_ZeroTimes_IsTheIdentity() =>
        Checks.Same(Diff.Id<(double, double, double)>(), EulerStep().Iterate(0), Checks.Like((0.0, 0.0, 0.0)));

    [Fact]
    public void While_StopsWhenThePredicateFails_AndDifferentiatesWithTheCountFixed()
    {
        // Halving until below 1: from 10, four steps give 0.625.
        var x = Diff.Input<double>();
        var halve = Sin(x) * 0 + 0.5 * x;
        var loop = halve.While(v => v >= 1, maxSteps: 100);
        Assert.Equal(0.625, loop.Invoke(10.0));
        Checks.SameAt(halve.Iterate(4), loop, 10.0, new Random(1));
        Checks.Derivatives(loop, Gen.Double[9, 15]);
    }

    [Fact]
    public void While_StopsAtTheBound()
    {
        var x = Diff.Input<double>();
        Assert.Equal(10.0 + 5, (x + 1).While(_ => true, maxSteps: 5).Invoke(10.0));
        Checks.Same((x + 1).Iterate(5), (x + 1).While(_ => true, maxSteps: 5, checkpoint: true), Gen.Double[-1, 1]);
    }
}
