using System.Globalization;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>batch</c> mode: the MLP 784 → 128 tanh → 10 with mean softmax cross-entropy on a batch of B samples (f64),
/// as one matrix expression, against a hand-written gradient on the same kernels (<see cref="Mat.MatMulTransposeB"/>,
/// <see cref="Mat.MatMul"/>, <see cref="Mat.MatMulTransposeA"/>) and against the per-sample pattern (a sum over
/// samples of vector Dense/CrossEntropy terms). Times are medians of interleaved single calls in process CPU time
/// (<see cref="ProcessCpuClock"/>: on a shared machine, waiting to be scheduled does not count); bytes are exact
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class BatchProbe
{
    public const int In = 784, Hidden = 128, Out = 10;

    public static int Run(TextWriter output, int reps)
    {
        output.WriteLine($"MLP {In}-{Hidden}-{Out}, tanh, mean softmax cross-entropy, f64; {reps} rounds of interleaved calls ({(ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time")}): median times, medians of per-round ratios; bytes exact per call.");
        output.WriteLine();
        output.WriteLine("| B | call | time (ms) | bytes | ratio |");
        output.WriteLine("|---:|---|---:|---:|---|");
        var at = Params(1);
        var towards = Params(11);
        var results = new Dictionary<(int, string), (double Ms, long Bytes)>();
        foreach (var b in new[] { 64, 256 })
        {
            var x = Mat.Create(b, In, Workloads.RandomVec(b * In, 100 + b).AsSpan());
            var labels = Enumerable.Range(0, b).Select(i => (i * 7 + 3) % Out).ToArray();
            var y = MiniBatches.OneHot(labels, Out);
            var loss = BatchedLoss(x, labels);
            var (pp, xx, yy) = Diff.Input<(MlpBatchParams, Mat, Mat)>();
            var dataLoss = Losses.CrossEntropy(Logits(pp, xx), yy);
            var calls = new (string Name, Func<object> Call)[]
            {
                ("forward", () => loss.Invoke(at)),
                ("gradient", () => loss.ValueAndGradient(at)),
                ("gradient (P, X, Y) in P", () => dataLoss.ValueAndGradientOfFirst(at, x, y)),
                ("gradient by hand", () => ByHand(at, x, labels)),
                ("hvp", () => loss.Hvp(at, towards)),
            };
            if (b == 64)
            {
                var perSample = PerSampleLoss(x, labels);
                calls = [.. calls, ("per-sample gradient", () => perSample.ValueAndGradient(at))];
            }

            CheckAgainstHand(loss, at, x, labels);
            var (measured, samples) = Measure(calls, reps);
            foreach (var (name, (ms, bytes)) in measured)
            {
                results[(b, name)] = (ms, bytes);
            }

            var hand = measured["gradient by hand"];
            var gradient = measured["gradient"];

            // Ratios are medians of per-round ratios (each round calls everything once, interleaved), which a
            // busy machine disturbs less than a ratio of medians.
            string Paired(string a, string over) => $"{Median([.. samples[a].Zip(samples[over], (u, v) => u / v)]):F2}×";
            foreach (var (name, (ms, bytes)) in measured)
            {
                var ratio = name switch
                {
                    "gradient" => $"{Paired(name, "gradient by hand")} hand time, {(double)bytes / hand.Bytes:F2}× hand bytes, {Paired(name, "forward")} forward",
                    "gradient (P, X, Y) in P" => $"{Paired(name, "gradient by hand")} hand time, {(double)bytes / hand.Bytes:F2}× hand bytes",
                    "gradient by hand" => $"{Paired(name, "forward")} forward",
                    "hvp" => $"{Paired(name, "gradient")} gradient",
                    "per-sample gradient" => $"{Paired(name, "gradient")} batched time, {(double)bytes / gradient.Bytes:F2}× batched bytes",
                    _ => "",
                };
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {b} | {name} | {ms:F3} | {bytes:N0} | {ratio} |"));
            }
        }

        output.WriteLine();
        foreach (var name in new[] { "forward", "gradient", "gradient by hand", "hvp" })
        {
            var (a, c) = (results[(64, name)], results[(256, name)]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B = 64 → 256, {name}: time ×{c.Ms / a.Ms:F2}, bytes ×{(double)c.Bytes / a.Bytes:F2}"));
        }

        return 0;
    }

    private static Diff<X, Mat> Logits<X>(Diff<X, MlpBatchParams> p, Diff<X, Mat> x) where X : notnull
    {
        var h = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        return Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h);
    }

    /// <summary>The batched loss: one expression over the whole batch.</summary>
    public static Diff<MlpBatchParams, double> BatchedLoss(Mat x, int[] labels)
    {
        var p = Diff.Input<MlpBatchParams>();
        return Losses.CrossEntropy(Logits(p, Const<MlpBatchParams, Mat>(x)), labels);
    }

    /// <summary>The per-sample pattern: (1/B) Σₛ CrossEntropy(Dense(W₂, b₂, tanh(Dense(W₁, b₁, xₛ))), lₛ).</summary>
    public static Diff<MlpBatchParams, double> PerSampleLoss(Mat x, int[] labels)
    {
        var p = Diff.Input<MlpBatchParams>();
        Diff<MlpBatchParams, double>? total = null;
        for (var s = 0; s < x.Rows; s++)
        {
            var xs = Const<MlpBatchParams, Vec>(x.Row(s));
            var h = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), xs));
            var term = Losses.CrossEntropy(Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h), labels[s], Out);
            total = total is null ? term : total + term;
        }

        return total! / x.Rows;
    }

    /// <summary>The gradient written by hand on the same GEMM kernels: forward, then G₂ = (P − Y)/B, W̄₂ = G₂ᵀH, … .</summary>
    public static (double Loss, MlpBatchParams Gradient) ByHand(MlpBatchParams p, Mat x, int[] labels)
    {
        var b = x.Rows;
        var z1 = Mat.MatMulTransposeB(x, p.W1);
        var h = new double[b * Hidden];
        for (var i = 0; i < b; i++)
        {
            for (var j = 0; j < Hidden; j++)
            {
                h[i * Hidden + j] = Math.Tanh(z1[i, j] + p.B1[j]);
            }
        }

        var hm = Mat.Create(b, Hidden, h);
        var z2 = Mat.MatMulTransposeB(hm, p.W2);
        var g2 = new double[b * Out];
        var loss = 0.0;
        for (var i = 0; i < b; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < Out; j++)
            {
                max = Math.Max(max, z2[i, j] + p.B2[j]);
            }

            var sum = 0.0;
            for (var j = 0; j < Out; j++)
            {
                sum += g2[i * Out + j] = Math.Exp(z2[i, j] + p.B2[j] - max);
            }

            loss += max + Math.Log(sum) - (z2[i, labels[i]] + p.B2[labels[i]]);
            for (var j = 0; j < Out; j++)
            {
                g2[i * Out + j] = (g2[i * Out + j] / sum - (j == labels[i] ? 1 : 0)) / b;
            }
        }

        var g2m = Mat.Create(b, Out, g2);
        var w2Bar = Mat.MatMulTransposeA(g2m, hm);
        var b2Bar = ColumnSums(g2m);
        var gh = Mat.MatMul(g2m, p.W2);
        var g1 = new double[b * Hidden];
        for (var k = 0; k < g1.Length; k++)
        {
            g1[k] = gh[k / Hidden, k % Hidden] * (1 - h[k] * h[k]);
        }

        var g1m = Mat.Create(b, Hidden, g1);
        return (loss / b, new(Mat.MatMulTransposeA(g1m, x), ColumnSums(g1m), w2Bar, b2Bar));
    }

    private static Vec ColumnSums(Mat m)
    {
        var s = new double[m.Cols];
        for (var i = 0; i < m.Rows; i++)
        {
            for (var j = 0; j < m.Cols; j++)
            {
                s[j] += m[i, j];
            }
        }

        return Vec.FromArray(s);
    }

    private static void CheckAgainstHand(Diff<MlpBatchParams, double> loss, MlpBatchParams at, Mat x, int[] labels)
    {
        var (value, gradient) = loss.ValueAndGradient(at);
        var (handValue, handGradient) = ByHand(at, x, labels);
        var space = VectorSpace<MlpBatchParams>.Instance;
        var a = space.ToArray(gradient);
        var h = space.ToArray(handGradient);
        var worst = a.Zip(h, (u, v) => Math.Abs(u - v)).Max();
        if (Math.Abs(value - handValue) > 1e-10 || worst > 1e-10)
        {
            throw new InvalidOperationException($"batched gradient disagrees with the hand-written one: loss {value} vs {handValue}, max |Δ| {worst}");
        }
    }

    private static (Dictionary<string, (double Ms, long Bytes)> Medians, Dictionary<string, List<double>> Samples) Measure((string Name, Func<object> Call)[] calls, int reps)
    {
        var times = calls.ToDictionary(c => c.Name, _ => new List<double>());
        var bytes = calls.ToDictionary(c => c.Name, _ => long.MaxValue);
        foreach (var (_, call) in calls)
        {
            call();
            call();
        }

        for (var r = 0; r < reps; r++)
        {
            foreach (var (name, call) in calls)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = ProcessCpuClock.Now();
                call();
                var elapsed = (ProcessCpuClock.Now() - start) / 1e6;
                bytes[name] = Math.Min(bytes[name], GC.GetAllocatedBytesForCurrentThread() - before);
                times[name].Add(elapsed);
            }
        }

        return (calls.ToDictionary(c => c.Name, c => (Median(times[c.Name]), bytes[c.Name])), times);
    }

    private static double Median(List<double> xs)
    {
        List<double> sorted = [.. xs];
        sorted.Sort();
        return sorted[sorted.Count / 2];
    }

    private static MlpBatchParams Params(int seed) => new(
        (1 / Math.Sqrt(In)) * Mat.Create(Hidden, In, Workloads.RandomVec(Hidden * In, seed).AsSpan()),
        0.1 * Workloads.RandomVec(Hidden, seed + 1),
        (1 / Math.Sqrt(Hidden)) * Mat.Create(Out, Hidden, Workloads.RandomVec(Out * Hidden, seed + 2).AsSpan()),
        0.1 * Workloads.RandomVec(Out, seed + 3));
}

/// <summary>The parameters of the 784-128-10 perceptron of <see cref="BatchProbe"/>.</summary>
public sealed record MlpBatchParams(Mat W1, Vec B1, Mat W2, Vec B2);
