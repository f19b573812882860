namespace Vjp.Properties.Tests.Fuzzing;

public class RandomPipelineTests(ITestOutputHelper output)
{
    // VJP_FUZZ_PIPELINES raises the count for a soak run (the figures in the README come from such runs).
    private static readonly int Pipelines = int.TryParse(Environment.GetEnvironmentVariable("VJP_FUZZ_PIPELINES"), out var n) ? n : 3000;

    [Fact]
    public void RandomPipelines_UpToDepthEight_PassAllChecks()
    {
        var falseAlarms = 0;
        var samples = 0;
        var discarded = 0;
        var inconclusive = 0;
        var count = 0;
        var deepest = 0;
        var options = new RuleCheckOptions { Samples = 2, ShrinkAttempts = 20 };
        PipelineGen.Pipelines.Sample(p =>
        {
            var result = p.Check(options);
            Interlocked.Increment(ref count);
            Interlocked.Add(ref samples, result.SamplesChecked);
            Interlocked.Add(ref discarded, result.Discarded);
            Interlocked.Add(ref inconclusive, result.InconclusiveFiniteDifferences);
            InterlockedMax(ref deepest, p.Depth);
            if (!result.Passed)
            {
                Interlocked.Increment(ref falseAlarms);
                lock (output)
                {
                    output.WriteLine($"FALSE ALARM on {p}\n{result.Report}");
                }
            }
        }, iter: Pipelines, threads: Pipelines > 3000 ? -1 : 1);

        output.WriteLine($"Random pipelines: {count}, samples checked {samples}, discarded {discarded}, finite differences inconclusive {inconclusive}, deepest {deepest}; false alarms {falseAlarms}.");
        Assert.Equal(Pipelines, count);
        Assert.Equal(8, deepest);
        Assert.Equal(0, falseAlarms);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
