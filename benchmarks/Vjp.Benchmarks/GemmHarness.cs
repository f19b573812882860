using System.Diagnostics;
using System.Globalization;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>gemm</c> mode: GFLOP/s of the packed kernel against its predecessor on every <see cref="GemmCase"/>,
/// old and new interleaved in each round, medians over rounds (a quick check for a shared machine).
/// </summary>
public static class GemmHarness
{
    private const int Rounds = 15;

    public static int Run(TextWriter output, string[] args)
    {
        var filter = args.Length > 1 ? args[1] : "";
        output.WriteLine($"GFLOP/s, median of {Rounds} interleaved rounds of about 20 ms each (wall clock, one thread).");
        output.WriteLine();
        output.WriteLine("| product | old | new | new, accumulate | new/old |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var g in GemmCase.All.Where(g => g.Name.Contains(filter, StringComparison.Ordinal)))
        {
            Action[] ops = [() => g.Old(), () => g.New(), () => g.New(accumulate: true)];
            var batch = ops.Select(BatchSize).ToArray();
            var rates = ops.Select(_ => new double[Rounds]).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < ops.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    for (var call = 0; call < batch[i]; call++)
                    {
                        ops[i]();
                    }

                    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    rates[i][round] = g.Flops * batch[i] / seconds / 1e9;
                }

                // Accumulating repeatedly would let C grow without bound; start each round from zero.
                g.New();
            }

            var median = rates.Select(Median).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Name} | {median[0]:0.0} | {median[1]:0.0} | {median[2]:0.0} | {median[1] / median[0]:0.00} |"));
        }

        return 0;
    }

    private static int BatchSize(Action op)
    {
        var start = Stopwatch.GetTimestamp();
        var calls = 0;
        while (calls < 20 || Stopwatch.GetElapsedTime(start).TotalMilliseconds < 100)
        {
            op();
            calls++;
        }

        var perCallMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
        return (int)Math.Clamp(20 / perCallMs, 1, 1_000_000);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

