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
