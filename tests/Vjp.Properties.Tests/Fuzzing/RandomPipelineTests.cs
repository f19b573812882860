namespace Vjp.Properties.Tests.Fuzzing;

public class RandomPipelineTests(ITestOutputHelper output)
{
    // VJP_SOAK_PIPELINES (or its older name VJP_FUZZ_PIPELINES) sets the count for a soak run (the figures in the
    // README come from such runs); the test prints the pipelines checked per second.
    private static readonly int Pipelines =
        int.TryParse(Environment.GetEnvironmentVariable("VJP_SOAK_PIPELINES") ?? Environment.GetEnvironmentVariable("VJP_FUZZ_PIPELINES"), out var n) ? n : 3000;

    // The merge gate checks one fixed corpus of pipelines (each with its own check seed, so its inputs and
    // directions are fixed too): CI is reproducible, and a failure names the pipeline's index in the corpus.
    // A soak run (VJP_SOAK=1, the switch of every test project; VJP_FUZZ_SEED=random still works for this test
    // alone) draws fresh pipelines with CsCheck instead, in parallel; a false alarm prints its pipeline and the
    // check seed that replays it.
    private const string CorpusSeed = "0N0XIzNsQ0O2";

    /// <summary>The options of every pipeline's check, in CI and in a soak: every law at its default except 2 samples per pipeline and 20 shrink attempts.</summary>
    internal static RuleCheckOptions Options { get; } = new() { Samples = 2, ShrinkAttempts = 20 };

    private static readonly bool Fresh = Seeded.Soak || Environment.GetEnvironmentVariable("VJP_FUZZ_SEED") == "random";

    [Fact]
    public void RandomPipelines_UpToDepthEight_PassAllChecks()
    {
        var falseAlarms = 0;
        var samples = 0;
        var discarded = 0;
        var inconclusive = 0;
        var count = 0;
        var deepest = 0;
        var options = Options;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (Fresh)
        {
            // Fresh pipelines from a fresh root seed (logged by Seeded), each generated from a state of its own that
            // a false alarm prints: Replay(pipelineSeed, checkSeed) rebuilds the pipeline and its input exactly.
            var pcg = PCG.Parse(Seeded.SeedFor(nameof(RandomPipelines_UpToDepthEight_PassAllChecks)));
            // Only the seeds are kept (a soak of 10⁶ pipelines would not fit in memory as pipelines): each worker
            // rebuilds its pipeline from its seed, as a replay does, and drops it once checked.
            var seeds = new string[Pipelines];
            for (var i = 0; i < Pipelines; i++)
            {
                var state = pcg.State;
                _ = PipelineGen.Pipelines.Generate(pcg, null, out _);
                seeds[i] = pcg.ToString(state);
            }

            Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed => Check(PipelineGen.Pipelines.Generate(PCG.Parse(seed), null, out _), -1, seed));
        }
        else
        {
            var pcg = PCG.Parse(CorpusSeed);
            for (var i = 0; i < Pipelines; i++)
            {
                Check(PipelineGen.Pipelines.Generate(pcg, null, out _), i);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"Random pipelines ({(Fresh ? "fresh" : $"corpus {CorpusSeed}")}): {count}, samples checked {samples}, discarded {discarded}, finite differences inconclusive {inconclusive}, deepest {deepest}; false alarms {falseAlarms}; {seconds:F0} s, {count / seconds:F0} pipelines/s.");
        Assert.Equal(Pipelines, count);
        Assert.Equal(8, deepest);
        Assert.Equal(0, falseAlarms);

        void Check(Pipeline p, int index, string? pipelineSeed = null)
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
                    output.WriteLine($"FALSE ALARM on {(index >= 0 ? $"corpus pipeline {index}, " : "")}{(pipelineSeed is null ? "" : $"pipeline seed {pipelineSeed}, ")}{p}\n{result.Report}");
                }
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
