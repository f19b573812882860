using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

/// <summary>User-written rules with <c>Diff.Create</c>: exact JVPs without a pushforward, residuals, and shape checks on what a rule returns.</summary>
public sealed class CreateTests
{
    private static Vec Forward(Vec x) => Vec.Of(x[0] * x[1], Math.Sin(x[2]) + x[0] * x[0]);

    /// <summary>The pullback of <see cref="Forward"/>, ȳᵀJ with J = [[x₁, x₀, 0], [2x₀, 0, cos x₂]].</summary>
    private static Vec Pullback(Vec x, Vec yBar) =>
        Vec.Of(yBar[0] * x[1] + yBar[1] * 2 * x[0], yBar[0] * x[0], yBar[1] * Math.Cos(x[2]));

    private static Vec Pushforward(Vec x, Vec dx) =>
        Vec.Of(x[1] * dx[0] + x[0] * dx[1], 2 * x[0] * dx[0] + Math.Cos(x[2]) * dx[2]);

    private static Diff<Vec, Vec> RuleWithoutPushforward() =>
        Diff.Create<Vec, Vec>("mine", Forward, pullback: (x, y, yBar) => Pullback(x, yBar));

    private static readonly Vec X = Vec.Of(0.4, -1.3, 0.9);

    [Fact]
    public void Create_WithoutPushforward_JvpIsExactlyTheJacobianFromPullbacksTimesTheTangent()
    {
        var input = Diff.Input<Vec>();
        var f = Tanh(Sin(input) * 2).Then(RuleWithoutPushforward()).Then(VecPrimitives.Exp);
        Assert.False(f.HasPushforward);
        Assert.False(((IDiff)f).HasPushforward);

        var byPullbacks = f.Jacobian(X, JacobianMode.Rows);
        foreach (var dx in new[] { Vec.Of(1, 0, 0), Vec.Of(0.3, -2, 0.7), Vec.Of(-1, 1, 4) })
        {
            var jvp = f.Jvp(X, dx);
            Assert.True(jvp.ApproxEquals(byPullbacks * dx, 1e-14, 1e-14), $"Jvp {jvp} vs J·ẋ {byPullbacks * dx}");
            Approx.Close(FiniteDifferences.Directional(f.Invoke, X, dx), jvp, 1e-8, "Jvp vs finite differences");
        }

        Assert.True(f.Jacobian(X, JacobianMode.Columns).ApproxEquals(byPullbacks, 1e-14, 1e-14));
    }

