using System.Diagnostics;
using System.Globalization;
using Vjp.Functional;
using Vjp.Properties;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>check</c> mode: the wall-clock time of one <see cref="RuleCheck.Check{TIn, TOut}(Diff{TIn, TOut}, CsCheck.Gen{TIn}, RuleCheckOptions?)"/>
/// with default options (100 samples, every law) on rules over <c>Vec(100)</c>: the library's elementwise tanh, a
/// user-written elementwise tanh (<c>Diff.Create</c>, no compiled path) and the library's softmax. The target is
/// at most 100 ms for a length-100 rule. Runs interleave the rules; min, median and max over the runs of the
/// wall-clock time and of the process's CPU time (all threads: the concurrency law runs 4; CPU time does not count
/// the waits of a shared machine) are printed with the load average before and after.
/// </summary>
public static class CheckProbe
{
    /// <summary>Times <paramref name="runs"/> rounds (at least 5) after one warm-up round.</summary>
    public static int Run(TextWriter output, int runs)
    {
        runs = Math.Max(5, runs);
        var rules = new (string Name, Func<RuleCheckResult> Check)[]
        {
            ("tanh (library), Vec(100)", () => RuleCheck.Check(V.Tanh, RuleGen.Vec(100))),
            ("tanh (Diff.Create), Vec(100)", () => RuleCheck.Check(UserTanh, RuleGen.Vec(100))),
            ("softmax (library), Vec(100)", () => RuleCheck.Check(Vjp.Combinators.Layers.Softmax(), RuleGen.Vec(100))),
        };

        output.WriteLine($"check: RuleCheck.Check with default options ({RuleCheckOptions.Default.Samples} samples), {runs} interleaved rounds after a warm-up of at least 2 s; load average before: {Load()}");
        // A check that fails stops at the failing sample and then shrinks: its time is not that of a full check,
        // so a failing rule is reported (its report's first lines) and marked in the table.
        var verdicts = new string[rules.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            var first = Stopwatch.StartNew();
            var warm = rules[i].Check();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rules[i].Name,-32} first check in the process (JIT included) {first.Elapsed.TotalMilliseconds,7:F1} ms"));
            verdicts[i] = warm.Passed ? "passed" : $"FAILED at sample {warm.FailedAtSample}";
            if (!warm.Passed)
            {
                output.WriteLine($"{rules[i].Name}: FAILED\n{string.Join('\n', warm.Report.Split('\n').Take(12))}");
            }
        }

        // The slow rounds of a short warm-up were the JIT's tiering (methods recompiled at tier 1 on a background
        // thread while the first timed rounds ran: their CPU time exceeded their wall time, and with
        // DOTNET_TieredCompilation=0 the maximum fell from 150–330 ms to 50–76 ms): warm up for at least 2 s, so the
        // rounds time the check itself; the first check of each rule above is the figure with the JIT.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 2)
        {
            foreach (var rule in rules)
            {
                rule.Check();
            }
        }

        (_forwards, _pullbacks, _pushforwards) = (0, 0, 0);
        rules[1].Check();
        output.WriteLine($"one check of the user-written tanh calls its forward {_forwards}, pullback {_pullbacks} and pushforward {_pushforwards} times");
        var times = rules.Select(_ => new List<double>()).ToArray();
        var cpu = rules.Select(_ => new List<double>()).ToArray();
        var bytes = rules.Select(_ => new List<double>()).ToArray();
        var gcs = new int[rules.Length, 3];
        for (var r = 0; r < runs; r++)
        {
            for (var i = 0; i < rules.Length; i++)
            {
                var (g0, g1, g2, b0) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
                var c0 = ProcessCpuClock.Now();
                var sw = Stopwatch.StartNew();
                rules[i].Check();
                sw.Stop();
                bytes[i].Add((GC.GetTotalAllocatedBytes() - b0) / 1048576.0);
                (gcs[i, 0], gcs[i, 1], gcs[i, 2]) = (gcs[i, 0] + GC.CollectionCount(0) - g0, gcs[i, 1] + GC.CollectionCount(1) - g1, gcs[i, 2] + GC.CollectionCount(2) - g2);
                cpu[i].Add((ProcessCpuClock.Now() - c0) / 1e6);
                times[i].Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        for (var i = 0; i < rules.Length; i++)
        {
            var t = times[i].Order().ToArray();
            var c = cpu[i].Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rules[i].Name,-32} wall min {t[0],7:F1} median {t[t.Length / 2],7:F1} max {t[^1],7:F1} ms; CPU min {c[0],7:F1} median {c[c.Length / 2],7:F1} max {c[^1],7:F1} ms; {bytes[i].Average(),5:F1} MiB allocated per check, GCs gen0/1/2 over the rounds {gcs[i, 0]}/{gcs[i, 1]}/{gcs[i, 2]}  ({verdicts[i]})"));
        }

        output.WriteLine($"load average after: {Load()} ({Environment.ProcessorCount} cores)");
        return 0;
    }

    private static long _forwards;
    private static long _pullbacks;
    private static long _pushforwards;

    /// <summary>Elementwise tanh as a user writes it, with both modes; its calls are counted (a measure of the check's work that no load disturbs).</summary>
    private static Diff<Vec, Vec> UserTanh { get; } = Diff.Create<Vec, Vec>("tanh",
        v =>
        {
            Interlocked.Increment(ref _forwards);
            return v.Map(Math.Tanh);
        },
        (v, y, yBar) =>
        {
            Interlocked.Increment(ref _pullbacks);
            return Vec.Generate(v.Length, i => yBar[i] * (1 - (y[i] * y[i])));
        },
        (v, y, dv) =>
        {
            Interlocked.Increment(ref _pushforwards);
            return Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]);
        });

    private static string Load()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
