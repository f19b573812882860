using static Vjp.Functional.Fn;

namespace Vjp.Properties.Tests.Docs;

/// <summary>
/// The README section "Testing your own pullbacks": the user's rule passes, and the report of the deliberately
/// wrong version is produced here and written to docs/rulecheck-report.txt, from which the README quotes it.
/// </summary>
public class ReadmeReportTests(ITestOutputHelper output)
{
    // Fixed seeds, so that the file (and the README) do not change from run to run.
    private const string RuleSeed = "5p9-a9rPA0mdtUgW1";
    private const string PipelineSeed = "cBay33bZNu_Nkzub1";

    [Fact]
    public void Silu_CorrectRule_SatisfiesItsLaws()
    {
        // snippet: rulecheck-test
        Silu.Rule.ShouldSatisfyRuleLaws(RuleGen.Scalar());   // throws RuleCheckException with a report if a law fails
        // end snippet
    }

    [Fact]
    public void Silu_WrongRule_ThrowsRuleCheckExceptionWhoseMessageIsTheReport()
    {
        // snippet: errors-properties
        var e = Assert.Throws<RuleCheckException>(() => Silu.Wrong.ShouldSatisfyRuleLaws(RuleGen.Scalar(), new RuleCheckOptions { Seed = "5p9-a9rPA0mdtUgW1" }));
        Assert.StartsWith("Rule check failed: silu", e.Message, StringComparison.Ordinal);
        // end snippet
    }

    [Fact]
    public void Silu_WrongRule_ReportIsWrittenForTheReadme()
    {
        var alone = RuleCheck.Check(Silu.Wrong, RuleGen.Scalar(), new RuleCheckOptions { Seed = RuleSeed });
        var x = Diff.Input<Vec>();
        var pipeline = Sum(Tanh(x)).Then(Silu.Wrong).Then(ScalarPrimitives.Square);
        var inPipeline = RuleCheck.Check(pipeline, RuleGen.Vec(1, 4), new RuleCheckOptions { Seed = PipelineSeed });

        var text = $"""
            // Silu.Wrong.ShouldSatisfyRuleLaws(RuleGen.Scalar()) throws RuleCheckException with this message:

            {alone.Report}
            // The same rule as stage 3 of a pipeline, Sum(Tanh(x)).Then(Silu.Wrong).Then(ScalarPrimitives.Square):

            {inPipeline.Report}
            """;
        output.WriteLine(text);
        File.WriteAllText(Path.Combine(RepositoryRoot(), "docs", "rulecheck-report.txt"), text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");

        Assert.False(alone.Passed);
        Assert.StartsWith("Rule check failed: silu", alone.Report, StringComparison.Ordinal);
        Assert.Contains("the pullback is wrong", alone.Report, StringComparison.Ordinal);
        Assert.Contains("cotangent  ȳ = ", alone.Report, StringComparison.Ordinal);
        Assert.Contains($"Seed = \"{alone.CounterexampleSeed}\"", alone.Report, StringComparison.Ordinal);
        Assert.Contains(alone.Failures, f => f.Kind == RuleCheckKind.Adjoint);
        Assert.Equal("pipeline ▸ stage 3: silu", inPipeline.BlamePath);
        Assert.Contains("pipeline ▸ stage 3: silu", inPipeline.Report, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vjp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Vjp.sln not found above " + AppContext.BaseDirectory);
    }
}