    [Fact]
    public void Create_WithoutPushforward_JvpCostsOnePullbackPerOutputCoordinate()
    {
        var pullbacks = 0;
        var rule = Diff.Create<Vec, Vec>("mine", Forward, pullback: (x, y, yBar) =>
        {
            Interlocked.Increment(ref pullbacks);
            return Pullback(x, yBar);
        });
        var dx = Vec.Of(0.3, -2, 0.7);
        var jvp = rule.Jvp(X, dx);
        Assert.Equal(2, pullbacks);
        Assert.Equal(Pushforward(X, dx).ToArray(), jvp.ToArray(), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Create_WithPushforward_UsesItAndAgreesWithTheJacobian()
    {
        var counter = new CallCounter();
        var rule = counter.Wrap<Vec, Vec>("mine", Forward, (x, y, yBar) => Pullback(x, yBar), (x, y, dx) => Pushforward(x, dx));
        Assert.True(rule.HasPushforward);
        var dx = Vec.Of(0.3, -2, 0.7);
        Assert.Equal(Pushforward(X, dx), rule.Jvp(X, dx));
        Assert.Equal(1, counter.Pushforwards);
        Assert.Equal(0, counter.Pullbacks);
        Assert.True((rule.Jacobian(X, JacobianMode.Rows) * dx).ApproxEquals(rule.Jvp(X, dx), 1e-14, 1e-14));
    }

    [Fact]
    public void Create_WithResiduals_PullbackAndPushforwardReuseTheForwardPass()
    {
        var forwards = 0;
        // y = Σ exp(xᵢ); the residual is the vector exp(x), which is also the gradient.
        var sumExp = Diff.Create<Vec, double, Vec>(
            "sumexp",
            forward: x =>
            {
                Interlocked.Increment(ref forwards);
                var e = x.Map(Math.Exp);
                return (e.Sum(), e);
            },
            pullback: (e, yBar) => yBar * e,
            pushforward: (e, dx) => Vec.Dot(e, dx));

        var (value, pullback) = sumExp.ValueWithPullback(X);
        var g1 = pullback(1.0);
        var g2 = pullback(2.0);
        var (_, pushforward) = sumExp.ValueWithPushforward(X);
        var t = pushforward(Vec.Of(1, 1, 1));
        Assert.Equal(2, forwards); // one forward per sweep recorded, none inside the pullback or pushforward calls

        Assert.Equal(X.Map(Math.Exp).Sum(), value, 1e-15);
        Approx.Close(FiniteDifferences.Gradient(sumExp.Invoke, X), g1, 1e-9, "gradient");
        Assert.Equal(2 * g1, g2);
        Assert.Equal(g1.Sum(), t, 1e-14);
    }

    [Fact]
    public void Create_WithResidualsWithoutPushforward_JvpIsExact()
    {
        var sumExp = Diff.Create<Vec, double, Vec>("sumexp", x => (x.Map(Math.Exp).Sum(), x.Map(Math.Exp)), (e, yBar) => yBar * e);
        var dx = Vec.Of(0.5, -1, 2);
        Assert.Equal(Vec.Dot(sumExp.Gradient(X), dx), sumExp.Jvp(X, dx), 1e-14);
    }

    [Fact]
    public void Create_PullbackReturningTheWrongShape_ThrowsShapeExceptionNamingTheRule()
    {
        var bad = Diff.Create<Vec, double>("bad", x => x.Sum(), pullback: (x, y, yBar) => Vec.Fill(x.Length + 1, yBar));
        var f = Sin(Diff.Input<Vec>()).Then(bad);

        var e = Assert.Throws<ShapeException>(() => f.Vjp(X, 1.0));
        Assert.Contains("bad.Pullback: returned cotangent Vec[4] for input Vec[3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("in pullback of pipeline of 2 stages ▸ bad", e.Message, StringComparison.Ordinal);

        // Without a pushforward the JVP goes through the same pullback, and meets the same check.
        Assert.Throws<ShapeException>(() => f.Jvp(X, X));
    }

    [Fact]
    public void Create_PushforwardReturningTheWrongShape_ThrowsShapeExceptionNamingTheRule()
    {
        var bad = Diff.Create<Vec, Vec>("bad", x => x, pullback: (x, y, yBar) => yBar, pushforward: (x, y, dx) => Vec.Zeros(1));
        var e = Assert.Throws<ShapeException>(() => bad.Jvp(X, X));
        Assert.Contains("bad.Pushforward: returned tangent Vec[1] for output Vec[3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PullbackReturningNull_ThrowsNamingTheRule()
    {
        var bad = Diff.Create<Vec, double>("bad", x => x.Sum(), pullback: (x, y, yBar) => null!);
        var e = Assert.Throws<InvalidOperationException>(() => bad.Vjp(X, 1.0));
        Assert.Contains("'bad'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithMissingArguments_ThrowsAtOnce()
    {
        Assert.Throws<ArgumentException>(() => Diff.Create<double, double>(" ", x => x, (x, y, yBar) => yBar));
        Assert.Throws<ArgumentNullException>(() => Diff.Create<double, double>("f", null!, (x, y, yBar) => yBar));
        Assert.Throws<ArgumentNullException>(() => Diff.Create<double, double>("f", x => x, (Func<double, double, double, double>)null!));
    }

    [Fact]
    public void Create_Rule_IsARuleNamedAsGiven()
    {
        var rule = RuleWithoutPushforward();
        Assert.Equal("mine", rule.Name);
        Assert.Equal(DiffKind.Rule, rule.Kind);
        Assert.Empty(rule.Parts);
        Assert.Equal("mine(x)", rule.ToString());
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * (1 + Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
