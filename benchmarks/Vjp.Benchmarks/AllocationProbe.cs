using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>alloc</c> mode: what one call allocates, measured exactly with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, and split into the part that grows with the
/// vector length n and the part that does not.
/// </summary>
/// <remarks>
/// <para>
/// .NET has no exact per-object allocation counter, so the split is done from exact byte counts at
/// several n. An array of n doubles costs 8n bytes plus a fixed 24-byte header, so bytes per call are
/// <c>B(n) = F + k·8n</c>: k is the number of length-n buffers a call allocates (results and
/// intermediates) and F the bytes of everything else (engine bookkeeping, boxes, closures, the arrays'
/// headers). k comes from the two largest n; F is then printed at every n. When k is a whole number and F
/// is the same at every n, the number of objects a call allocates does not depend on n; only the size of
/// its k vectors does, which no API returning fresh vectors can avoid.
/// </para>
/// <para>
/// Where the bytes of calls made only of small objects go is estimated by sampling: the runtime's GC
/// AllocationTick event fires about every 100 KB allocated and names the type of the object that
/// crossed the threshold, so summing the sampled amounts per type estimates bytes per type (a
/// statistical estimate, not a count; printed as shares).
/// </para>
/// </remarks>
public static class AllocationProbe
{
    private static readonly int[] Sizes = [1_000, 10_000, 100_000, 1_000_000];

    public static int Run(TextWriter output)
    {
        output.WriteLine("Allocations per call, exact (GC.GetAllocatedBytesForCurrentThread around single calls in no-GC regions, after warm-up).");
        output.WriteLine();

        output.WriteLine("| workload | call | bytes/call |");
        output.WriteLine("|---|---|---:|");
        var f = Workloads.WorkedExample;
        Vec x = Workloads.WorkedX, v = Workloads.WorkedV;
        Row(output, "worked example", "Invoke", Measure(() => f.Invoke(x)));
        Row(output, "worked example", "Vjp", Measure(() => f.Vjp(x, v)));
        Row(output, "worked example", "Vjp by hand", Measure(() => Workloads.WorkedVjpByHand(x, v)));
        var chain = Workloads.ScalarChain;
        Row(output, "scalar chain (100 stages)", "Invoke", Measure(() => chain.Invoke(Workloads.ChainX)));
        Row(output, "scalar chain (100 stages)", "Gradient", Measure(() => chain.Gradient(Workloads.ChainX)));
        Row(output, "scalar chain (100 stages)", "Gradient by hand", Measure(() => Workloads.ChainGradientByHand(Workloads.ChainX)));
        Row(output, "scalar chain (100 stages)", "Hvp", Measure(() => chain.Hvp(Workloads.ChainX, 1.0)));
        var worked = Workloads.WorkedExampleScalar;
        var direction = Vec.Of(0.3, -0.8);
        Row(output, "worked example ⟨v, f(x)⟩", "Gradient", Measure(() => worked.Gradient(x)));
        Row(output, "worked example ⟨v, f(x)⟩", "Hvp", Measure(() => worked.Hvp(x, direction)));
        var mlp = Workloads.MlpLoss;
        MlpParams at = Workloads.RandomMlp(40), towards = Workloads.RandomMlp(50);
        Row(output, "MLP loss (32-64-10)", "Gradient", Measure(() => mlp.Gradient(at)));
        Row(output, "MLP loss (32-64-10)", "Hvp", Measure(() => mlp.Hvp(at, towards)));
        output.WriteLine();

        output.WriteLine("Vector loss Σ tanh(x)·x + ½⟨x, x⟩: B(n) = F + k·8n, k = length-n buffers per call, F = all other bytes.");
        output.WriteLine();
        output.WriteLine("| call | n | bytes/call | k (length-n buffers) | F = B − k·8n |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        var loss = Workloads.VectorLoss;
        Decompose(output, "Invoke", n => { var xn = Workloads.RandomVec(n, 1); return () => loss.Invoke(xn); });
        Decompose(output, "Gradient", n => { var xn = Workloads.RandomVec(n, 1); return () => loss.Gradient(xn); });
        Decompose(output, "Gradient by hand", n => { var xn = Workloads.RandomVec(n, 1); return () => Workloads.VectorGradientByHand(xn); });
        output.WriteLine();

        // Sampling is fair only where every object is small: the tick is charged to the object that
        // triggers a new allocation context, so after a large array the next small object gets the blame.
        output.WriteLine("Where the bytes go in calls that allocate only small objects, sampled by type (GC AllocationTick, ~every 100 KB; shares are estimates):");
        output.WriteLine();
        Sample(output, "worked example Vjp", () => f.Vjp(x, v));
        Sample(output, "scalar chain Gradient", () => chain.Gradient(Workloads.ChainX));
        return 0;
    }

    private static void Row(TextWriter output, string workload, string call, double bytes) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload} | {call} | {bytes:0} |"));

