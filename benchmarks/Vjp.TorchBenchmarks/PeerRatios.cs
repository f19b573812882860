using System.Globalization;
using Vjp.Benchmarks;

namespace Vjp.TorchBenchmarks;

/// <summary>Who computes a row: the library, a hand-written version on the library's kernels, or TorchSharp.</summary>
public enum Peer
{
    /// <summary>Vjp's own API (a <c>Diff</c>, or a <c>Mat</c> kernel).</summary>
    Vjp,

    /// <summary>The same maths written by hand on Vjp's <c>Mat</c> kernels.</summary>
    Hand,

    /// <summary>TorchSharp (libtorch), one thread, f64.</summary>
    Torch,
}

/// <summary>One measured operation.</summary>
/// <param name="Name">What the row computes.</param>
/// <param name="Peer">Who computes it.</param>
/// <param name="Op">One call.</param>
/// <param name="Flops">Floating-point operations per call, for a GFLOP/s column (0: none).</param>
public sealed record PeerRow(string Name, Peer Peer, Action Op, double Flops = 0);

/// <summary>Rows that compute the same thing and are timed against each other.</summary>
/// <param name="Name">The group's name (what the filter matches).</param>
/// <param name="Rows">Its rows; the first TorchSharp row and the first hand-written row are the references of the two ratio columns.</param>
/// <param name="Owned">Native resources (tensors) the rows use, disposed after the group is measured.</param>
public sealed record PeerGroup(string Name, PeerRow[] Rows, IDisposable? Owned = null);

/// <summary>
/// Interleaved, paired timing in the manner of <c>benchmarks/Vjp.Benchmarks/PairedRatios.cs</c>: each round
/// times a batch of every row of a group back to back (rows take turns), each row's time is divided by the
/// reference rows' times of the same round, and the median of those per-round ratios is reported. Load that
/// changes slowly compared with a round cancels out of each ratio; time is the process's CPU time where the
/// platform has a precise clock for it, so waiting to be scheduled is not counted.
/// </summary>
/// <remarks>
/// Two ratio columns: to the group's TorchSharp row and to its hand-written row (a ratio above 1 means the
/// row is slower than that peer). Bytes per call are exact managed allocations on this thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, the least over a few calls after warm-up) for the
/// Vjp and hand-written rows; TorchSharp's tensors live in native memory, which that counter does not see.
/// </remarks>
public static class PeerRatios
{
    /// <summary>Prints the table header.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="rounds">Rounds per group.</param>
    public static void Header(TextWriter output, int rounds)
    {
        ArgumentNullException.ThrowIfNull(output);
        var clock = ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time";
        output.WriteLine($"Median over {rounds} rounds of paired measurements (rows interleaved within each round), timed by {clock}; " +
            "ratios are per-round time / the peer row's time in the same round (> 1: slower than that peer).");
        output.WriteLine();
        output.WriteLine("| group | row | median time/call | / TorchSharp | / hand-written | GFLOP/s | bytes/call |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    }

    /// <summary>Measures one group and prints its rows.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="group">The group.</param>
    /// <param name="rounds">Rounds (odd, so the median is one of them).</param>
    public static void Measure(TextWriter output, PeerGroup group, int rounds)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(group);
        var rows = group.Rows;
        var batch = rows.Select(r => BatchSize(r.Op)).ToArray();
        var bytes = rows.Select(r => r.Peer == Peer.Torch ? double.NaN : BytesPerCall(r.Op)).ToArray();
        var perCall = rows.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var op = rows[i].Op;
                var start = ProcessCpuClock.Now();
                for (var k = 0; k < batch[i]; k++)
                {
                    op();
                }

                perCall[i][round] = (ProcessCpuClock.Now() - start) / batch[i];
            }
        }

        var torch = Array.FindIndex(rows, r => r.Peer == Peer.Torch);
        var hand = Array.FindIndex(rows, r => r.Peer == Peer.Hand);
        for (var i = 0; i < rows.Length; i++)
        {
            var time = Median(perCall[i]);
            var gflops = rows[i].Flops > 0 ? string.Create(CultureInfo.InvariantCulture, $"{rows[i].Flops / time:0.0}") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Name} | {rows[i].Name} | {FormatTime(time)} | {Ratio(perCall, i, torch, rounds)} | {Ratio(perCall, i, hand, rounds)} | {gflops} | {FormatBytes(bytes[i])} |"));
        }

        output.Flush();
    }

    private static string Ratio(double[][] perCall, int row, int reference, int rounds) =>
        reference < 0 || reference == row
            ? (reference == row ? "1" : "")
            : FormatRatio(Median(Enumerable.Range(0, rounds).Select(r => perCall[row][r] / perCall[reference][r])));

    /// <summary>Three significant figures, never in exponent form (0.00862, 0.84, 12.3, 4736).</summary>
    private static string FormatRatio(double ratio) => ratio switch
    {
        >= 100 => string.Create(CultureInfo.InvariantCulture, $"{ratio:0}"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{ratio:0.0}"),
        >= 1 => string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}"),
        > 0 => Math.Round(ratio, 2 - (int)Math.Floor(Math.Log10(ratio))).ToString("0.#########", CultureInfo.InvariantCulture),
        _ => ratio.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Calls per batch so that a batch takes about 20 ms, after warming the JIT up (as the suite's <c>ratios</c> mode).</summary>
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

    /// <summary>Exact managed bytes one call allocates on this thread: the least over five calls (a collection inside a call adds bookkeeping).</summary>
    private static double BytesPerCall(Action op)
    {
        var best = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            op();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string FormatTime(double ns) => ns switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.00} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
    };

    private static string FormatBytes(double bytes) => bytes switch
    {
        double.NaN => "—",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):0.00} MB"),
    };
}
