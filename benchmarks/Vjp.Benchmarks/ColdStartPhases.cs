using Stopwatch = System.Diagnostics.Stopwatch;
using System.Diagnostics.Tracing;
using System.Globalization;
using Vjp.Functional;
using Vjp.Functional.Engine;
using Trace = Vjp.Functional.Engine.Trace;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>coldstart phases [n]</c> mode: where the bytes of the first Invoke and first Gradient of an n-term sum go,
/// phase by phase (building the Diff, compiling its tape, the interpreted sweeps), with the allocation by type
/// sampled from the runtime's allocation ticks (one event per ~100 KB allocated, naming the type allocated).
/// </summary>
public static class ColdStartPhases
{
    /// <summary>Runs the mode.</summary>
    public static int Run(TextWriter output, int n)
    {
        ArgumentNullException.ThrowIfNull(output);
        var x = Vec.Of(0.5, -1, 2);
        ColdStartProbe.Sum(50).Invoke(x);
        ColdStartProbe.Sum(50).Gradient(x);
        using var ticks = new AllocationTicks();
        Diff<Vec, double> f = null!;
        Tape tape = null!;
        Trace trace = null!;
        Phase(output, ticks, "build the Diff", () => f = ColdStartProbe.Sum(n));
        Phase(output, ticks, "compile the tape", () => tape = f.Node.Tape);
        Phase(output, ticks, "interpreted run", () => tape.RunInterpreted(x));
        Phase(output, ticks, "interpreted record", () => trace = tape.RecordInterpreted(x));
        Phase(output, ticks, "interpreted pullback", () => tape.PullbackInterpreted(trace, 1.0));
        GC.KeepAlive(trace);
        var g = ColdStartProbe.Sum(n);
        Phase(output, ticks, "first Gradient (fresh Diff, all)", () => g.Gradient(x));
        var h = ColdStartProbe.Sum(n);
        Phase(output, ticks, "first Invoke (fresh Diff, all)", () => h.Invoke(x));
        return 0;
    }

    private static void Phase(TextWriter output, AllocationTicks ticks, string name, Action act)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ticks.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        act();
        var elapsed = clock.Elapsed;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {elapsed.TotalMilliseconds:0.0} ms, {bytes / (double)(1 << 20):0.00} MiB"));
        foreach (var (type, amount) in ticks.Top(12))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {amount / (double)(1 << 20),7:0.00} MiB  {type}"));
        }
    }

    private sealed class AllocationTicks : EventListener
    {
        private readonly Dictionary<string, long> _bytes = [];
        private readonly Lock _lock = new();

        public void Reset()
        {
            lock (_lock)
            {
                _bytes.Clear();
            }
        }

        public List<(string, long)> Top(int k)
        {
            lock (_lock)
            {
                return [.. _bytes.OrderByDescending(p => p.Value).Take(k).Select(p => (p.Key, p.Value))];
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
            {
                return;
            }

            var names = e.PayloadNames!;
            var type = names.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
            var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 100_000;
            lock (_lock)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
