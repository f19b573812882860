using CsCheck;
using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Core;

/// <summary>Combinator laws as properties: identity, associativity of Then, fan-out sums cotangents; and the order of the sweeps.</summary>
public sealed class CompositionLawTests
{
    private static readonly Diff<double, double>[] Stages = [S.Sin, S.Cos, S.Tanh, S.Sigmoid, S.Softplus, S.Erf, S.Square, S.Neg, S.Exp.Then(S.Tanh)];

    private static readonly Gen<Diff<double, double>> Stage = Gen.Int[0, Stages.Length - 1].Select(i => Stages[i]);

    private static readonly Gen<double> Point = Gen.Double[-2, 2];

    /// <summary>Equal as functions: value, VJP and JVP agree bitwise (the same rules run in the same order).</summary>
    private static void AssertSame(Diff<double, double> f, Diff<double, double> g, double x, double seed)
    {
        Assert.Equal(f.Invoke(x), g.Invoke(x));
        Assert.Equal(f.Vjp(x, seed), g.Vjp(x, seed));
        Assert.Equal(f.Jvp(x, seed), g.Jvp(x, seed));
    }

    [Fact]
    public void Then_WithIdentityOnEitherSide_IsTheSameFunction() =>
        Gen.Select(Stage, Point, Point).ForAll((f, x, seed) =>
        {
            AssertSame(f, Diff.Id<double>().Then(f), x, seed);
            AssertSame(f, f.Then(Diff.Id<double>()), x, seed);
        }, iter: 100);

    [Fact]
    public void Then_IsAssociative() =>
        Gen.Select(Stage, Stage, Stage, Point, Point).ForAll((f, g, h, x, seed) =>
        {
            AssertSame(f.Then(g).Then(h), f.Then(g.Then(h)), x, seed);
            AssertSame(f.Then(g).Then(h), Diff.Compose(h, Diff.Compose(g, f)), x, seed);
            AssertSame(f.Then(g), g.Of(f), x, seed);
        }, iter: 100);

    [Fact]
    public void Fanout_Pullback_SumsTheBranchesCotangents() =>
        Gen.Select(Stage, Stage, Point, Point, Point).ForAll((f, g, x, a, b) =>
        {
            var fanout = Diff.Fanout(f, g);
            Assert.Equal((f.Invoke(x), g.Invoke(x)), fanout.Invoke(x));
            var expected = f.Vjp(x, a) + g.Vjp(x, b);
            Assert.Equal(expected, fanout.Vjp(x, (a, b)), 1e-15 * (1 + Math.Abs(expected)));
            Assert.Equal((f.Jvp(x, a), g.Jvp(x, a)), fanout.Jvp(x, a));
        }, iter: 100);

    [Fact]
    public void SharedSubexpression_UsedTwice_CotangentsAdd() =>
        Gen.Select(Stage, Point).ForAll((f, x) =>
        {
            var input = Diff.Input<double>();
            var shared = f.Of(input);
            var twice = shared + shared;
            Assert.Equal(2 * f.Vjp(x, 1.0), twice.Gradient(x), 1e-15 * (1 + Math.Abs(f.Vjp(x, 1.0))));
        }, iter: 50);

    [Fact]
    public void Then_PullbacksRunInReverseOrderAndPushforwardsInForwardOrder()
    {
        var log = new List<string>();
        Diff<double, double> Logged(string name) => Diff.Create<double, double>(
            name,
            x =>
            {
                log.Add($"{name}.forward");
                return 2 * x;
            },
            pullback: (x, y, yBar) =>
            {
                log.Add($"{name}.pullback");
                return 2 * yBar;
            },
            pushforward: (x, y, dx) =>
            {
                log.Add($"{name}.pushforward");
                return 2 * dx;
            });

        var f = Logged("a").Then(Logged("b")).Then(Logged("c"));

        var (value, pullback) = f.ValueWithPullback(1.0);
        Assert.Equal(["a.forward", "b.forward", "c.forward"], log);
        log.Clear();
        Assert.Equal(8.0, pullback(1.0));
        Assert.Equal(8.0, pullback(1.0));
        Assert.Equal(["c.pullback", "b.pullback", "a.pullback", "c.pullback", "b.pullback", "a.pullback"], log); // residuals saved: no forward rerun
        log.Clear();

        var (_, pushforward) = f.ValueWithPushforward(1.0);
        log.Clear();
        Assert.Equal(8.0, pushforward(1.0));
        Assert.Equal(["a.pushforward", "b.pushforward", "c.pushforward"], log);
        Assert.Equal(8.0, value);
    }

    [Fact]
    public void SharedSubexpression_RunsOncePerSweep()
    {
        var forwards = 0;
        var pullbacks = 0;
        var expensive = Diff.Create<double, double>(
            "expensive",
            x =>
            {
                forwards++;
                return Math.Sin(x);
            },
            pullback: (x, y, yBar) =>
            {
                pullbacks++;
                return Math.Cos(x) * yBar;
            });
        var input = Diff.Input<double>();
        var shared = expensive.Of(input);
        var f = shared * shared + Exp(shared);

        var gradient = f.Gradient(0.4);
        Assert.Equal(1, forwards);
        Assert.Equal(1, pullbacks); // the two uses' cotangents are summed before the one pullback
        Assert.Equal(FiniteDifferences.Directional(f.Invoke, 0.4, 1.0), gradient, 1e-9);
    }
}
