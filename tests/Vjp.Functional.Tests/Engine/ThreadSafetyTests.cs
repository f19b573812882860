using System.Collections.Concurrent;
using Vjp.Functional.Engine;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>One <see cref="Diff{TIn, TOut}"/> used from 8 threads at once gives, bitwise, the serial results, also while it compiles on first use.</summary>
public sealed class ThreadSafetyTests
{
    private const int Threads = 8;

    private static readonly Mat W = Mat.Generate(6, 4, (i, j) => Math.Sin(3 * i + j));
    private static readonly Vec B = Vec.Generate(6, i => 0.1 * i - 0.2);

    /// <summary>ℝ⁴ → ℝ⁶ with shared sub-expressions (fan-out), a record-free MLP layer and reductions.</summary>
    private static Diff<Vec, Vec> Model()
    {
        var x = Diff.Input<Vec>();
        var h = Tanh(Const<Vec, Mat>(W) * x + B);
        return h * h + Norm(x) * Sin(x[0]) * h - Sigmoid(h) / 3;
    }

    private static readonly Vec[] Points = [.. Enumerable.Range(0, 24).Select(k => Vec.Generate(4, i => Math.Cos(k + 1.7 * i)))];
    private static readonly Vec[] Tangents = [.. Enumerable.Range(0, 24).Select(k => Vec.Generate(4, i => Math.Sin(2 * k - i)))];
    private static readonly Vec[] Cotangents = [.. Enumerable.Range(0, 24).Select(k => Vec.Generate(6, i => Math.Cos(k * i + 0.5)))];

    private sealed record Results(Vec[] Values, Vec[] Vjps, Vec[] Jvps, double[] Gradients);

    private static Results Compute(Diff<Vec, Vec> f, IEnumerable<int> order)
    {
        var n = Points.Length;
        var r = new Results(new Vec[n], new Vec[n], new Vec[n], new double[n]);
        var loss = f.Then(VecPrimitives.Sum);
        foreach (var k in order)
        {
            r.Values[k] = f.Invoke(Points[k]);
            r.Vjps[k] = f.Vjp(Points[k], Cotangents[k]);
            r.Jvps[k] = f.Jvp(Points[k], Tangents[k]);
            r.Gradients[k] = Vec.Dot(loss.Gradient(Points[k]), Tangents[k]);
        }

        return r;
    }

    private static void AssertBitwiseEqual(Results expected, Results actual, string who)
    {
        for (var k = 0; k < Points.Length; k++)
        {
            Assert.True(expected.Values[k].Equals(actual.Values[k]), $"{who}: value {k}");
            Assert.True(expected.Vjps[k].Equals(actual.Vjps[k]), $"{who}: vjp {k}");
            Assert.True(expected.Jvps[k].Equals(actual.Jvps[k]), $"{who}: jvp {k}");
            Assert.Equal(expected.Gradients[k], actual.Gradients[k]);
        }
    }

    /// <summary>Runs <paramref name="work"/> on 8 threads released together by a barrier; rethrows the first failure.</summary>
    private static void OnEightThreadsAtOnce(Action<int> work)
    {
        using var start = new Barrier(Threads);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                work(t);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    [Fact]
    public void OneDiff_DifferentiatedFromEightThreads_GivesTheSerialResultsBitwise()
    {
        var f = Model();
        var serial = Compute(f, Enumerable.Range(0, Points.Length));
        var parallel = new Results[Threads, 20];

        OnEightThreadsAtOnce(t =>
        {
            var random = new Random(t);
            for (var rep = 0; rep < parallel.GetLength(1); rep++)
            {
                parallel[t, rep] = Compute(f, Enumerable.Range(0, Points.Length).OrderBy(_ => random.Next()));
            }
        });

        for (var t = 0; t < Threads; t++)
        {
            for (var rep = 0; rep < parallel.GetLength(1); rep++)
            {
                AssertBitwiseEqual(serial, parallel[t, rep], $"thread {t}, repetition {rep}");
            }
        }
    }

    [Fact]
    public void OnePullback_CalledFromEightThreads_GivesTheSerialResultsBitwise()
    {
        var (_, pullback) = Model().ValueWithPullback(Points[0]);
        var serial = Cotangents.Select(c => pullback(c)).ToArray();
        var parallel = new Vec[Threads][];

        OnEightThreadsAtOnce(t =>
        {
            var mine = new Vec[Cotangents.Length * 10];
            for (var i = 0; i < mine.Length; i++)
            {
                mine[i] = pullback(Cotangents[i % Cotangents.Length]);
            }

            parallel[t] = mine;
        });

        for (var t = 0; t < Threads; t++)
        {
            for (var i = 0; i < parallel[t].Length; i++)
            {
                Assert.True(serial[i % Cotangents.Length].Equals(parallel[t][i]), $"thread {t}, call {i}");
            }
        }
    }

    [Fact]
    public void FirstUseCompilation_RacingOnEightThreads_GivesTheSerialResultsBitwise()
    {
        var serial = Compute(Model(), Enumerable.Range(0, Points.Length));
        for (var round = 0; round < 10; round++)
        {
            var fresh = Model(); // not yet compiled: every thread's first call races to compile it
            var results = new Results[Threads];
            OnEightThreadsAtOnce(t => results[t] = Compute(fresh, Enumerable.Range(0, Points.Length)));
            for (var t = 0; t < Threads; t++)
            {
                AssertBitwiseEqual(serial, results[t], $"round {round}, thread {t}");
            }
        }
    }

    [Fact]
    public void FirstUseOfARulesDifferentiableForm_RacingOnEightThreads_GivesTheSerialResults()
    {
        var reference = new Diff<(double, double), double>(((RuleNode)S.PowConst(2.5).Node).Rule.PullbackNode!).Invoke((1.7, 0.3));
        for (var round = 0; round < 10; round++)
        {
            var rule = ((RuleNode)S.PowConst(2.5).Node).Rule; // a fresh rule: its form is built lazily, here by 8 threads at once
            var results = new double[Threads];
            OnEightThreadsAtOnce(t => results[t] = new Diff<(double, double), double>(rule.PullbackNode!).Invoke((1.7, 0.3)));
            Assert.All(results, r => Assert.Equal(reference, r));
        }
    }
}
