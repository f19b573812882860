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
/// at most 100 ms for a length-100 rule. Runs interleave the rules; min, median and max over the runs are printed
/// with the load average of the machine before and after.
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

        output.WriteLine($"check: RuleCheck.Check with default options ({RuleCheckOptions.Default.Samples} samples), {runs} interleaved rounds after a warm-up; load average before: {Load()}");
        foreach (var (name, check) in rules)
        {
            var warm = check();
            if (!warm.Passed)
            {
                output.WriteLine($"{name}: FAILED\n{warm.Report}");
                return 1;
            }
        }

        var times = rules.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < runs; r++)
        {
            for (var i = 0; i < rules.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                var result = rules[i].Check();
                sw.Stop();
                if (!result.Passed)
                {
                    output.WriteLine($"{rules[i].Name}: FAILED\n{result.Report}");
                    return 1;
                }

                times[i].Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        for (var i = 0; i < rules.Length; i++)
        {
            var t = times[i].Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rules[i].Name,-32} min {t[0],7:F1} ms   median {t[t.Length / 2],7:F1} ms   max {t[^1],7:F1} ms"));
        }

        output.WriteLine($"load average after: {Load()} ({Environment.ProcessorCount} cores)");
        return 0;
    }

    /// <summary>Elementwise tanh as a user writes it, with both modes.</summary>
    private static Diff<Vec, Vec> UserTanh { get; } = Diff.Create<Vec, Vec>("tanh",
        v => v.Map(Math.Tanh),
        (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (1 - (y[i] * y[i]))),
        (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));

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
