using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using Vjp.Testing;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The typed compiled fast path (Engine/Typed): random scalar pipelines agree bit for bit with the
/// interpreter; the compiled path is taken and the opt-out really interprets; errors inside compiled
/// sweeps are the interpreter's; concurrent first use; allocation independent of the number of stages.
/// </summary>
public sealed class TypedEngineTests
{
    // Random scalar pipelines ------------------------------------------------------------------------

    private static readonly Gen<int[]> Programs = Gen.Int[0, 1 << 20].Array[8, 60];

    /// <summary>A random expression of a pair (a, b) from a list of choices: primitives, operators, constants and shared subexpressions.</summary>
    internal static Diff<(double, double), double> Pipeline(int[] code)
    {
        var (a, b) = Diff.Input<(double, double)>();
        var k = 0;
        var built = new List<Diff<(double, double), double>>();
        int Next() => code[k++ % code.Length];

        Diff<(double, double), double> Build(int depth)
        {
            var c = Next();
            if (depth <= 0 || k >= code.Length)
            {
                return (c % 4) switch
                {
                    0 => a,
                    1 => b,
                    2 when built.Count > 0 => built[c / 4 % built.Count], // a shared subexpression: fan-out, fan-in
                    _ => a * ((c % 7) - 3.0) + b,
                };
            }

            var e = (c % 24) switch
            {
                0 => Sin(Build(depth - 1)),
                1 => Cos(Build(depth - 1)),
                2 => Tanh(Build(depth - 1)),
                3 => Exp(Tanh(Build(depth - 1))),
                4 => Log(Square(Build(depth - 1)) + 1.0),
                5 => Sqrt(Square(Build(depth - 1)) + 1.0),
                6 => Sigmoid(Build(depth - 1)),
                7 => Softplus(Build(depth - 1)),
                8 => Erf(Build(depth - 1)),
                9 => NormalCdf(Build(depth - 1)),
                10 => Atan(Build(depth - 1)),
                11 => -Build(depth - 1),
                12 => Build(depth - 1) + Build(depth - 1),
                13 => Build(depth - 1) - 0.5 * Build(depth - 1),
                14 => Build(depth - 1) * Build(depth - 1),
                15 => Build(depth - 1) / (Square(Build(depth - 1)) + 1.0),
                16 => Pow(Sigmoid(Build(depth - 1)) + 0.5, Tanh(Build(depth - 1))),
                17 => Pow(Sigmoid(Build(depth - 1)) + 0.5, 1.5),
                18 => Build(depth - 1).Then(S.Sin).Then(S.Tanh),
                19 => Diff.Fanout(Build(depth - 1), Build(depth - 1)).Then(S.Mul),
                20 => Max(Build(depth - 1), Build(depth - 1)),
                21 => Hypot(Build(depth - 1), Build(depth - 1) + 1.0),
                22 => Abs(Build(depth - 1)) + Square(Build(depth - 1)),
                _ => Build(depth - 1).Named("block"),
            };
            built.Add(e);
            return e;
        }

        return Build(6);
    }

    [Fact]
    public void RandomScalarPipelines_AllCompiledSweeps_AreBitIdenticalToTheInterpreter()
    {
        var point = Gen.Double[-2, 2];
        var dims = Gen.Double[-2, 2].Array[2];
        Gen.Select(Programs, point, point, dims, dims).ForAll(t =>
        {
            var f = Pipeline(t.Item1);
            Assert.True(f.Node.Tape.IsCompiled, $"not compiled: {f}");
            TypedChecks.AllSweepsAgree(f, f.Node, (t.Item2, t.Item3), t.Item4, t.Item5);
        }, iter: 300);
    }

    [Fact]
    public void RandomScalarPipelines_HessianAndJacobians_AreBitIdenticalToTheInterpreter()
    {
        var point = Gen.Double[-2, 2];
        Gen.Select(Programs, point, point).ForAll(t =>
        {
            var f = Pipeline(t.Item1);
            var x = (t.Item2, t.Item3);
            var g = Diff.Gradient(f);
            Mat hessian, rows, columns;
            using (TypedEngine.InterpretHere())
            {
                hessian = Diff.Hessian(f, x);
                rows = g.Jacobian(x, JacobianMode.Rows);
                columns = g.Jacobian(x, JacobianMode.Columns);
            }

            SameMat("hessian", hessian, Diff.Hessian(f, x));
            SameMat("jacobian rows", rows, g.Jacobian(x, JacobianMode.Rows));
            SameMat("jacobian columns", columns, g.Jacobian(x, JacobianMode.Columns));
            var typed = Assert.IsType<TypedTape<(double, double), (double, double)>>(g.Node.Tape.Typed);
            Assert.True(typed.IsJacobianColumnsCompiled, "the Hessian did not take the fused compiled sweep");

            // The record-then-lanes path (the fallback of the fused sweep) gives the same bits too.
            var j = new double[4];
            Assert.True(TypedJacobian.TryFill(typed, [x.Item1, x.Item2], columns: true, j, 2, 2));
            SameMat("hessian by recorded lanes", hessian, Mat.Create(2, 2, j));
            Assert.True(typed.IsCompiled(Sweep.FlatPushforwardLanes));
        }, iter: 100);
    }

