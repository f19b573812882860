namespace Vjp.Properties.Tests.Checks;

public class BlameTests(ITestOutputHelper output)
{
    /// <summary>A user rule x ↦ a·x + sin(x)/n, with its pullback optionally wrong by a factor.</summary>
    private static Diff<Vec, Vec> Stage(int k, double pullbackFactor = 1)
    {
        var a = 1 + (0.01 * k);
        return Diff.Create<Vec, Vec>(
            $"layer{k:00}",
            x => (a * x) + x.Map(v => Math.Sin(v) / 40),
            (x, y, yBar) => pullbackFactor * ((a * yBar) + Vec.Hadamard(yBar, x.Map(v => Math.Cos(v) / 40))),
            (x, y, dx) => (a * dx) + Vec.Hadamard(dx, x.Map(v => Math.Cos(v) / 40)));
    }

    private static Diff<Vec, Vec> Pipeline(int stages, int wrong)
    {
        var p = Stage(1, wrong == 1 ? 1.01 : 1);
        for (var k = 2; k <= stages; k++)
        {
            p = p.Then(Stage(k, k == wrong ? 1.01 : 1));
        }

        return p;
    }

    [Fact]
    public void FortyStagePipeline_OneRuleOffByOnePercent_BlamesThatStage()
    {
        var result = RuleCheck.Check(Pipeline(40, wrong: 27), RuleGen.Vec(3));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Equal("pipeline ▸ stage 27: layer27", result.BlamePath);
        Assert.All(result.Blame, f => Assert.Equal("pipeline ▸ stage 27: layer27", f.Path));
        Assert.Contains(result.Blame, f => f.Kind == RuleCheckKind.Adjoint);
        Assert.Contains("pipeline ▸ stage 27: layer27", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void FortyStagePipeline_AllRulesRight_Passes()
    {
        var result = RuleCheck.Check(Pipeline(40, wrong: 0), RuleGen.Vec(3), new RuleCheckOptions { Samples = 20 });
        output.WriteLine(result.Report);
        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void NestedNamedBlocks_WrongRuleInside_PathNamesEveryLevel()
    {
        var x = Diff.Input<Vec>();
        var inner = Stage(1).Then(Stage(2, 2.0)).Named("encoder");
        var pipeline = Fn.Tanh(x).Then(Diff.Fanout(inner, Fn.Sin(x)).Then(VecPrimitives.Add)).Then(VecPrimitives.Sum);

        var result = RuleCheck.Check(pipeline, RuleGen.Vec(2));
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Equal("pipeline ▸ stage 2: fanout of 2 ▸ branch 1: encoder ▸ stage 2: layer02", result.BlamePath);
    }

    [Fact]
    public void SingleRule_Fails_HasNoBlamePath()
    {
        var result = RuleCheck.Check(Stage(1, 2.0), RuleGen.Vec(2));

        Assert.False(result.Passed);
        Assert.Null(result.BlamePath);
        Assert.Empty(result.Blame);
        Assert.Equal("layer01", result.Culprit!.Path);
    }
}