    private static void Decompose(TextWriter output, string call, Func<int, Action> make)
    {
        var bytes = Sizes.Select(n => Measure(make(n))).ToArray();
        int n1 = Sizes[^2], n2 = Sizes[^1];
        var k = (bytes[^1] - bytes[^2]) / (8.0 * (n2 - n1));
        for (var i = 0; i < Sizes.Length; i++)
        {
            var fixedBytes = bytes[i] - Math.Round(k) * 8.0 * Sizes[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {call} | {Sizes[i]} | {bytes[i]:0} | {k:0.00} | {fixedBytes:0} |"));
        }
    }

    /// <summary>
    /// Exact bytes allocated per call on this thread, after enough calls for the JIT to settle. Each
    /// measured call runs inside a no-GC region when the runtime grants one: a collection during the
    /// call would charge the unused rest of the thread's allocation context to it (up to a few KB per
    /// collection), which is the runtime's bookkeeping, not the call's. The least of several calls is kept.
    /// </summary>
    private static double Measure(Action op)
    {
        Warm(op);
        var reps = Math.Min(Reps(op), 20);
        var estimate = Rough(op);
        var best = double.PositiveInfinity;
        for (var i = 0; i < reps; i++)
        {
            var quiet = TryQuiet(estimate);
            var before = GC.GetAllocatedBytesForCurrentThread();
            op();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (quiet && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }

            best = Math.Min(best, bytes);
        }

        return best;
    }

    private static long Rough(Action op)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        op();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static bool TryQuiet(long estimate)
    {
        try
        {
            return GC.TryStartNoGCRegion(Math.Max(2 * estimate, 1 << 20));
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // more than the runtime can promise without a collection: measure as is
        }
    }

    private static void Warm(Action op)
    {
        // Tiered compilation promotes hot methods after ~30 calls and a short delay; the optimized code
        // may allocate less (escape analysis), so measure only after it has had the chance to settle.
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 50 || clock.ElapsedMilliseconds < 100; i++)
            {
                op();
            }

            Thread.Sleep(150);
        }
    }

    private static int Reps(Action op)
    {
        var clock = Stopwatch.StartNew();
        op();
        var once = Math.Max(clock.Elapsed.TotalMilliseconds, 1e-4);
        return (int)Math.Clamp(200 / once, 5, 100_000);
    }

    private static void Sample(TextWriter output, string what, Action op)
    {
        Warm(op);
        using var listener = new AllocationSampler();
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1_000)
        {
            op();
        }

        Thread.Sleep(1_000); // runtime events reach in-process listeners asynchronously
        var byType = listener.Snapshot();
        var total = byType.Values.Sum();
        output.WriteLine($"{what} ({byType.Values.Count} types sampled):");
        output.WriteLine();
        output.WriteLine("| type | share of bytes |");
        output.WriteLine("|---|---:|");
        foreach (var (type, amount) in byType.OrderByDescending(p => p.Value).Take(5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {100.0 * amount / total:0.0}% |"));
        }

        output.WriteLine();
    }

    /// <summary>Sums the GC AllocationTick events' amounts by the type they name.</summary>
    private sealed class AllocationSampler : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Dictionary<string, long> _byType = [];
        private readonly Lock _gate = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
            {
                return;
            }

            var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
            var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
            if (typeIndex < 0 || amountIndex < 0)
            {
                return;
            }

            var type = eventData.Payload![typeIndex] as string ?? "?";
            var amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
            lock (_gate)
            {
                _byType[type] = _byType.GetValueOrDefault(type) + amount;
            }
        }

        public Dictionary<string, long> Snapshot()
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_byType);
            }
        }
    }
}
