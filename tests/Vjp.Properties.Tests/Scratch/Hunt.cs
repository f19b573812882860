namespace Vjp.Properties.Tests.Scratch;

public class Hunt(ITestOutputHelper output)
{
    [Fact]
    public void HuntFalseAlarms()
    {
        var names = (Environment.GetEnvironmentVariable("HUNT") ?? "vec.div").Split(',');
        var reps = int.Parse(Environment.GetEnvironmentVariable("HUNT_REPS") ?? "20");
        foreach (var rule in Library.LibraryRules.All.Where(r => names.Contains(r.Name) || names.Contains("all")))
        {
            for (var i = 0; i < reps; i++)
            {
                var r = rule.Check(new RuleCheckOptions { Samples = 1000, ShrinkAttempts = 0 });
                if (!r.Passed)
                {
                    output.WriteLine(rule.Name + "\n" + r.Report);
                    foreach (var f in r.Failures) output.WriteLine(f.ToString() + " L=" + string.Join(",", f.Left) + " R=" + string.Join(",", f.Right));
                    break;
                }
            }
        }
    }
}

public class HuntFuzz(ITestOutputHelper output)
{
    [Fact]
    public void HuntFuzzFalseAlarms()
    {
        var n = int.Parse(Environment.GetEnvironmentVariable("HUNT_FUZZ") ?? "2000");
        var samples = int.Parse(Environment.GetEnvironmentVariable("HUNT_SAMPLES") ?? "2");
        var alarms = 0; var inconclusive = 0; var discarded = 0; var checkedSamples = 0; var order = new List<double>();
        Fuzzing.PipelineGen.Pipelines.Sample(p =>
        {
            var r = p.Check(new RuleCheckOptions { Samples = samples, ShrinkAttempts = 0 });
            lock (output)
            {
                inconclusive += r.InconclusiveFiniteDifferences; discarded += r.Discarded; checkedSamples += r.SamplesChecked;
                var only = Environment.GetEnvironmentVariable("HUNT_KIND"); if (!r.Passed && (only is null || r.Failures.Any(f => f.Kind.ToString() == only)) && alarms++ < 5) output.WriteLine(p.ToString()[..Math.Min(600, p.ToString().Length)] + "\n" + r.Report + "\n" + $"ALARM {p.Depth} n={p.Length}\n{r.Report}\n" + string.Join("\n", r.Failures.Select(f => f.Kind + " L=" + string.Join(",", f.Left) + " R=" + string.Join(",", f.Right))));
            }
        }, iter: n, threads: 2);
        output.WriteLine($"alarms {alarms}, checked {checkedSamples}, inconclusive {inconclusive}, discarded {discarded}");
    }
}
