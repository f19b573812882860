using Vjp.Combinators;
using Vjp.Properties.Tests.Catalogue;
using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Checks;

/// <summary>RuleCheck.CheckOrder (orders 1 to 3, forward and reverse, any output type) and SecondOrderCheck on non-scalar outputs.</summary>
public class OrderCheckTests(ITestOutputHelper output)
{
    private static readonly RuleCheckOptions Quick = new() { Samples = 25 };

    public static TheoryData<WrongOrderRule> Rules => new(WrongRulesOrder.All);

    [Theory]
    [MemberData(nameof(Rules))]
    public void WrongHigherOrderRule_CheckOrder_FailsAtItsOrderAndMode(WrongOrderRule rule)
    {
        var result = rule.Check(RuleCheckOptions.Default);
        output.WriteLine(result.Report);

        Assert.False(result.Passed, rule.Flaw);
        Assert.Equal(rule.FailsAt, result.FailedOrder);
        Assert.Equal(rule.Mode, result.FailedLevel!.Mode);
        Assert.True(result.Levels[0].Result.Passed, "order 1 is right");
        Assert.Contains($"fails at order {rule.FailsAt}", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogue_EveryWrongHigherOrderRule_IsCaught()
    {
        var caught = WrongRulesOrder.All.Count(r => !r.Check(RuleCheckOptions.Default).Passed);
        output.WriteLine($"Catch rate: {caught}/{WrongRulesOrder.All.Count}");
        Assert.Equal(WrongRulesOrder.All.Count, caught);
    }

    [Fact]
    public void WrongSecondOrderRule_SmallDimension_NamesTheJacobianEntry()
    {
        var result = RuleCheck.CheckOrder(WrongRulesOrder.Cube(pOfP: 1.1, fOfP: 1.1), 0.0, 2, DerivativeModes.Reverse);
        output.WriteLine(result.Report);

        var failed = result.FailedLevel!.Result;
        Assert.Equal("order 2 (reverse) of cube ▸ stage 2: cube.pullback", failed.BlamePath);
        Assert.Contains(failed.Blame, f => f.Kind == RuleCheckKind.JacobianEntry && f.Check.Contains("J[0, 0]", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongSecondOrderRule_InsidePipeline_BlamesTheRuleAtOrderTwo()
    {
        var x = Diff.Input<double>();
        var pipeline = Tanh(x).Then(WrongRulesOrder.Cube(pOfP: 1.1, fOfP: 1.1)).Then(ScalarPrimitives.Sin);
        var result = RuleCheck.CheckOrder(pipeline, 0.0, 2, DerivativeModes.Reverse);
        output.WriteLine(result.Report);

        Assert.Equal(2, result.FailedOrder);
        Assert.Contains("cube", result.FailedLevel!.Result.BlamePath ?? result.FailedLevel.Result.Culprit!.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectRulesAndPipelines_OrderThree_BothModes_NoFalseAlarm()
    {
        var x = Diff.Input<double>();
        var v = Diff.Input<Vec>();
        var (p, st, a) = Diff.Input<(double, double, double)>();
        var results = new[]
        {
            RuleCheck.CheckOrder(WrongRulesOrder.Cube(), 0.0, 2, DerivativeModes.Both, Quick),
            RuleCheck.CheckOrder(WrongRulesOrder.Quartic(1), 0.0, 3, DerivativeModes.Reverse, Quick),
            RuleCheck.CheckOrder(WrongRulesOrder.Record(1), 0.0, 2, DerivativeModes.Reverse, Quick),
            RuleCheck.CheckOrder(WrongRulesOrder.SquareSine(1), 0.0, 2, DerivativeModes.Reverse, Quick),
            RuleCheck.CheckOrder(Sin(x) * Exp(0.3 * x), 0.0, 3, DerivativeModes.Both, Quick),
            RuleCheck.CheckOrder(Tanh(v) * Sin(v), Vec.Zeros(3), 3, DerivativeModes.Both, Quick),
            RuleCheck.CheckOrder(Diff.Fanout(Sum(Tanh(v)), Sin(v)), Vec.Zeros(2), 3, DerivativeModes.Both, Quick),
            RuleCheck.CheckOrder(Control.Fold(Tanh((p * st) + a), new[] { 0.3, -0.2, 0.5 }), (0.0, 0.0), 2, DerivativeModes.Reverse, Quick),
        };
        foreach (var r in results)
        {
            output.WriteLine(r.Report);
            Assert.True(r.Passed, r.Report);
        }
    }

    [Fact]
    public void SecondOrderCheck_VecOutput_ContractsAndPasses()
    {
        var v = Diff.Input<Vec>();
        var result = SecondOrderCheck.Check(Tanh(v) * Sin(v), RuleGen.Vec(3), new RuleCheckOptions { Samples = 20 });
        output.WriteLine(result.Report);
        Assert.True(result.Passed, result.Report);
        Assert.StartsWith("⟨ȳ, ", result.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondOrderCheck_WrongSecondOrderRuleWithVecOutput_Fails()
    {
        var result = SecondOrderCheck.Check(WrongRulesOrder.VecCube(1.1), RuleGen.Vec(3), new RuleCheckOptions { Samples = 20 });
        output.WriteLine(result.Report);
        Assert.False(result.Passed);
    }

    [Fact]
    public void CheckOrder_BadArguments_Throw()
    {
        var f = WrongRulesOrder.Cube();
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.CheckOrder(f, 0.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.CheckOrder(f, 0.0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.CheckOrder(f, 0.0, 2, DerivativeModes.None));
    }

    [Fact]
    public void CheckOrder_RuleWithoutDifferentiablePushforward_ForwardModeSaysSo()
    {
        var f = WrongRulesOrder.Cube(withPushforward: false);
        Assert.Throws<NotTwiceDifferentiableException>(() => RuleCheck.CheckOrder(f, 0.0, 2, DerivativeModes.Forward, Quick));
        Assert.True(RuleCheck.CheckOrder(f, 0.0, 2, DerivativeModes.Reverse, Quick).Passed);
    }
}

/// <summary>Order-2 blame through a loop: the scan's pullback rule is entered step by step in its reverse sweep.</summary>
public class OrderCheckLoopTests(ITestOutputHelper output)
{
    [Fact]
    public void FoldWithWrongSecondOrderRuleInStep_OrderTwo_BlamesStepAndRule()
    {
        var (p, st, a) = Diff.Input<(double, double, double)>();
        var cube = WrongRulesOrder.Cube(pOfP: 1.1, fOfP: 1.1);
        var step = cube.Of((0.5 * p * st) + a);
        var fold = Vjp.Combinators.Control.Fold(step, new[] { 0.3, -0.2, 0.5 });

        var result = RuleCheck.CheckOrder(fold, (0.0, 0.0), 2, DerivativeModes.Reverse, new RuleCheckOptions { Samples = 30 });
        output.WriteLine(result.Report);

        Assert.True(result.Levels[0].Result.Passed, "order 1 is right");
        Assert.Equal(2, result.FailedOrder);
        var path = result.FailedLevel!.Result.BlamePath!;
        Assert.Matches(@"fold-pullback\[.*\] ▸ step 3: .*cube\.pullback$", path);
    }
}
