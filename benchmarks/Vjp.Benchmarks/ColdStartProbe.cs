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
/// <para>
/// After the table come the targets of issue 11 (a 10⁵-term sum compiles in ≤ 1 s and ≤ 100 MiB; the first Hvp of
/// a 10⁶-stage chain takes ≤ 10 s), each measured in a fresh process of its own, rounds interleaved, with the
/// min–max over the rounds: time, bytes allocated by the call, bytes the call leaves reachable (the compiled
/// tapes, after a full collection), and the process's peak working set (runtime, the built Diff and the call).
/// </para>
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

    /// <summary>The mode's entry: <c>[cap]</c> (the table, then the targets), <c>targets [runs]</c>, <c>phases [n]</c> (where the bytes go), or <c>one &lt;target&gt;</c> (a child process).</summary>
    public static int Start(TextWriter output, string[] args)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["phases"]:
                return ColdStartPhases.Run(output, 100_000);
            case ["phases", var n]:
                return ColdStartPhases.Run(output, int.Parse(n, CultureInfo.InvariantCulture));
            case ["one", var name]:
                return One(output, name);
            case ["targets", var runs]:
                return Targets(output, int.Parse(runs, CultureInfo.InvariantCulture));
            case ["targets"]:
                return Targets(output, 3);
            default:
                var code = Run(output, args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 60);
                output.WriteLine();
                return code == 0 ? Targets(output, 3) : code;
        }
    }

    /// <summary>The targets: name, description, the call on a Diff built for it, its time and bytes targets.</summary>
    private static readonly (string Name, string Label, Func<Action> Call, double Seconds, double? MiB)[] TargetCalls =
    [
        ("sum-invoke", "10⁵-term sum, first Invoke", () => { var f = Sum(100_000); return () => f.Invoke(SumX); }, 1, 100),
        ("sum-gradient", "10⁵-term sum, first Gradient", () => { var f = Sum(100_000); return () => f.Gradient(SumX); }, 1, 100),
        ("chain-hvp", "10⁶-stage chain, first Hvp", () => { var f = Chain(1_000_000); return () => f.Hvp(0.7, 1.0); }, 10, null),
    ];

    /// <summary>Runs each target in <paramref name="runs"/> fresh processes, interleaved, and prints min–max against the targets.</summary>
    public static int Targets(TextWriter output, int runs)
    {
        ArgumentNullException.ThrowIfNull(output);
        var results = TargetCalls.Select(_ => new List<double[]>()).ToArray();
        for (var round = 0; round < runs; round++)
        {
            for (var t = 0; t < TargetCalls.Length; t++)
            {
                results[t].Add(Child(TargetCalls[t].Name));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Issue 11 targets: min–max over {runs} fresh processes (interleaved); load average at the end {LoadAverage()}."));
        output.WriteLine("Allocated: bytes allocated by the call (all threads). Retained: what the call leaves reachable after a full collection (its compiled tapes and gradient function).");
        output.WriteLine("Peak: the process's peak working set (runtime, the built Diff and the call). Met: in every run, the slowest and the largest.");
        output.WriteLine();
        output.WriteLine("| workload | target | time | allocated | retained | peak working set | met |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---|");
        for (var t = 0; t < TargetCalls.Length; t++)
        {
            var (_, label, _, seconds, mib) = TargetCalls[t];
            var r = results[t];
            string Span(int k, Func<double, string> format) =>
                $"{format(r.Min(x => x[k]))}–{format(r.Max(x => x[k]))}";
            var timeMet = r.Max(x => x[0]) <= seconds;
            var bytesMet = mib is not { } m || r.Max(x => x[1]) <= m * (1 << 20);
            var target = mib is { } mm
                ? string.Create(CultureInfo.InvariantCulture, $"≤ {seconds:0} s, ≤ {mm:0} MiB")
                : string.Create(CultureInfo.InvariantCulture, $"≤ {seconds:0} s");
            output.WriteLine(
                $"| {label} | {target} | {Span(0, s => Time(TimeSpan.FromSeconds(s)))} | {Span(1, b => Bytes((long)b))} | {Span(2, b => Bytes((long)b))} | {Span(3, b => Bytes((long)b))} | {Met(timeMet, mib is null ? null : bytesMet)} |");
        }

        return 0;
    }

    private static string Met(bool time, bool? bytes) => (time, bytes) switch
    {
        (true, null or true) => "yes",
        (false, null or false) => "no",
        (true, false) => "time only",
        (false, true) => "bytes only",
    };

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
#pragma warning disable CA1031 // informational only
        catch (IOException)
#pragma warning restore CA1031
        {
            return "unknown";
        }
    }

    /// <summary>Runs <c>coldstart one name</c> in a fresh process and parses its result line.</summary>
    private static double[] Child(string name)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ColdStartProbe).Assembly.Location);
        }

        foreach (var a in new[] { "coldstart", "one", name })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        var text = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The child for {name} printed no result: {text}");
        return [.. line["RESULT ".Length..].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    }

    /// <summary>One target in this (fresh) process: warm the JIT on small instances, build, measure the call.</summary>
    private static int One(TextWriter output, string name)
    {
        var (_, _, call, _, _) = TargetCalls.Single(t => t.Name == name);
        Sum(50).Invoke(SumX);
        Sum(50).Gradient(SumX);
        Sum(50).Hvp(SumX, SumV);
        Chain(50).Hvp(0.7, 1.0);
        var act = call();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        act();
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heap;
        GC.KeepAlive(act);
        using var self = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {elapsed.TotalSeconds:R} {allocated} {retained} {self.PeakWorkingSet64}"));
        return 0;
    }

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
