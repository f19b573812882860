namespace Vjp.Properties.Tests.Library;

public class LibraryRulesTests(ITestOutputHelper output)
{
    private const int Samples = 1000;

    public static TheoryData<LibraryRule> Rules => new(LibraryRules.All);

    [Fact]
    public void LibraryRules_OneThousandSamplesEach_NoFalseAlarm()
    {
        var falseAlarms = 0;
        var inconclusive = 0;
        var checkedSamples = 0;
        foreach (var rule in LibraryRules.All)
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

        output.WriteLine($"False alarms: {falseAlarms} of {LibraryRules.All.Count} library rules ({checkedSamples} samples, {Samples} per rule; finite differences inconclusive at {inconclusive}).");
        Assert.Equal(0, falseAlarms);
        Assert.True(LibraryRules.All.Count >= 70);
    }
}
