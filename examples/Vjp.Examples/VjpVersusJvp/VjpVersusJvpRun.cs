using System.Diagnostics;
using Spectre.Console;
using Vjp.Examples.Runner;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.VjpVersusJvp;

/// <summary>
/// Example 2. What one VJP, one JVP and a full Jacobian cost for a dense layer <c>f(x) = tanh(A x)</c>,
/// <c>f : ℝⁿ → ℝᵐ</c>, over n and m both ways: a VJP gives a row-space answer (n numbers) for the price
/// of about two evaluations of f, a JVP a column-space answer (m numbers) for the same price, and the
/// Jacobian costs m VJPs or n JVPs and m·n doubles of memory. For a scalar loss (m = 1) one VJP is the
/// whole gradient; forward mode would need n JVPs.
/// </summary>
/// <remarks>A demonstration with a plain stopwatch; the benchmark suite measures the same ratios rigorously.</remarks>
public static class VjpVersusJvpRun
{
    /// <summary>Runs the example at its default sizes (or the small ones when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print.</param>
    public static VjpVersusJvpResult Run(ExampleOptions options) => Run(options, options?.Small == true ? VjpVersusJvpSettings.Small : VjpVersusJvpSettings.Default);

    /// <summary>Runs the example.</summary>
    /// <param name="options">Where to print.</param>
    /// <param name="settings">The shapes and repetitions.</param>
    public static VjpVersusJvpResult Run(ExampleOptions options, VjpVersusJvpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        console.WriteLineWhole("f : ℝⁿ → ℝᵐ, f(x) = tanh(A x) with A a fixed m×n matrix (seeded).");
        console.WriteLineWhole("Mean time and bytes allocated per call:");

        var measurements = new List<CostMeasurement>();
        double maxRowsCols = 0, maxVjp = 0, maxJvp = 0;
        var table = new Table().AddColumns("n → m", "operation", "what it gives", "time", "allocated");
        var shapes = settings.Shapes.ToArray();
        for (var k = 0; k < shapes.Length; k++)
        {
            var (n, m) = shapes[k];
            console.WriteLineWhole($"  measuring ℝ^{n} → ℝ^{m} ({k + 1} of {shapes.Length}): f(x), one VJP, one JVP, J by rows, J by columns");
            var random = new Random(n * 7919 + m);
            var x = Vec.Generate(n, _ => random.NextDouble() - 0.5);
            var v = Vec.Generate(m, _ => random.NextDouble() - 0.5);
            var dx = Vec.Generate(n, _ => random.NextDouble() - 0.5);
            var a = Mat.Generate(m, n, (_, _) => (random.NextDouble() - 0.5) / Math.Sqrt(n));
            var f = Layer(a);

            var rows = f.Jacobian(x, JacobianMode.Rows);
            var cols = f.Jacobian(x, JacobianMode.Columns);
            maxRowsCols = Math.Max(maxRowsCols, MaxAbs(rows, cols));
            maxVjp = Math.Max(maxVjp, Vec.MaxAbsDiff(f.Vjp(x, v), Mat.TransposeMatVec(rows, v)));
            maxJvp = Math.Max(maxJvp, Vec.MaxAbsDiff(f.Jvp(x, dx), rows * dx));

            (string Name, string Gives, Func<object> Op)[] ops =
            [
                ("f(x)", Numbers(m), () => f.Invoke(x)),
                ("one VJP", "vᵀJ: " + Numbers(n), () => f.Vjp(x, v)),
                ("one JVP", "J ẋ: " + Numbers(m), () => f.Jvp(x, dx)),
                ($"J by rows ({m} VJP{(m == 1 ? "" : "s")})", $"J: {m}×{n}", () => f.Jacobian(x, JacobianMode.Rows)),
                ($"J by columns ({n} JVP{(n == 1 ? "" : "s")})", $"J: {m}×{n}", () => f.Jacobian(x, JacobianMode.Columns)),
            ];
            foreach (var (name, gives, op) in ops)
            {
                var (time, bytes) = Measure(op, settings.Repetitions);
                measurements.Add(new(n, m, name, time, bytes));
                table.AddText($"{n} → {m}", name, gives, Time(time), Bytes(bytes));
            }
        }

        console.WriteWhole(table);

        // The headline shape: the largest n with m > 1 (ℝ¹⁰⁰⁰ → ℝ¹⁰ by default).
        var (hn, hm) = settings.Shapes.Where(s => s.M > 1).MaxBy(s => s.N);
        var jacobianBytes = (long)hn * hm * sizeof(double);
        var vjpBytes = measurements.First(c => c.N == hn && c.M == hm && c.Operation == "one VJP").AllocatedBytes;
        console.WriteLineWhole($"For ℝ^{hn} → ℝ^{hm}: the Jacobian holds {hm}×{hn} doubles = {Bytes(jacobianBytes)}; one VJP allocates {Bytes(vjpBytes)} in all (its answer is {hn} doubles = {Bytes(hn * sizeof(double))}).");
        console.WriteLineWhole($"Checks: max|J by rows − J by columns| = {E(maxRowsCols)}, max|pullback(v) − vᵀJ| = {E(maxVjp)}, max|pushforward(ẋ) − Jẋ| = {E(maxJvp)}.");
        console.MarkupLineWhole("[grey]Reverse mode pays per output, forward mode per input: a scalar loss of a million parameters needs one VJP, or a million JVPs.[/]");
        return new(measurements, jacobianBytes, vjpBytes, maxRowsCols, maxVjp, maxJvp);
    }

    /// <summary><c>f(x) = tanh(A x)</c> for a constant matrix A.</summary>
    /// <param name="a">The matrix, m×n.</param>
    public static Diff<Vec, Vec> Layer(Mat a)
    {
        var x = Diff.Input<Vec>();
        return Tanh(Fn.Const<Vec, Mat>(a) * x);
    }

    /// <summary>
    /// Mean time per call, best of five batches (each batch long enough for the stopwatch), and bytes
    /// allocated per call on this thread. The first call, which compiles the tape, is not counted.
    /// </summary>
    private static (TimeSpan Time, double Bytes) Measure(Func<object> op, int repetitions)
    {
        GC.KeepAlive(op());
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(op());
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        var clock = Stopwatch.StartNew();
        GC.KeepAlive(op());
        var perBatch = Math.Max(repetitions, (int)Math.Min(10_000, TimeSpan.FromMilliseconds(2).Ticks / Math.Max(1, clock.Elapsed.Ticks)));
        var best = TimeSpan.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            clock.Restart();
            for (var i = 0; i < perBatch; i++)
            {
                GC.KeepAlive(op());
            }

            best = TimeSpan.FromTicks(Math.Min(best.Ticks, clock.Elapsed.Ticks / perBatch));
        }

        return (best, bytes);
    }

    private static string Numbers(int k) => k == 1 ? "1 number" : $"{k} numbers";

    private static double MaxAbs(Mat a, Mat b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Cols; j++)
            {
                max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
            }
        }

        return max;
    }
}
