using CsCheck;
using Vjp.Functional;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

/// <summary>
/// <c>Control.Iterate</c> with a step that compiles to typed code runs as compiled loops (FlatIterate): value, gradient,
/// VJP, JVP and Hessian are bit-identical to the loop over the interpreted step (the opt-out on this thread); the compiled
/// loops are taken; a step that throws gives the interpreter's exception; the residuals are one array of carries.
/// </summary>
public class TypedIterateTests
{
    private const int Ds = 4;

    /// <summary>A damped-oscillator step, state ((k, c), (x, v)), the parameters passed through.</summary>
    private static Diff<((double, double), (double, double)), ((double, double), (double, double))> Step()
    {
        var (p, s) = Diff.Input<((double, double), (double, double))>();
        var (k, c) = p;
        var (x, v) = s;
        const double h = 0.05;
        var a = -(k * x) - c * Tanh(v);
        return Diff.Fanout(p, Diff.Fanout(x + h * v + 0.5 * h * h * a, v + h * a));
    }

    private static readonly Gen<(((double, double), (double, double)) At, int N, double[] Bar, double[] Dot)> Cases =
        Gen.Select(Gen.Double[0.5, 3], Gen.Double[0, 0.5], Gen.Double[-1, 1], Gen.Double[-1, 1], Gen.Int[0, 40], Gen.Double[-1, 1].Array[Ds], Gen.Double[-1, 1].Array[Ds])
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

