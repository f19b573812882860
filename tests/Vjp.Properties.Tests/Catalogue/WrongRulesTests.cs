namespace Vjp.Properties.Tests.Catalogue;

public class WrongRulesTests(ITestOutputHelper output)
{
    public static TheoryData<WrongRule> Rules => new(WrongRules.All);

    [Fact]
    public void Catalogue_EveryWrongRule_IsCaught()
    {
        var caught = 0;
        foreach (var rule in WrongRules.All)
        {
            var result = rule.Check(RuleCheckOptions.Default);
            var kinds = string.Join(", ", result.Failures.Select(f => f.Kind).Distinct());
            if (!result.Passed)
            {
                caught++;
            }

            output.WriteLine($"{(result.Passed ? "MISSED" : "caught")}  {rule.Name,-36} {rule.Flaw}  →  {kinds}");
        }

        output.WriteLine($"Catch rate: {caught}/{WrongRules.All.Count} ({100.0 * caught / WrongRules.All.Count:F0}%)");
        Assert.True(WrongRules.All.Count >= 25);
        Assert.Equal(WrongRules.All.Count, caught);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void WrongRule_Checked_ReportsTheLawItBreaks(WrongRule rule)
    {
        var result = rule.Check(RuleCheckOptions.Default);

        Assert.False(result.Passed, rule.Flaw);
        if (rule.MustReport is { } kind)
        {
            Assert.Contains(result.Failures, f => f.Kind == kind);
        }

        var culprit = result.Culprit!;
        Assert.Contains(culprit.Path, result.Report, StringComparison.Ordinal);
        Assert.Contains(result.CounterexampleSeed!, result.Report, StringComparison.Ordinal);
    }
}
