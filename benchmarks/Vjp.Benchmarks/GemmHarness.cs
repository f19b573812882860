using System.Globalization;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>gemm</c> mode: GFLOP/s of the packed kernel against its predecessor on every <see cref="GemmCase"/>,
/// old and new interleaved in each round, medians over rounds, timed by process CPU time
/// (<see cref="ProcessCpuClock"/>) so that waiting to be scheduled on a shared machine is not counted.
/// </summary>
public static class GemmHarness
{
    private const int Rounds = 15;

    public static int Run(TextWriter output, string[] args)
    {
        var paths = args.Length > 1 && args[1] == "paths";
        var filter = args.Length > (paths ? 2 : 1) ? args[^1] : "";
        var columns = paths
            ? Enum.GetValues<GemmPath>().Where(Gemm.IsAccelerated).Reverse().Select(p => p.ToString()).ToArray()
            : ["old", "new", "new, accumulate"];
        var clock = ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time";
        output.WriteLine($"GFLOP/s (2mkn per ns), median of {Rounds} interleaved rounds of about 20 ms each, timed by {clock}, one thread.");
        output.WriteLine();
        output.WriteLine($"| product | {string.Join(" | ", columns)} |{(paths ? "" : " new/old |")}");
        output.WriteLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}{(paths ? "" : "---:|")}");
        foreach (var g in GemmCase.All.Where(g => g.Name.Contains(filter, StringComparison.Ordinal)))
        {
            g.Check();
            Action[] ops = paths
                ? Enum.GetValues<GemmPath>().Where(Gemm.IsAccelerated).Reverse().Select(p => (Action)(() => g.NewOn(p))).ToArray()
                : [() => g.Old(), () => g.New(), () => g.New(accumulate: true)];
            var median = Measure(g, ops);
            var cells = string.Join(" | ", median.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)));
            var ratio = paths ? "" : string.Create(CultureInfo.InvariantCulture, $" {median[1] / median[0]:0.00} |");
            output.WriteLine($"| {g.Name} | {cells} |{ratio}");
        }

        return 0;
    }

    /// <summary>Median GFLOP/s of each op over the rounds, the ops taking turns within each round.</summary>
    private static double[] Measure(GemmCase g, Action[] ops)
    {
        var batch = ops.Select(BatchSize).ToArray();
        var rates = ops.Select(_ => new double[Rounds]).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < ops.Length; i++)
            {
                var start = ProcessCpuClock.Now();
                for (var call = 0; call < batch[i]; call++)
                {
                    ops[i]();
                }

                rates[i][round] = g.Flops * batch[i] / (ProcessCpuClock.Now() - start);
            }

            // Accumulating repeatedly would let C grow without bound; start each round from zero.
            g.New();
        }

        return rates.Select(Median).ToArray();
    }

    private static int BatchSize(Action op)
    {
        var start = ProcessCpuClock.Now();
        var calls = 0;
        while (calls < 20 || ProcessCpuClock.Now() - start < 200e6)
        {
            op();
            calls++;
        }

        var perCallMs = (ProcessCpuClock.Now() - start) / 1e6 / calls;
        return (int)Math.Clamp(20 / perCallMs, 1, 1_000_000);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

