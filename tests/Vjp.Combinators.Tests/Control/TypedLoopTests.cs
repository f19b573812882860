using CsCheck;
using System.Collections.Immutable;
using Vjp.Functional;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

/// <summary>
/// Scans and folds whose step compiles to typed code run flat (FlatScan): value, gradient, VJP and JVP are
/// bit-identical to the loop over the interpreted step (the opt-out on this thread), with and without
/// checkpointing; the flat path is taken; a step that throws gives the interpreter's exception.
/// </summary>
public class TypedLoopTests
{
    /// <summary>A damped-oscillator step with parameters (k, c), state (x, v) and a data element h (the step size).</summary>
    private static Diff<((double, double), (double, double), double), (double, double)> Step()
    {
        var (p, s, h) = Diff.Input<((double, double), (double, double), double)>();
        var (k, c) = p;
        var (x, v) = s;
        var a = -(k * x) - c * Tanh(v);
        return Diff.Fanout(x + h * v + 0.5 * h * h * a, v + h * a);
    }

    private static readonly Gen<(((double, double), (double, double)) At, double[] H, double[] Bar, double[] Dot)> Cases =
        Gen.Select(Gen.Double[0.5, 3], Gen.Double[0, 0.5], Gen.Double[-1, 1], Gen.Double[-1, 1], Gen.Double[0.01, 0.1].Array[0, 40], Gen.Double[-1, 1].Array[84], Gen.Double[-1, 1].Array[4])
            .Select(t => (((t.Item1, t.Item2), (t.Item3, t.Item4)), t.Item5, t.Item6, t.Item7));

    private static void SameBits(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: interpreted {expected:R}, compiled {actual:R}");

    private static void SameBits<T>(T expected, T actual, string what) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var e = new double[space.Dimension(expected)];
        var a = new double[space.Dimension(actual)];
        Assert.Equal(e.Length, a.Length);
        space.Flatten(expected, e);
        space.Flatten(actual, a);
        for (var i = 0; i < e.Length; i++)
        {
            SameBits(e[i], a[i], $"{what}[{i}]");
        }
    }

