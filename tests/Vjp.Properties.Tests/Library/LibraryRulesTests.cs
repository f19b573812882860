namespace Vjp.Properties.Tests.Library;

public class LibraryRulesTests(ITestOutputHelper output)
{
    private const int Samples = 1000;

    private static readonly IReadOnlyList<LibraryRule> Everything = [.. LibraryRules.All, .. CombinatorRules.All];

    public static TheoryData<LibraryRule> Rules => new(Everything);

    [Fact]
    public void LibraryRules_OneThousandSamplesEach_NoFalseAlarm()
    {
        var falseAlarms = 0;
        var inconclusive = 0;
        var checkedSamples = 0;
        foreach (var rule in Everything)
        {
            var result = rule.Check(new RuleCheckOptions { Samples = Samples, ShrinkAttempts = 50 });
            checkedSamples += result.SamplesChecked;
            inconclusive += result.InconclusiveFiniteDifferences;
            if (!result.Passed)
            {
                falseAlarms++;
                output.WriteLine($"FALSE ALARM {rule.Name}:\n{result.Report}");
            }
            else
            {
                output.WriteLine($"{rule.Name,-22} {result.SamplesChecked} samples, seed {result.Seed}, Taylor order ≥ {result.MinTaylorOrder:F2} at {result.TaylorOrdersMeasured}, FD inconclusive {result.InconclusiveFiniteDifferences}");
            }
        }

        output.WriteLine($"False alarms: {falseAlarms} of {Everything.Count} library rules (primitives and combinators) ({checkedSamples} samples, {Samples} per rule; finite differences inconclusive at {inconclusive}).");
        Assert.Equal(0, falseAlarms);
        Assert.True(LibraryRules.All.Count >= 70);
        Assert.True(CombinatorRules.All.Count >= 25);
    }
}
