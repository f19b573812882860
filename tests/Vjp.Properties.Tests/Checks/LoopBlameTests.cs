using System.Collections.Immutable;
using Vjp.Combinators;
using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Checks;

/// <summary>Blame inside loops (Scan, Fold, Iterate) and maps (Map, Zip): the step and the element that first fail are named, and the rule inside them.</summary>
public class LoopBlameTests(ITestOutputHelper output)
{
    /// <summary>sin, with a pullback 10 % too large where |x| exceeds <paramref name="threshold"/> (everywhere for 0); the pushforward is right.</summary>
    private static Diff<double, double> Kbad(double threshold = 0) => Diff.Create<double, double>(
        "kbad",
        Math.Sin,
        (x, y, yBar) => yBar * Math.Cos(x) * (Math.Abs(x) > threshold ? 1.1 : 1),
        (x, y, dx) => Math.Cos(x) * dx);

    private static Diff<double, double> Ksin() => Diff.Create<double, double>(
        "ksin", Math.Sin, (x, y, yBar) => yBar * Math.Cos(x), (x, y, dx) => Math.Cos(x) * dx);

    [Fact]
    public void Iterate_StepWrongBeyondThreshold_NamesFirstFailingStepAndRule()
    {
        var kbad = Kbad(threshold: 2);
        var s = Diff.Input<double>();
        var step = s + 0.8 + (0.05 * kbad.Of(s));
        var loop = Control.Iterate(step, 8);

        var result = RuleCheck.Check(loop, Gen.Double[-0.5, 0.5]);
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        var path = result.BlamePath!;

        // The first step whose carry lies beyond the threshold, found by running the step (no derivative involved).
        var carry = (double)result.Counterexample!;
        var first = 1;
        while (Math.Abs(carry) <= 2)
        {
            carry = step.Invoke(carry);
            first++;
        }

        Assert.StartsWith($"iterate[8](", path, StringComparison.Ordinal);
        Assert.Contains($" ▸ step {first}: ", path, StringComparison.Ordinal);
        Assert.EndsWith(": kbad", path, StringComparison.Ordinal);
        Assert.Contains(result.Blame, f => f.Kind == RuleCheckKind.Adjoint);
    }

    [Fact]
    public void FoldOverData_WrongRuleInStepBody_NamesStepAndStage()
    {
        var (p, st, a) = Diff.Input<(double, double, double)>();
        var body = (p * st) + a;
        var step = body.Then(Kbad());
        var fold = Control.Fold(step, new[] { 0.3, -0.2, 0.5 });

        var result = RuleCheck.Check(fold, RuleGen.PointLike((0.0, 0.0), Domain.Interval(-1, 1)));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Matches(@"^pipeline ▸ stage 2: fold\[.*\] ▸ step 1: pipeline of \d+ stages ▸ stage \d+: kbad$", result.BlamePath!);
    }

