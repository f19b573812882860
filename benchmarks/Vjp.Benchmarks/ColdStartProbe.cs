using System.Diagnostics;
using System.Globalization;
using Vjp.Functional;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>coldstart</c> mode: what the first call of a freshly built <see cref="Diff{TIn, TOut}"/> costs, the
/// call that compiles its tape (and, for an HVP, builds and compiles the gradient function too), as wall-clock
/// time and bytes allocated by every thread (<see cref="GC.GetTotalAllocatedBytes"/>), for chains and wide sums
/// of growing size.
/// </summary>
/// <remarks>
/// Every call is measured on a Diff built for it alone, so nothing compiled earlier is reused. The JIT is warmed
/// on small instances first. Each measurement runs on a thread of its own and is given <c>cap</c> seconds; a
/// call still running then is reported as over the cap, left to run in the background, and the larger sizes of
/// that row are skipped (so the figures after it may be disturbed by it; the mode says so).
/// </remarks>
public static class ColdStartProbe
{
    private static readonly int[] ChainSizes = [1_000, 10_000, 100_000, 1_000_000];
    private static readonly int[] SumSizes = [1_000, 10_000, 100_000];

    /// <summary>An n-stage chain x ↦ sin(sin(… sin(x))) composed with <c>Then</c>.</summary>
    public static Diff<double, double> Chain(int n)
    {
        var f = S.Sin;
        for (var i = 1; i < n; i++)
        {
            f = f.Then(S.Sin);
        }

        return f;
    }

    /// <summary>Σᵢ (x[i mod 3] − i)² over n terms, summed left to right with <c>Aggregate</c>, as a per-sample loss is.</summary>
    public static Diff<Vec, double> Sum(int n)
    {
        var x = Diff.Input<Vec>();
        return Enumerable.Range(0, n).Select(i => Square(x[i % 3] - i)).Aggregate((l, r) => l + r);
    }

    private static readonly Vec SumX = Vec.Of(0.5, -1, 2);
    private static readonly Vec SumV = Vec.Of(0.3, -0.8, 0.1);

    public static int Run(TextWriter output, double capSeconds)
    {
        var cap = TimeSpan.FromSeconds(capSeconds);
        var calls = new (string Name, Func<int, Func<Action>> Chain, Func<int, Func<Action>> Sum)[]
        {
            ("Invoke", n => () => { var f = Chain(n); return () => f.Invoke(0.7); }, n => () => { var f = Sum(n); return () => f.Invoke(SumX); }),
            ("Gradient", n => () => { var f = Chain(n); return () => f.Gradient(0.7); }, n => () => { var f = Sum(n); return () => f.Gradient(SumX); }),
            ("Hvp", n => () => { var f = Chain(n); return () => f.Hvp(0.7, 1.0); }, n => () => { var f = Sum(n); return () => f.Hvp(SumX, SumV); }),
        };

        // Warm the JIT on small instances of every workload and call.
        foreach (var (_, chain, sum) in calls)
        {
            chain(50)()();
            sum(50)()();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First call of a freshly built Diff: wall-clock time and bytes allocated (all threads); cap {capSeconds:0} s per call."));
        output.WriteLine("chain = n stages of sin composed with Then; sum = Σ (x[i mod 3] − i)² over n terms with Aggregate.");
        output.WriteLine();
        output.WriteLine("| workload | n | build | first Invoke | first Gradient | first Hvp |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        var disturbed = false;
        foreach (var (workload, sizes, pick) in new (string, int[], Func<(string, Func<int, Func<Action>>, Func<int, Func<Action>>), Func<int, Func<Action>>>)[]
                 {
                     ("chain", ChainSizes, c => c.Item2),
                     ("sum", SumSizes, c => c.Item3),
                 })
        {
            var overCap = new bool[calls.Length];
            foreach (var n in sizes)
            {
                var build = Measure(() => { _ = workload == "chain" ? (object)Chain(n) : Sum(n); }, cap);
                var cells = new string[calls.Length];
                for (var c = 0; c < calls.Length; c++)
                {
                    if (overCap[c])
                    {
                        cells[c] = "skipped";
                        continue;
                    }

                    var act = pick(calls[c])(n)();
                    var m = Measure(act, cap);
                    overCap[c] = m is null;
                    disturbed |= m is null;
                    cells[c] = Cell(m, capSeconds);
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workload} | {n:N0} | {Cell(build, capSeconds)} | {cells[0]} | {cells[1]} | {cells[2]} |"));
            }
        }

        if (disturbed)
        {
            output.WriteLine();
            output.WriteLine("A call ran over the cap and was left running: figures measured after it share the machine with it.");
        }

        return 0;
    }

    private static string Cell((TimeSpan Time, long Bytes)? m, double capSeconds) => m is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{Time(v.Time)}, {Bytes(v.Bytes)}")
        : string.Create(CultureInfo.InvariantCulture, $"> {capSeconds:0} s");

    private static string Time(TimeSpan t) => t.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.#} ms");

    private static string Bytes(long b) => b >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{b / (double)(1 << 20):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{b / 1024.0:0.#} KiB");

    /// <summary>Time and bytes of one call on a thread of its own, or null when it is still running after <paramref name="cap"/>.</summary>
    private static (TimeSpan Time, long Bytes)? Measure(Action op, TimeSpan cap)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        (TimeSpan, long)? result = null;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var clock = Stopwatch.StartNew();
                    op();
                    var elapsed = clock.Elapsed;
                    result = (elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
                }
#pragma warning disable CA1031 // reported on the calling thread
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = e;
                }
            },
            maxStackSize: 16 << 20)
        { IsBackground = true };
        thread.Start();
        if (!thread.Join(cap))
        {
            return null;
        }

        if (error is not null)
        {
            throw new InvalidOperationException("A cold-start call failed.", error);
        }

        return result;
    }
}
