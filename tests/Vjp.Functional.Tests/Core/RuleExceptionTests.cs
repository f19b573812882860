namespace Vjp.Functional.Tests.Core;

/// <summary>What a user's rule throws surfaces as one <see cref="RuleException"/> naming the rule's path, the phase and the argument shapes, the original as its inner exception.</summary>
public sealed class RuleExceptionTests
{
    private static Diff<double, double> Boom(RulePhase throwIn) => Diff.Create<double, double>(
        "boom",
        x => throwIn == RulePhase.Forward ? throw new InvalidOperationException("no forward today") : 2 * x,
        (x, y, yBar) => throwIn == RulePhase.Pullback ? throw new InvalidOperationException("no pullback today") : 2 * yBar,
        (x, y, dx) => throwIn == RulePhase.Pushforward ? throw new InvalidOperationException("no pushforward today") : 2 * dx);

    private static Diff<double, double> Pipeline(RulePhase throwIn) =>
        ScalarPrimitives.Sin.Then(Boom(throwIn)).Then(ScalarPrimitives.Exp).Named("model");

    [Fact]
    public void ThrowingPullback_InANamedPipeline_GradientThrowsRuleExceptionWithPathPhaseAndShapes()
    {
        var e = Assert.Throws<RuleException>(() => Pipeline(RulePhase.Pullback).Gradient(0.5));

        Assert.Equal(
            "The pullback of rule 'boom' threw InvalidOperationException (at model ▸ boom; x: double, y: double, ȳ: double): no pullback today",
            e.Message);
        Assert.Equal("boom", e.Rule);
        Assert.Equal("model ▸ boom", e.Path);
        Assert.Equal(RulePhase.Pullback, e.Phase);
        Assert.Equal([("x", "double"), ("y", "double"), ("ȳ", "double")], e.Arguments);
        Assert.Equal("no pullback today", Assert.IsType<InvalidOperationException>(e.InnerException).Message);
    }

    [Fact]
    public void ThrowingForward_Invoke_ThrowsRuleExceptionInTheForwardPhase()
    {
        var e = Assert.Throws<RuleException>(() => Pipeline(RulePhase.Forward).Invoke(0.5));

        Assert.Equal(RulePhase.Forward, e.Phase);
        Assert.StartsWith("The forward of rule 'boom' threw InvalidOperationException (at model ▸ boom; x: double)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowingPushforward_Jvp_ThrowsRuleExceptionInThePushforwardPhase()
    {
        var e = Assert.Throws<RuleException>(() => Pipeline(RulePhase.Pushforward).Jvp(0.5, 1.0));

        Assert.Equal(RulePhase.Pushforward, e.Phase);
        Assert.Contains("(at model ▸ boom; x: double, y: double, ẋ: double)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowingPullbackOfResidualRule_NamesTheResidualsAndCotangentShapes()
    {
        var rule = Diff.Create<Vec, double, Vec>(
            "sum-r", x => (x.Sum(), x), (r, yBar) => throw new ArithmeticException("bad"));

        var e = Assert.Throws<RuleException>(() => rule.Gradient(Vec.Zeros(3)));

        Assert.Equal("The pullback of rule 'sum-r' threw ArithmeticException (at sum-r; r: Vec, ȳ: double): bad", e.Message);
        Assert.IsType<ArithmeticException>(e.InnerException);
    }

    [Fact]
    public void Cancellation_InsideARule_PassesThroughUnwrapped()
    {
        var rule = Diff.Create<double, double>("cancel", x => throw new OperationCanceledException(), (x, y, yBar) => yBar);

        Assert.Throws<OperationCanceledException>(() => rule.Invoke(1.0));
    }

    [Fact]
    public void ForwardReturningNull_Invoke_ThrowsNamingTheRuleNotNullReference()
    {
        var rule = Diff.Create<Vec, Vec>("null-forward", x => null!, (x, y, yBar) => yBar);
        var f = Fn.Sum(rule);

        var e = Assert.Throws<InvalidOperationException>(() => f.Invoke(Vec.Zeros(2)));

        Assert.Contains("The forward of 'null-forward' returned null", e.Message, StringComparison.Ordinal);
    }
}