    private static void SameMat(string what, Mat expected, Mat actual)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        for (var k = 0; k < expected.Rows * expected.Cols; k++)
        {
            double e = expected.AsSpan()[k], a = actual.AsSpan()[k];
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || (double.IsNaN(e) && double.IsNaN(a)), $"{what}[{k}]: interpreted {e:R}, compiled {a:R}");
        }
    }

    [Fact]
    public void ScalarPipelines_OutsideTheirDomain_GiveTheInterpretersNaNs()
    {
        var x = Diff.Input<double>();
        var f = Log(x) + Sqrt(x) * Pow(x, 0.5);
        foreach (var at in new[] { -1.0, 0.0, double.NaN, double.PositiveInfinity, -0.0 })
        {
            TypedChecks.AllSweepsAgree(f, f.Node, at, [1.0], [1.0]);
        }
    }

    // The compiled path is taken; the opt-out interprets ------------------------------------------------

    [Fact]
    public void ScalarGradient_OnFirstUse_RunsCompiledSweeps()
    {
        var x = Diff.Input<double>();
        var f = Sin(x) * Tanh(x);
        _ = f.Gradient(0.3);
        _ = f.Invoke(0.3);
        _ = Diff.Hvp(f, 0.3, 1.0);
        var typed = f.Node.Tape.Typed;
        Assert.NotNull(typed);
        Assert.True(typed.IsCompiled(Sweep.ValueAndVjp));
        Assert.True(typed.IsCompiled(Sweep.Run));
        Assert.False(typed.IsCompiled(Sweep.Pullback), "a sweep nobody asked for was compiled");
        Assert.True(f.Node.GradientNode.Tape.Typed!.IsCompiled(Sweep.ValueAndTangent), "the gradient function's HVP is not compiled");
    }

    [Fact]
    public void InterpretHere_NewScalarFunction_IsNeverOfferedToTheCompiler()
    {
        var x = Diff.Input<double>();
        var f = Sin(x) * Tanh(x) + 1.0;
        double interpreted;
        using (TypedEngine.InterpretHere())
        {
            interpreted = f.Gradient(0.3);
            Assert.False(f.Node.Tape.TypedBuilt);
            Assert.False(f.Node.Tape.IsCompiled);
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(interpreted), BitConverter.DoubleToInt64Bits(f.Gradient(0.3)));
        Assert.True(f.Node.Tape.IsCompiled);
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(false, "1", true)]
    [InlineData(false, "true", true)]
    [InlineData(false, "TRUE ", true)]
    [InlineData(false, "0", false)]
    [InlineData(false, "", false)]
    public void OptOut_SwitchOrVariable_AsksForTheInterpreter(bool switchOn, string? variable, bool interprets) =>
        Assert.Equal(interprets, TypedEngine.Interprets(switchOn, variable));

    [Fact]
    public void VectorFunction_IsNotCompiled_AndStillWorks()
    {
        var v = Diff.Input<Vec>();
        var f = Sum(Sin(v));
        Assert.Equal(Math.Cos(1.0), f.Gradient(Vec.Of(1.0))[0], 15);
        Assert.False(f.Node.Tape.IsCompiled);
    }

    // Errors --------------------------------------------------------------------------------------------

    private static readonly Diff<double, double> Picky = S.Create(
        "picky", Domain.Positive,
        x => x > 0 ? Math.Log(x) : throw new ArgumentOutOfRangeException(nameof(x), x, "picky needs x > 0"),
        static (x, y) => x.IsSymbolic || x.Value < 10 ? 1 / x : throw new InvalidOperationException("picky′ overflows"));

    public static TheoryData<string, double> ErrorCases => new()
    {
        { "invoke", -1.0 },
        { "gradient", -1.0 },
        { "gradient", 20.0 },
        { "jvp", 20.0 },
        { "frame pullback", 20.0 },
        { "frame pushforward", 20.0 },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void RuleThrowing_InsideACompiledSweep_ThrowsTheInterpretersException(string sweep, double at)
    {
        var x = Diff.Input<double>();
        var f = (x * x - 2.0).Then(Diff.Fanout(Picky.Named("inner"), Diff.Id<double>()).Then(S.Mul)).Named("outer") + Tanh(x);
        object Run()
        {
            return sweep switch
            {
                "invoke" => f.Invoke(at),
                "gradient" => f.Gradient(at),
                "jvp" => f.Jvp(at, 1.0),
                "frame pullback" => f.ValueWithPullback(at).Pullback(1.0),
                _ => f.ValueWithPushforward(at).Pushforward(1.0),
            };
        }

        Exception interpreted;
        using (TypedEngine.InterpretHere())
        {
            interpreted = Assert.ThrowsAny<Exception>(Run);
        }

        _ = f.Invoke(2.0); // compile before the failing call
        var compiled = Assert.ThrowsAny<Exception>(Run);
        Assert.True(f.Node.Tape.IsCompiled);
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
        Assert.Equal(interpreted.InnerException?.GetType(), compiled.InnerException?.GetType());
    }

    [Fact]
    public void NullRecordInput_ToACompiledTape_ThrowsTheInterpretersArgumentNullException()
    {
        var p = Diff.Input<Point>();
        var f = Sin(p.Get(q => q.X)) * p.Get(q => q.Y);
        Assert.Equal(Math.Sin(1) * 2, f.Invoke(new Point(1, 2)), 15);
        Assert.True(f.Node.Tape.IsCompiled);
        var e = Assert.Throws<ArgumentNullException>(() => f.Gradient(null!));
        Assert.Equal("x", e.ParamName);
    }

    /// <summary>A record input.</summary>
    /// <param name="X">The first coordinate.</param>
    /// <param name="Y">The second coordinate.</param>
    public sealed record Point(double X, double Y);

    // Concurrency and allocation ----------------------------------------------------------------------

    [Fact]
    public void ManyThreads_FirstGradientAtOnce_AllGetTheSameBits()
    {
        var x = Diff.Input<(double, double)>();
        var (a, b) = x;
        var f = Sin(a * b) + Tanh(a - b) * Exp(Tanh(b));
        double expected;
        using (TypedEngine.InterpretHere())
        {
            expected = f.Gradient((0.3, -0.7)).Item1;
        }

        var results = new double[16];
        using var start = new Barrier(results.Length);
        var threads = Enumerable.Range(0, results.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = f.Gradient((0.3, -0.7)).Item1;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(results, r => Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(r)));
        Assert.True(f.Node.Tape.Typed!.IsCompiled(Sweep.ValueAndVjp));
    }

    private static Diff<double, double> Chain(int stages)
    {
        var f = S.Sin;
        for (var i = 1; i < stages; i++)
        {
            f = f.Then(i % 2 == 0 ? S.Sin : S.Tanh);
        }

        return f;
    }

    private static long AllocatedPerGradient(Diff<double, double> f)
    {
        Assert.True(f.Node.Tape.IsCompiled); // a long tape compiles only after some uses; compile it now
        _ = f.Gradient(0.7);
        _ = f.ValueAndGradient(0.7);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 10; i++)
        {
            sum += f.Gradient(0.7) + f.ValueAndGradient(0.7).Gradient;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        Assert.True(double.IsFinite(sum));
        return bytes;
    }

    [Fact]
    public void LargeTape_FirstUses_AreInterpretedUntilTheCompileWouldPay()
    {
        var f = Chain(5_000);
        var uses = TypedEngine.UsesBeforeCompile(f.Node.Tape.InstructionCount);
        Assert.True(uses > 1);
        for (var i = 0; i < uses; i++)
        {
            _ = f.Invoke(0.7);
            Assert.False(f.Node.Tape.TypedBuilt, $"compiled after {i + 1} uses of {uses}");
        }

        var interpreted = f.Invoke(0.7);
        Assert.True(f.Node.Tape.TypedBuilt);
        Assert.True(f.Node.Tape.Typed!.IsCompiled(Sweep.Run));
        Assert.Equal(BitConverter.DoubleToInt64Bits(f.Node.Tape.RunInterpreted(0.7) is double d ? d : double.NaN), BitConverter.DoubleToInt64Bits(interpreted));
    }

    [Fact]
    public void CompiledScalarGradient_Allocation_DoesNotGrowWithStages()
    {
        var short100 = Chain(100);
        var long1000 = Chain(1000);
        var a = AllocatedPerGradient(short100);
        var b = AllocatedPerGradient(long1000);
        Assert.True(long1000.Node.Tape.IsCompiled);
        Assert.Equal(a, b);
    }
}
