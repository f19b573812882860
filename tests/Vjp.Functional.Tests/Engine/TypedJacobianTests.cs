using CsCheck;
using Vjp.Functional.Engine.Typed;
using Vjp.Benchmarks;
using Vjp.Testing;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The fused compiled Jacobian-by-columns sweep (primal and every column's tangent lane in one method, the Hessian's
/// path): bit for bit against the interpreter for record, Vec and tuple inputs, through the public Hessian and
/// Jacobian; Vecs of another length and rows-mode Jacobians take the general path, with the same bits.
/// </summary>
public sealed class TypedJacobianTests
{
    // The benchmarks' Black–Scholes definition (linked from benchmarks/Vjp.Benchmarks), a record input to a Hessian.
    private static Diff<OptionInputs, double> BlackScholes() => BlackScholesDiff.Build();

    private static void SameMat(string what, Mat expected, Mat actual)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        for (var k = 0; k < expected.Rows * expected.Cols; k++)
        {
            double e = expected.AsSpan()[k], a = actual.AsSpan()[k];
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || (double.IsNaN(e) && double.IsNaN(a)), $"{what}[{k}]: interpreted {e:R}, compiled {a:R}");
        }
    }

    private static Mat Interpreted(Func<Mat> f)
    {
        using var scope = TypedEngine.InterpretHere();
        return f();
    }

    [Fact]
    public void BlackScholesHessian_OfARecord_IsBitIdenticalToTheInterpreter_AndTakesTheFusedSweep()
    {
        var price = BlackScholes();
        var inputs = Gen.Select(Gen.Double[50, 150], Gen.Double[50, 150], Gen.Double[0, 0.1], Gen.Double[0.05, 0.6], Gen.Double[0.1, 3])
            .Select((s, k, r, v, t) => new OptionInputs(s, k, r, v, t));
        inputs.ForAll(o =>
        {
            SameMat("hessian", Interpreted(() => price.Hessian(o)), price.Hessian(o));
        }, iter: 60);
        var typed = Assert.IsType<TypedTape<OptionInputs, OptionInputs>>(Diff.Gradient(price).Node.Tape.Typed);
        Assert.True(typed.IsJacobianColumnsCompiled, "the Hessian did not take the fused sweep");
    }

    [Fact]
    public void VecJacobianByColumns_IsBitIdenticalToTheInterpreter_AndAnotherLengthIsInterpreted()
    {
        var x = Diff.Input<Vec>();
        var f = Diff.Vector(x[0] * x[1] + Sin(x[2]), Tanh(x[0]) * x[2], Exp(Tanh(x[1])) - x[0], Square(x[2]) + x[1]);
        Gen.Double[-2, 2].Array[3].Select(a => Vec.Of(a)).ForAll(v =>
        {
            SameMat("auto (columns: 3 < 4)", Interpreted(() => f.Jacobian(v)), f.Jacobian(v));
            SameMat("rows", Interpreted(() => f.Jacobian(v, JacobianMode.Rows)), f.Jacobian(v, JacobianMode.Rows));
        }, iter: 40);
        Assert.True(((TypedTape<Vec, Vec>)f.Node.Tape.Typed!).IsJacobianColumnsCompiled);

        // A Vec of another length than the first call's is not the compiled layout: the interpreter's error.
        var wrong = Vec.Of([1.0, 2.0]);
        var expected = Record.Exception(() => Interpreted(() => f.Jacobian(wrong)));
        var actual = Record.Exception(() => f.Jacobian(wrong));
        Assert.NotNull(expected);
        Assert.Equal(expected!.GetType(), actual?.GetType());
        Assert.Equal(expected.Message, actual!.Message);
    }

    [Fact]
    public void HessianOfATupleFunction_WithNaNsOutsideTheDomain_IsBitIdenticalToTheInterpreter()
    {
        var (a, b) = Diff.Input<(double, double)>();
        var f = Log(a) * Sqrt(b) + Pow(a, b);
        foreach (var at in new[] { (1.5, 0.5), (-1.0, 2.0), (0.0, 0.0), (double.NaN, 1.0), (-0.0, double.PositiveInfinity) })
        {
            SameMat($"hessian at {at}", Interpreted(() => f.Hessian(at)), f.Hessian(at));
        }
    }
}