    [Fact]
    public void Scan_WrongRuleOnlyLate_NamesTheLateStep()
    {
        var (p, st, a) = Diff.Input<(double, double, double)>();
        var kbad = Kbad(threshold: 1.5);
        var step = st + a + (0.01 * kbad.Of(st + p));
        var data = ImmutableArray.Create(0.6, 0.6, 0.6, 0.6, 0.6, 0.6);
        var scan = Control.Scan(step);

        var result = RuleCheck.Check(scan, Gen.Double[-0.2, 0.2].Select(x => (x, x, data)));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        var (p0, s0, _) = ((double, double, ImmutableArray<double>))result.Counterexample!;
        var (carry, first) = (s0, 1);
        while (Math.Abs(carry + p0) <= 1.5)
        {
            carry = step.Invoke((p0, carry, data[first - 1]));
            first++;
        }

        Assert.True(first > 1, "the threshold is passed only after the first step");
        Assert.StartsWith("scan[", result.BlamePath!, StringComparison.Ordinal);
        Assert.Contains($" ▸ step {first}: ", result.BlamePath!, StringComparison.Ordinal);
        Assert.EndsWith(": kbad", result.BlamePath!, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_WrongScalarRule_NamesElementAndSubRule()
    {
        var kbad = Kbad(threshold: 0.5);
        var x = Diff.Input<double>();
        var scalar = Sin(x) + (0.5 * kbad.Of(x));
        var v = Diff.Input<Vec>();
        var pipeline = Tanh(v).Map(scalar).Then(VecPrimitives.Sum);

        var result = RuleCheck.Check(pipeline, RuleGen.Vec(5));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        var input = (Vec)result.Counterexample!;
        var first = 1 + Enumerable.Range(0, input.Length).First(i => Math.Abs(Math.Tanh(input[i])) > 0.5);
        Assert.Matches(@$"^pipeline ▸ stage 2: map\(.*\) ▸ element {first}: .* ▸ .*kbad$", result.BlamePath!);
    }

    [Fact]
    public void Zip_WrongBinaryRule_NamesElementAndRule()
    {
        var kmul = Diff.Create<(double A, double B), double>(
            "kmul",
            ab => ab.A * ab.B,
            (ab, y, yBar) => (yBar * ab.B, 1.2 * yBar * ab.A),
            (ab, y, d) => (d.A * ab.B) + (ab.A * d.B));
        var zip = Arrow.Zip(kmul);

        var result = RuleCheck.Check(zip, (Vec.Zeros(3), Vec.Zeros(3)));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);

        // The planted error, 0.2·ȳ·a in b̄, vanishes where a = 0: the first failing element is the first with a ≠ 0
        // at the counterexample, found from the input alone (no derivative involved).
        var (a, _) = ((Vec, Vec))result.Counterexample!;
        var first = 1 + Enumerable.Range(0, a.Length).First(i => a[i] != 0);
        Assert.Equal($"zip(kmul(x)) ▸ element {first}: kmul", result.BlamePath);
    }

    [Fact]
    public void WhileAndCheckpointedFold_WrongRuleInStep_NamesTheStep()
    {
        var s = Diff.Input<double>();
        var loop = Control.While(s + 0.5 + (0.05 * Kbad().Of(s)), x => x < 3, maxSteps: 20);
        var whileResult = RuleCheck.Check(loop, Gen.Double[-0.5, 0.5]);
        output.WriteLine(whileResult.Report);
        Assert.Matches(@"^while\[≤20\]\(.*\) ▸ step \d+: .*kbad$", whileResult.BlamePath!);

        var (p, st, a) = Diff.Input<(double, double, double)>();
        var fold = Control.Fold(Kbad().Of((p * st) + a), new[] { 0.4, 0.4, 0.4, 0.4, 0.4 }, checkpoint: true);
        var foldResult = RuleCheck.Check(fold, RuleGen.PointLike((0.0, 0.0), Domain.Interval(-0.3, 0.3)));
        output.WriteLine(foldResult.Report);
        Assert.Matches(@"^pipeline ▸ stage 2: fold\[.*, checkpointed\] ▸ step 1: .*kbad$", foldResult.BlamePath!);
    }

    [Fact]
    public void CorrectLoopsAndMaps_FixedSeeds_NoFalseAlarm()
    {
        var ksin = Ksin();
        var (p, st, a) = Diff.Input<(double, double, double)>();
        var fold = Control.Fold(Tanh((p * st) + ksin.Of(a)), new[] { 0.3, -0.2, 0.5, 0.9 });
        var s = Diff.Input<double>();
        var iterate = Control.Iterate(s + (0.1 * ksin.Of(s)), 6);
        var x = Diff.Input<double>();
        var v = Diff.Input<Vec>();
        var map = Sin(v).Map(Cos(x) * ksin.Of(x)).Then(VecPrimitives.Sum);
        var options = new RuleCheckOptions { Samples = 60 };

        foreach (var result in new[]
        {
            RuleCheck.Check(fold, RuleGen.PointLike((0.0, 0.0), Domain.Interval(-1, 1)), options),
            RuleCheck.Check(iterate, RuleGen.Scalar(), options),
            RuleCheck.Check(map, RuleGen.Vec(4), options),
        })
        {
            Assert.True(result.Passed, result.Report);
        }
    }
}