    private static T Interpreted<T>(Func<T> f)
    {
        using (TypedEngine.InterpretHere())
        {
            return f();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fold_WithCompiledStep_IsBitIdenticalToTheInterpretedLoop(bool checkpoint) =>
        Cases.ForAll(t =>
        {
            var fold = Combinators.Control.Fold(Step(), t.H, checkpoint);
            var loss = fold.Then(Diff.Fst<double, double>());
            var dx = ((t.Dot[0], t.Dot[1]), (t.Dot[2], t.Dot[3]));
            var yBar = (t.Bar[0], t.Bar[1]);
            SameBits(Interpreted(() => fold.Invoke(t.At)), fold.Invoke(t.At), "value");
            SameBits(Interpreted(() => loss.Gradient(t.At)), loss.Gradient(t.At), "gradient");
            SameBits(Interpreted(() => fold.Vjp(t.At, yBar)), fold.Vjp(t.At, yBar), "vjp");
            SameBits(Interpreted(() => fold.Jvp(t.At, dx)), fold.Jvp(t.At, dx), "jvp");
            var (_, pullback) = fold.ValueWithPullback(t.At);
            SameBits(Interpreted(() => fold.ValueWithPullback(t.At).Pullback(yBar)), pullback(yBar), "pullback");
        }, iter: 30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scan_WithCompiledStep_IsBitIdenticalToTheInterpretedLoop(bool checkpoint) =>
        Cases.ForAll(t =>
        {
            var scan = Combinators.Control.Scan(Step(), t.H, checkpoint);
            var statesBar = ImmutableArray.CreateRange(Enumerable.Range(0, t.H.Length).Select(i => (t.Bar[2 * i], t.Bar[2 * i + 1])));
            var dx = ((t.Dot[0], t.Dot[1]), (t.Dot[2], t.Dot[3]));
            var expected = Interpreted(() => scan.Vjp(t.At, statesBar));
            SameBits(expected, scan.Vjp(t.At, statesBar), "vjp");
            var dStates = scan.Jvp(t.At, dx).ToArray();
            var expectedStates = Interpreted(() => scan.Jvp(t.At, dx)).ToArray();
            Assert.Equal(expectedStates.Length, dStates.Length);
            for (var i = 0; i < dStates.Length; i++)
            {
                SameBits(expectedStates[i], dStates[i], $"jvp state {i}");
            }
        }, iter: 30);

    [Fact]
    public void Fold_Checkpointed_GradientAndHessianAreBitIdenticalToTheInterpretedLoop() =>
        Cases.ForAll(t =>
        {
            var loss = Combinators.Control.Fold(Step(), t.H, checkpoint: true).Then(Diff.Fst<double, double>());
            SameBits(Interpreted(() => loss.Invoke(t.At)), loss.Invoke(t.At), "value");
            SameBits(Interpreted(() => loss.Gradient(t.At)), loss.Gradient(t.At), "gradient");
            SameBits(Interpreted(() => Diff.Hessian(loss, t.At)), Diff.Hessian(loss, t.At), "hessian");
        }, iter: 10);

    [Fact]
    public void Fold_Checkpointed_ItemsCotangentAndScanStatesAreBitIdenticalToTheInterpretedLoop() =>
        Cases.ForAll(t =>
        {
            // The sequence an input: its cotangent comes from the checkpointed compiled sweep too.
            var fold = Combinators.Control.Fold(Step(), checkpoint: true);
            var x = (t.At.Item1, t.At.Item2, ImmutableArray.Create(t.H));
            var yBar = (t.Bar[0], t.Bar[1]);
            var expected = Interpreted(() => fold.Vjp(x, yBar));
            var actual = fold.Vjp(x, yBar);
            SameBits(expected.Item1, actual.Item1, "p̄");
            SameBits(expected.Item2, actual.Item2, "s̄₀");
            Assert.Equal(expected.Item3.Length, actual.Item3.Length);
            for (var i = 0; i < actual.Item3.Length; i++)
            {
                SameBits(expected.Item3[i], actual.Item3[i], $"ā[{i}]");
            }

            var scan = Combinators.Control.Scan(Step(), checkpoint: true);
            var dx = ((t.Dot[0], t.Dot[1]), (t.Dot[2], t.Dot[3]), ImmutableArray.CreateRange(t.H.Select((h, i) => t.Bar[i] * h)));
            var states = scan.Invoke(x).ToArray();
            var expectedStates = Interpreted(() => scan.Invoke(x)).ToArray();
            var dStates = scan.Jvp(x, dx).ToArray();
            var expectedDStates = Interpreted(() => scan.Jvp(x, dx)).ToArray();
            Assert.Equal(expectedStates.Length, states.Length);
            for (var i = 0; i < states.Length; i++)
            {
                SameBits(expectedStates[i], states[i], $"state {i}");
                SameBits(expectedDStates[i], dStates[i], $"jvp state {i}");
            }
        }, iter: 30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FoldAndScan_Checkpointed_KeepFlatCheckpointsAndRunTheCompiledStep(bool emitAll)
    {
        const int n = 100;
        var step = Step();
        var x = ((2.0, 0.1), (1.0, 0.0), ImmutableArray.CreateRange(Enumerable.Repeat(0.05, n)));
        var rule = emitAll
            ? ((RuleNode)Combinators.Control.Scan(step, checkpoint: true).Node).Rule
            : ((RuleNode)Combinators.Control.Fold(step, checkpoint: true).Node).Rule;
        _ = rule.Forward(x, out var r);
        var record = ((ILoopResiduals)r!).Record;
        Assert.Null(record.Frames);
        Assert.Null(record.Traces);
        Assert.Null(record.Checkpoints);
        Assert.Equal(10, record.FlatCheckpointCount);
        Assert.Equal(10, record.Retained);
        Assert.InRange(emitAll
            ? LoopInspector.Retained(Combinators.Control.Scan(step, checkpoint: true), x)
            : LoopInspector.Retained(Combinators.Control.Fold(step, checkpoint: true), x), 1, 2 * (int)Math.Sqrt(n));

        var typed = step.Node.Tape.Typed!;
        Assert.True(typed.IsCompiled(Sweep.FlatRun), "the checkpointed forward pass did not run the compiled step");
        Assert.False(typed.IsCompiled(Sweep.FlatFoldRun), "the checkpointed forward pass kept every carry");
        var yBar = emitAll
            ? (object)ImmutableArray.CreateRange(Enumerable.Repeat((1.0, 0.0), n))
            : (1.0, 0.0);
        _ = rule.Pullback(x, rule.Run(x), r, yBar);
        Assert.True(typed.IsCompiled(Sweep.FlatPullback), "the checkpointed reverse sweep did not run the compiled step");
        _ = rule.Pushforward(x, rule.Run(x), r, ((0.0, 0.0), (1.0, 0.0), ImmutableArray.CreateRange(Enumerable.Repeat(0.0, n))));
        Assert.True(typed.IsCompiled(Sweep.FlatPushforward), "the checkpointed tangent sweep did not run the compiled step");
    }

    [Fact]
    public void Fold_WithCompiledStep_ItemsCotangentIsBitIdenticalToTheInterpretedLoop() =>
        Cases.ForAll(t =>
        {
            // With the sequence an input (not a constant), its cotangent is computed, not the zeros of a constant sequence.
            var fold = Combinators.Control.Fold(Step());
            var x = (t.At.Item1, t.At.Item2, ImmutableArray.Create(t.H));
            var yBar = (t.Bar[0], t.Bar[1]);
            var expected = Interpreted(() => fold.Vjp(x, yBar));
            var actual = fold.Vjp(x, yBar);
            SameBits(expected.Item1, actual.Item1, "p̄");
            SameBits(expected.Item2, actual.Item2, "s̄₀");
            Assert.Equal(expected.Item3.Length, actual.Item3.Length);
            for (var i = 0; i < actual.Item3.Length; i++)
            {
                SameBits(expected.Item3[i], actual.Item3[i], $"ā[{i}]");
            }
        }, iter: 30);

    /// <summary>Bytes allocated by one gradient of a fold of <paramref name="steps"/> compiled steps, after warm-up (a count, not a timing).</summary>
    private static long BytesPerGradient(int steps)
    {
        var loss = Combinators.Control.Fold(Step(), Enumerable.Repeat(0.05, steps).ToArray()).Then(Diff.Fst<double, double>());
        var at = ((2.0, 0.1), (1.0, 0.0));
        var sum = 0.0;
        for (var i = 0; i < 20; i++)
        {
            sum += loss.Gradient(at).Item1.Item1;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            sum += loss.Gradient(at).Item1.Item1;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        Assert.True(double.IsFinite(sum));
        return bytes;
    }

    [Fact]
    public void Fold_Gradient_AllocatesTheSameBytesWhateverTheStepCount()
    {
        // The carries live in this thread's reused storage, the constant sequence gets no per-call cotangent: about
        // 2.5 KB a gradient (the frame, the tuples, the result), 24 bytes a step more before.
        var short200 = BytesPerGradient(200);
        var long2000 = BytesPerGradient(2_000);
        Assert.True(Math.Abs(long2000 - short200) <= 64, $"a gradient allocated {short200} bytes at 200 steps and {long2000} at 2,000");
        Assert.True(short200 < 4_096, $"a gradient of 200 steps allocated {short200} bytes");
    }

    [Fact]
    public void Fold_TraceRecordedForOnePullback_PulledBackAgainAndPushedForward_IsBitIdentical() =>
        Cases.ForAll(t =>
        {
            // A recording that lends its carries to the first pullback: later sweeps record their own, with the same bits.
            var loss = Combinators.Control.Fold(Step(), t.H).Then(Diff.Fst<double, double>());
            var dx = ((t.Dot[0], t.Dot[1]), (t.Dot[2], t.Dot[3]));
            var expected = Interpreted(() => loss.Gradient(t.At));
            var expectedDot = Interpreted(() => loss.Jvp(t.At, dx));
            var tape = loss.Node.Tape;
            var trace = tape.RecordOnceInterpreted(t.At);
            Assert.Contains(trace.Residuals, r => r is ILoopResiduals { Record.Pooled: not null });
            SameBits(expectedDot, (double)tape.PushforwardInterpreted(trace, dx), "pushforward before the pullback");
            SameBits(expected, (((double, double), (double, double)))tape.PullbackInterpreted(trace, 1.0), "first pullback");
            SameBits(expected, (((double, double), (double, double)))tape.PullbackInterpreted(trace, 1.0), "second pullback");
            SameBits(expectedDot, (double)tape.PushforwardInterpreted(trace, dx), "pushforward after the pullbacks");
        }, iter: 30);

    [Fact]
    public void Fold_GradientsOnManyThreads_AreBitIdenticalToOneThread()
    {
        var loss = Combinators.Control.Fold(Step(), Enumerable.Repeat(0.05, 300).ToArray()).Then(Diff.Fst<double, double>());
        var points = Enumerable.Range(0, 64).Select(i => ((1.0 + 0.03 * i, 0.1), (1.0, 0.01 * i))).ToArray();
        var expected = points.Select(p => Interpreted(() => loss.Gradient(p))).ToArray();
        var actual = new ((double, double), (double, double))[points.Length];
        Parallel.For(0, 8 * points.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, j =>
        {
            var i = j % points.Length;
            var g = loss.Gradient(points[i]);
            SameBits(expected[i], g, $"gradient {i}");
            actual[i] = g;
        });
        for (var i = 0; i < points.Length; i++)
        {
            SameBits(expected[i], actual[i], $"gradient {i}");
        }
    }

    [Fact]
    public void Fold_WithCompiledStep_KeepsFlatFramesNotTraces()
    {
        var fold = Combinators.Control.Fold(Step(), Enumerable.Repeat(0.05, 10).ToArray());
        var rule = ((RuleNode)fold.Node.Children[1]).Rule;
        _ = rule.Forward(((2.0, 0.1), (1.0, 0.0), ImmutableArray.CreateRange(Enumerable.Repeat(0.05, 10))), out var r);
        var record = ((ILoopResiduals)r!).Record;
        Assert.NotNull(record.Frames);
        Assert.Null(record.Traces);
        Assert.Equal(10, record.Retained);

        // The fold's forward pass ran as one compiled loop, not step by step.
        var stepTape = ((RuleNode)fold.Node.Children[1]).Rule.Children[0].Tape;
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatFoldRun));
        _ = fold.Then(Diff.Fst<double, double>()).Gradient(((2.0, 0.1), (1.0, 0.0)));
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatFoldVjp), "the fold's reverse sweep did not run as one compiled loop");
    }

    [Fact]
    public void FoldAndScan_Checkpointed_StepThrowingInTheReverseSweep_ThrowsTheInterpretersException()
    {
        // The forward pass is fine; the step then throws (armed by the test) when the checkpointed reverse sweep recomputes a
        // segment; the compiled sweep then hands the same checkpoints to the interpreter, which throws at the same step.
        var armed = false;
        var touchy = ScalarPrimitives.Create("touchy", Domain.All, x => armed ? throw new ArithmeticException($"touchy armed at {x}") : 0.5 * x, static (x, y) => 0.5 + 0 * x);
        var (p, s, h) = Diff.Input<(double, double, double)>();
        var step = s + h * (p - s).Then(touchy);
        var data = Enumerable.Repeat(0.1, 20).ToArray();
        var fold = Combinators.Control.Fold(step, data, checkpoint: true);
        var scan = Combinators.Control.Scan(step, data, checkpoint: true);

        // Records at (1, 0) with the step fine, then arms it and runs the sweep: the exception the sweep throws.
        Exception Thrown(Func<Func<object>> record, bool interpreted)
        {
            using var scope = interpreted ? TypedEngine.InterpretHere() : null;
            armed = false;
            var sweep = record();
            armed = true;
            try
            {
                return Assert.ThrowsAny<Exception>(() => { _ = sweep(); });
            }
            finally
            {
                armed = false;
            }
        }

        var records = new Func<Func<object>>[]
        {
            () => { var pullback = fold.ValueWithPullback((1.0, 0.0)).Pullback; return () => pullback(1.0); },
            () => { var pullback = scan.ValueWithPullback((1.0, 0.0)).Pullback; return () => pullback(ImmutableArray.CreateRange(Enumerable.Repeat(1.0, data.Length))); },
        };
        foreach (var record in records)
        {
            var interpreted = Thrown(record, interpreted: true);
            var compiled = Thrown(record, interpreted: false);
            Assert.IsType<ArithmeticException>(compiled);
            Assert.Equal(interpreted.GetType(), compiled.GetType());
            Assert.Equal(interpreted.Message, compiled.Message);
            Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fold_StepThrowing_ThrowsTheInterpretersException(bool checkpoint)
    {
        var picky = ScalarPrimitives.Create("picky", Domain.Positive, x => x > 0 ? Math.Sqrt(x) : throw new ArgumentOutOfRangeException(nameof(x), x, "picky needs x > 0"), static (x, y) => 0.5 / y);
        var (p, s, h) = Diff.Input<(double, double, double)>();
        var step = s + h * (p - s).Then(picky);
        var fold = Combinators.Control.Fold(step, Enumerable.Repeat(0.1, 20).ToArray(), checkpoint);
        Assert.True(fold.Gradient((10.0, 0.0)).Item1 > 0); // compiled and fine while p > s
        var interpreted = Assert.ThrowsAny<Exception>(() => { _ = Interpreted(() => fold.Gradient((1.0, 3.0))); });
        var compiled = Assert.ThrowsAny<Exception>(() => { _ = fold.Gradient((1.0, 3.0)); });
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
    }
}
