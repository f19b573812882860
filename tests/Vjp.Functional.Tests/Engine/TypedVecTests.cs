using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using Vjp.Testing;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The typed compiled sweeps of tapes whose input or output is a <see cref="Vec"/> (its length fixed by the first
/// call) and whose interior is doubles: bit for bit against the interpreter (value, VJP, JVP, fused and through a
/// recorded frame), and a call of another length gets the interpreter's answer or exception.
/// </summary>
public sealed class TypedVecTests
{
    /// <summary>The README's worked example, f(x) = [x₁² + x₂, sin x₁, x₁x₂].</summary>
    private static Diff<Vec, Vec> WorkedExample()
    {
        var x = Diff.Input<Vec>();
        return Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);
    }

    private static Gen<Vec> Vecs(int n) => Gen.Double[-2, 2].Array[n].Select(a => Vec.Of(a));

    [Fact]
    public void WorkedExample_Compiles_AndEverySweepIsBitIdenticalToTheInterpreter()
    {
        var f = WorkedExample();
        Assert.True(f.Node.Tape.IsCompiled, "the worked example is not compiled");
        var dims = Gen.Double[-2, 2].Array[3];
        Gen.Select(Vecs(2), dims, dims).ForAll(t => TypedChecks.AllSweepsAgree(f, f.Node, t.Item1, t.Item2, t.Item3), iter: 40);
        Assert.True(f.Node.Tape.Typed!.IsCompiled(Sweep.ValueAndVjp), "the fused VJP did not take the compiled path");
        Assert.Equal(2, f.Node.Tape.Typed!.InputLength);
        Assert.Equal(3, f.Node.Tape.Typed!.OutputLength);
    }

    /// <summary>
    /// A random function of a Vec of <paramref name="n"/> doubles: each output (or the one scalar output) a random
    /// scalar pipeline of two of its components read with index rules.
    /// </summary>
    private static IDiff Pipeline(int n, int[] code, bool vecOutput)
    {
        var x = Diff.Input<Vec>();
        Diff<Vec, double> Piece(int k) =>
            Diff.Fanout(x[code[k] % n], x[code[k + 1] % n]).Then(TypedEngineTests.Pipeline(code[(k + 2)..]));
        if (!vecOutput)
        {
            return Piece(0);
        }

        var m = 1 + (code[0] % 4);
        return Diff.Vector([.. Enumerable.Range(0, m).Select(i => Piece(i))]);
    }

    [Fact]
    public void RandomPipelinesOverVecs_Lengths1To6_AreBitIdenticalToTheInterpreter()
    {
        var cases = Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1 << 20].Array[12, 40], Gen.Bool);
        var dims = Gen.Double[-2, 2].Array[6];
        cases.SelectMany(c => Gen.Select(Vecs(c.Item1), dims, dims), (c, p) => (c, p)).ForAll(t =>
        {
            var ((n, code, vecOutput), (x, a, b)) = t;
            var f = Pipeline(n, code, vecOutput);
            var node = TypedBitIdentityTests.NodeOf(f);
            Assert.True(node.Tape.IsCompiled, $"not compiled: {f}");
            TypedChecks.AllSweepsAgree(f, node, x, a, b);
            Assert.Equal(n, node.Tape.Typed!.InputLength);
        }, iter: 60);
    }

    [Fact]
    public void OtherLengths_AfterCompiling_GetTheInterpretersAnswers()
    {
        var f = WorkedExample();
        var v = Vec.Of(1, -1, 2);
        _ = f.Vjp(Vec.Of(1, 2), v);
        Assert.True(f.Node.Tape.Typed!.IsCompiled(Sweep.ValueAndVjp));

        // A longer input: the extra component is unused, and the interpreter's answer comes back.
        var longer = Vec.Of(0.5, -1.5, 7);
        TypedChecks.AllSweepsAgree(f, f.Node, longer, [1, -1, 2], [0.25, 2, -3]);
        using (TypedEngine.InterpretHere())
        {
            TypedChecks.Same("vjp (longer)", f.Node.InputSpace, f.Vjp(longer, v), f.Node.Tape.PullbackInterpreted(f.Node.Tape.RecordInterpreted(longer), v));
        }

        Assert.Equal(2, f.Node.Tape.Typed!.InputLength);
    }

    [Theory]
    [InlineData(JacobianMode.Columns)]
    [InlineData(JacobianMode.Rows)]
    public void Jacobian_OfACompiledVecTape_IsBitIdenticalToTheInterpreters(JacobianMode mode)
    {
        var f = WorkedExample();
        _ = f.Invoke(Vec.Of(1, 2));
        Gen.Select(Vecs(2), Vecs(3)).ForAll(t =>
        {
            foreach (var x in new[] { t.Item1, t.Item2 })
            {
                Mat interpreted;
                using (TypedEngine.InterpretHere())
                {
                    interpreted = f.Jacobian(x, mode);
                }

                var compiled = f.Jacobian(x, mode);
                Assert.Equal((interpreted.Rows, interpreted.Cols), (compiled.Rows, compiled.Cols));
                for (var k = 0; k < interpreted.Rows * interpreted.Cols; k++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(interpreted.AsSpan()[k]), BitConverter.DoubleToInt64Bits(compiled.AsSpan()[k]));
                }
            }
        }, iter: 20);
        Assert.True(
            mode == JacobianMode.Columns ? ((TypedTape<Vec, Vec>)f.Node.Tape.Typed!).IsJacobianColumnsCompiled : f.Node.Tape.Typed!.IsCompiled(Sweep.FlatRecord),
            "the Jacobian did not take the compiled path");
    }

    public static TheoryData<string> WrongCalls => ["invoke", "vjp short x", "vjp short yBar", "vjp long yBar", "jvp short dx", "frame pullback short yBar", "frame pushforward long dx"];

    [Theory]
    [MemberData(nameof(WrongCalls))]
    public void WrongLength_AfterCompiling_ThrowsTheInterpretersException(string call)
    {
        var f = WorkedExample();
        _ = f.Vjp(Vec.Of(1, 2), Vec.Of(1, -1, 2));
        _ = f.Jvp(Vec.Of(1, 2), Vec.Of(1, -1));
        Assert.True(f.Node.Tape.IsCompiled);
        Action act = call switch
        {
            "invoke" => () => f.Invoke(Vec.Of(1)),
            "vjp short x" => () => f.Vjp(Vec.Of(1), Vec.Of(1, -1, 2)),
            "vjp short yBar" => () => f.Vjp(Vec.Of(1, 2), Vec.Of(1, -1)),
            "vjp long yBar" => () => f.Vjp(Vec.Of(1, 2), Vec.Of(1, -1, 2, 4)),
            "jvp short dx" => () => f.Jvp(Vec.Of(1, 2), Vec.Of(1)),
            "frame pullback short yBar" => () => f.ValueWithPullback(Vec.Of(1, 2)).Pullback(Vec.Of(1, 2)),
            _ => () => f.ValueWithPushforward(Vec.Of(1, 2)).Pushforward(Vec.Of(1, 2, 3)),
        };
        var interpreted = Record(() =>
        {
            using var _ = TypedEngine.InterpretHere();
            act();
        });
        var compiled = Record(act);
        Assert.NotNull(interpreted);
        Assert.Equal(interpreted?.GetType(), compiled?.GetType());
        Assert.Equal(interpreted?.Message, compiled?.Message);
    }

    private static Exception? Record(Action act)
    {
        try
        {
            act();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
