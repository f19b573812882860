using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Mixed tapes: scalar code around vector and matrix instructions (and around rules the typed compiler does not cover)
/// compiles its fused sweeps, calls the interpreter's own kernels for the vectors and matrices, and agrees bit for bit
/// with the interpreter: value, VJP, JVP, gradient; fan-in across typed and interpreted instructions keeps the
/// interpreter's order; errors are the interpreter's.
/// </summary>
public sealed class TypedMixedTests
{
    private static readonly Gen<double[]> Coordinates = Gen.Double[-2, 2].Array[10];

    /// <summary>Scalar code on vector reductions: sums, dots and norms feeding transcendental scalar stages, fed back as scales.</summary>
    private static Diff<Vec, double> OnVec()
    {
        var v = Diff.Input<Vec>();
        var s = Sum(Sin(v));
        var d = Dot(v, v);
        var w = Tanh(d) * v + Exp(-Square(s)) * Sin(v);
        return Sin(s) * Tanh(d) + Sqrt(Square(Norm(w)) + 1.0) - Sum(w) / (1.0 + d);
    }

    /// <summary>A double that fans out into both scalar code and a vector scale (fan-in of a typed slot from typed and interpreted instructions).</summary>
    private static Diff<(double, Vec), double> OnPair()
    {
        var (a, v) = Diff.Input<(double, Vec)>();
        var scaled = (a * a) * v + Sin(a) * Tanh(v);
        return Sum(scaled) * a + Cos(a) * Dot(scaled, v) + Square(a);
    }

    /// <summary>Matrix slots: a matrix–vector product and a matrix sum between scalar stages.</summary>
    private static Diff<(double, Vec), double> OnMat()
    {
        var m = Mat.FromRows([[1.0, -0.5, 0.25], [0.3, 0.7, -1.2]]);
        var (a, v) = Diff.Input<(double, Vec)>();
        var y = m * Tanh(Sin(a) * v);
        return Log(Square(Sum(y)) + 1.0) * Exp(-a * a) + Norm(y);
    }

    private static void Agree<TIn>(Diff<TIn, double> f, TIn x, double[] a, double[] b) where TIn : notnull
    {
        var node = f.Node;
        Assert.True(node.Tape.IsCompiled, $"{f.Name}: the mixed tape is not compiled");
        Assert.True(TypedChecks.IsMixed(node), $"{f.Name}: not a mixed tape");
        TypedChecks.FusedSweepsAgree(f, node, x, a, b);
        TIn expected;
        using (TypedEngine.InterpretHere())
        {
            expected = f.Gradient(x);
        }

        TypedChecks.Same("gradient", VectorSpace<TIn>.Instance, expected, f.Gradient(x));
    }

    [Fact]
    public void VecReductionsInScalarCode_AreBitIdenticalToTheInterpreter() =>
        Gen.Select(Gen.Double[-2, 2].Array[1, 8], Coordinates, Coordinates).ForAll(t => Agree(OnVec(), Vec.Of(t.Item1), t.Item2, t.Item3), iter: 60);

    [Fact]
    public void ADoubleFanningIntoVectorAndScalarCode_IsBitIdenticalToTheInterpreter() =>
        Gen.Select(Gen.Double[-2, 2], Gen.Double[-2, 2].Array[1, 5], Coordinates, Coordinates)
            .ForAll(t => Agree(OnPair(), (t.Item1, Vec.Of(t.Item2)), t.Item3, t.Item4), iter: 60);

    [Fact]
    public void MatrixSlots_AreBitIdenticalToTheInterpreter() =>
        Gen.Select(Gen.Double[-2, 2], Gen.Double[-2, 2].Array[3], Coordinates, Coordinates)
            .ForAll(t => Agree(OnMat(), (t.Item1, Vec.Of(t.Item2)), t.Item3, t.Item4), iter: 40);

    [Fact]
    public void RuleWithResiduals_InScalarCode_CompilesAroundIt()
    {
        var cube = Diff.Create<double, double, double>("cube3", x => (x * x * x, 3 * x * x), (r, yBar) => r * yBar, (r, dx) => r * dx);
        var x = Diff.Input<double>();
        var f = Sin(cube.Of(Tanh(x) + 0.5)) * Exp(x) + cube.Of(x);
        Gen.Select(Gen.Double[-2, 2], Coordinates, Coordinates).ForAll(t => Agree(f, t.Item1, t.Item2, t.Item3), iter: 60);
    }

    [Fact]
    public void MixedTape_WrongCotangentOrTangentShape_ThrowsTheInterpretersException()
    {
        var f = OnVec().Then(Diff.Fanout(Diff.Id<double>(), Diff.Id<double>()));
        var x = Vec.Of(0.5, -1.0, 2.0);
        _ = f.Vjp(x, (1.0, 1.0));
        Assert.True(TypedChecks.IsMixed(f.Node));
        var g = OnVec();
        _ = g.Jvp(x, Vec.Of(1.0, 0.0, 0.0));
        var interpreted = Assert.ThrowsAny<Exception>(() => { using (TypedEngine.InterpretHere()) { _ = g.Jvp(x, Vec.Of(1.0, 0.0)); } });
        var compiled = Assert.ThrowsAny<Exception>(() => g.Jvp(x, Vec.Of(1.0, 0.0)));
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        var nullInterpreted = Assert.ThrowsAny<Exception>(() => { using (TypedEngine.InterpretHere()) { _ = g.Vjp(null!, 1.0); } });
        var nullCompiled = Assert.ThrowsAny<Exception>(() => g.Vjp(null!, 1.0));
        Assert.Equal(nullInterpreted.GetType(), nullCompiled.GetType());
        Assert.Equal(nullInterpreted.Message, nullCompiled.Message);
    }

    [Fact]
    public void VectorRuleThrowing_InsideAMixedSweep_ThrowsTheInterpretersException()
    {
        var picky = Diff.Create<Vec, Vec>("pickyVec", v => v.Length < 4 ? v : throw new ArgumentException("too long"), (v, y, yBar) => yBar);
        var v = Diff.Input<Vec>();
        var f = Sin(Sum(picky.Of(Tanh(v)))) * 2.0 + 1.0;
        _ = f.Gradient(Vec.Of(1.0, 2.0));
        Assert.True(TypedChecks.IsMixed(f.Node));
        var at = Vec.Of(1.0, 2.0, 3.0, 4.0);
        var interpreted = Assert.ThrowsAny<Exception>(() => { using (TypedEngine.InterpretHere()) { _ = f.Gradient(at); } });
        var compiled = Assert.ThrowsAny<Exception>(() => f.Gradient(at));
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
    }
}