    private static void SameBits(Mat expected, Mat actual, string what)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        for (var i = 0; i < expected.Rows; i++)
        {
            for (var j = 0; j < expected.Cols; j++)
            {
                SameBits(expected[i, j], actual[i, j], $"{what}[{i}, {j}]");
            }
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
    public void Iterate_WithCompiledStep_IsBitIdenticalToTheInterpretedLoop(bool checkpoint) =>
        Cases.ForAll(t =>
        {
            var loop = Step().Iterate(t.N, checkpoint);
            var loss = loop.Then(Diff.Snd<(double, double), (double, double)>()).Then(Diff.Fst<double, double>());
            var dx = ((t.Dot[0], t.Dot[1]), (t.Dot[2], t.Dot[3]));
            var yBar = ((t.Bar[0], t.Bar[1]), (t.Bar[2], t.Bar[3]));
            SameBits(Interpreted(() => loop.Invoke(t.At)), loop.Invoke(t.At), "value");
            SameBits(Interpreted(() => loss.Gradient(t.At)), loss.Gradient(t.At), "gradient");
            SameBits(Interpreted(() => loop.Vjp(t.At, yBar)), loop.Vjp(t.At, yBar), "vjp");
            SameBits(Interpreted(() => loop.Jvp(t.At, dx)), loop.Jvp(t.At, dx), "jvp");
            var (_, pullback) = loop.ValueWithPullback(t.At);
            SameBits(Interpreted(() => loop.ValueWithPullback(t.At).Pullback(yBar)), pullback(yBar), "pullback");
        }, iter: 30);

    [Fact]
    public void While_WithCompiledStep_IsBitIdenticalToTheInterpretedLoop_AndAsksThePredicateAsOften() =>
        Gen.Select(Cases, Gen.Double[-0.5, 0.9], Gen.Int[0, 60]).ForAll(t =>
        {
            var (c, threshold, max) = t;
            var asked = 0;
            bool KeepGoing(((double, double), (double, double)) s)
            {
                asked++;
                return s.Item2.Item1 > threshold;
            }

            var loop = Step().While(KeepGoing, max);
            var dx = ((c.Dot[0], c.Dot[1]), (c.Dot[2], c.Dot[3]));
            var yBar = ((c.Bar[0], c.Bar[1]), (c.Bar[2], c.Bar[3]));
            asked = 0;
            var expected = Interpreted(() => loop.Invoke(c.At));
            var askedInterpreted = asked;
            asked = 0;
            SameBits(expected, loop.Invoke(c.At), "value");
            Assert.Equal(askedInterpreted, asked);
            SameBits(Interpreted(() => loop.Vjp(c.At, yBar)), loop.Vjp(c.At, yBar), "vjp");
            SameBits(Interpreted(() => loop.Jvp(c.At, dx)), loop.Jvp(c.At, dx), "jvp");
            var (_, pullback) = loop.ValueWithPullback(c.At);
            SameBits(Interpreted(() => loop.ValueWithPullback(c.At).Pullback(yBar)), pullback(yBar), "pullback");
        }, iter: 40);

    [Fact]
    public void While_WithCompiledStep_RunsTheCompiledReverseLoop()
    {
        var loop = Step().While(s => s.Item2.Item1 > 0.2, 1_000);
        var at = ((2.0, 0.1), (1.0, 0.0));
        var rule = ((RuleNode)loop.Node).Rule;
        _ = rule.Forward(at, out var r);
        var record = ((ILoopResiduals)r!).Record;
        Assert.NotNull(record.Frames);
        Assert.InRange(record.Count, 1, 999);
        _ = loop.Vjp(at, ((0.0, 0.0), (1.0, 0.0)));
        Assert.True(rule.Children[0].Tape.Typed!.IsCompiled(Sweep.FlatIterateVjp));
    }

    [Fact]
    public void Iterate_WithCompiledStep_HessianIsBitIdenticalToTheInterpreter() =>
        Cases.ForAll(t =>
        {
            var loss = Step().Iterate(Math.Min(t.N, 12)).Then(Diff.Snd<(double, double), (double, double)>()).Then(Diff.Fst<double, double>());
            SameBits(Interpreted(() => Diff.Hessian(loss, t.At)), Diff.Hessian(loss, t.At), "hessian");
        }, iter: 10);

    [Fact]
    public void Iterate_Checkpointed_KeepsFlatCheckpointsAndRunsTheCompiledLoops()
    {
        var loop = Step().Iterate(100, checkpoint: true);
        var at = ((2.0, 0.1), (1.0, 0.0));
        var rule = ((RuleNode)loop.Node).Rule;
        _ = rule.Forward(at, out var r);
        var record = ((ILoopResiduals)r!).Record;
        Assert.Null(record.Frames);
        Assert.Null(record.Checkpoints);
        Assert.Equal(10, record.FlatCheckpointCount);
        Assert.Equal(10, record.Retained);
        var stepTape = rule.Children[0].Tape;
        _ = loop.Vjp(at, ((0.0, 0.0), (1.0, 0.0)));
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatIterateVjp), "the checkpointed reverse sweep did not run as compiled loops");
        _ = loop.Jvp(at, ((0.0, 0.0), (1.0, 0.0)));
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatIterateJvp), "the checkpointed tangent sweep did not run as compiled loops");
    }

    [Fact]
    public void Iterate_OfADouble_IsBitIdenticalToTheInterpretedLoop() =>
        Gen.Select(Gen.Double[-2, 2], Gen.Int[0, 60], Gen.Double[-1, 1]).ForAll(t =>
        {
            var x = Diff.Input<double>();
            var loop = (Sin(x) * 0.9 + 0.1 * Exp(-x * x)).Iterate(t.Item2);
            SameBits(Interpreted(() => loop.Invoke(t.Item1)), loop.Invoke(t.Item1), "value");
            SameBits(Interpreted(() => loop.Gradient(t.Item1)), loop.Gradient(t.Item1), "gradient");
            SameBits(Interpreted(() => loop.Jvp(t.Item1, t.Item3)), loop.Jvp(t.Item1, t.Item3), "jvp");
            SameBits(Interpreted(() => Diff.Hvp(loop, t.Item1, t.Item3)), Diff.Hvp(loop, t.Item1, t.Item3), "hvp");
        }, iter: 30);

    [Fact]
    public void Iterate_WithCompiledStep_KeepsOneArrayOfCarriesAndRunsTheCompiledLoops()
    {
        var loop = Step().Iterate(10);
        var rule = ((RuleNode)loop.Node).Rule;
        _ = rule.Forward(((2.0, 0.1), (1.0, 0.0)), out var r);
        var record = ((ILoopResiduals)r!).Record;
        Assert.NotNull(record.Frames);
        Assert.Null(record.Traces);
        Assert.Equal(10 * Ds, record.Frames!.Length);
        Assert.Equal(10, record.Retained);

        var stepTape = rule.Children[0].Tape;
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatIterateRun));
        _ = loop.Vjp(((2.0, 0.1), (1.0, 0.0)), ((0.0, 0.0), (1.0, 0.0)));
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatIterateVjp), "the reverse sweep did not run as one compiled loop");
        _ = loop.Jvp(((2.0, 0.1), (1.0, 0.0)), ((0.0, 0.0), (1.0, 0.0)));
        Assert.True(stepTape.Typed!.IsCompiled(Sweep.FlatIterateJvp), "the tangent sweep did not run as one compiled loop");
    }

    [Fact]
    public void Iterate_StepThrowing_ThrowsTheInterpretersException()
    {
        var picky = ScalarPrimitives.Create("picky", Domain.Positive, x => x > 0 ? Math.Sqrt(x) : throw new ArgumentOutOfRangeException(nameof(x), x, "picky needs x > 0"), static (x, y) => 0.5 / y);
        var (p, s) = Diff.Input<(double, double)>();
        foreach (var checkpoint in new[] { false, true })
        foreach (var at in new[] { (1.0, 3.0), (1.0, 0.999) })
        {
            var loop = Diff.Fanout(p, s + 0.1 * (p - s).Then(picky)).Iterate(20, checkpoint);
            Assert.True(loop.Invoke((10.0, 0.0)).Item2 > 0); // compiled and fine while p > s
            var interpreted = Assert.ThrowsAny<Exception>(() => { _ = Interpreted(() => loop.Vjp(at, (0.0, 1.0))); });
            var compiled = Assert.ThrowsAny<Exception>(() => { _ = loop.Vjp(at, (0.0, 1.0)); });
            Assert.Equal(interpreted.GetType(), compiled.GetType());
            Assert.Equal(interpreted.Message, compiled.Message);
            Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
        }
    }

    /// <summary>The bytes one VJP of <paramref name="n"/> compiled steps allocates (after warming up).</summary>
    private static long AllocatedPerVjp(int n)
    {
        var loop = Step().Iterate(n);
        var at = ((2.0, 0.1), (1.0, 0.0));
        var yBar = ((0.0, 0.0), (1.0, 0.0));
        _ = loop.Vjp(at, yBar);
        _ = loop.Vjp(at, yBar);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 10; i++)
        {
            sum += loop.Vjp(at, yBar).Item2.Item1;
        }

        Assert.True(double.IsFinite(sum));
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
    }

    [Fact]
    public void Iterate_WithCompiledStep_AllocatesOnlyTheCarriesPerStep()
    {
        // The carries (Ds doubles a step) are the only storage that grows with the count: no trace, box or tuple per step.
        var small = AllocatedPerVjp(100);
        var large = AllocatedPerVjp(1_100);
        Assert.True(large - small <= 1_000 * (Ds * sizeof(double)) + 64, $"{small} bytes at 100 steps, {large} at 1,100: more than the carries per step");
    }
}
