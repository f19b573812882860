namespace Vjp.Properties.Tests.Checks;

public class SeedTests
{
    private static readonly Diff<Vec, double> WrongNorm = Diff.Create<Vec, double>("norm",
        v => v.Norm(), (v, y, yBar) => (yBar / (y * y)) * v, (v, y, dv) => Vec.Dot(v, dv) / y);

    [Fact]
    public void CounterexampleSeed_Replayed_FailsAtTheFirstSampleWithTheSameInputAndDirections()
    {
        var first = RuleCheck.Check(WrongNorm, RuleGen.Vec(1, 4));
        var replay = RuleCheck.Check(WrongNorm, RuleGen.Vec(1, 4), new RuleCheckOptions { Seed = first.CounterexampleSeed, ShrinkAttempts = 0 });

        Assert.Equal(1, replay.FailedAtSample);
        Assert.Equal((Vec)first.Counterexample!, (Vec)replay.Counterexample!);
        Assert.Equal(first.Failures[0].Tangent, replay.Failures[0].Tangent);
        Assert.Equal(first.Failures[0].Cotangent, replay.Failures[0].Cotangent);
        Assert.Equal(first.Failures[0].Left, replay.Failures[0].Left);
    }

    [Fact]
    public void RunSeed_RunTwice_SameResult()
    {
        var options = new RuleCheckOptions { Seed = "bzoiVEWx9DJYCOVF" };
        var a = RuleCheck.Check(WrongNorm, RuleGen.Vec(1, 4), options);
        var b = RuleCheck.Check(WrongNorm, RuleGen.Vec(1, 4), options);

        Assert.Equal("bzoiVEWx9DJYCOVF", a.Seed);
        Assert.Equal(a.Report, b.Report);
    }

    [Fact]
    public void PassingRun_Report_StatesItsSeed()
    {
        var result = RuleCheck.Check(VecPrimitives.Norm, RuleGen.Vec(1, 4));

        Assert.True(result.Passed);
        Assert.Contains(result.Seed, result.Report, StringComparison.Ordinal);
    }
}
