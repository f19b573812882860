using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

public class ConstantArgumentTests
{
    [Fact]
    public void Vjp_ThroughConstantMatrix_DoesNotFormTheMatrixCotangent()
    {
        // f(x) = tanh(A x) with A a 100×2000 constant (1.6 MB): the pullback needs Aᵀȳ, never ȳxᵀ.
        var random = new Random(1);
        var a = Mat.Generate(100, 2000, (_, _) => random.NextDouble() - 0.5);
        var x = Vec.Generate(2000, _ => random.NextDouble() - 0.5);
        var yBar = Vec.Generate(100, _ => random.NextDouble() - 0.5);
        var input = Diff.Input<Vec>();
        var f = Tanh(Fn.Const<Vec, Mat>(a) * input);
        var expected = Mat.TransposeMatVec(a, Vec.Hadamard(yBar, f.Invoke(x).Map(t => 1 - t * t)));
        Assert.True(f.Vjp(x, yBar).ApproxEquals(expected, 1e-12, 1e-12));

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = f.Vjp(x, yBar);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 100 * 2000 * sizeof(double) / 4, $"one VJP allocated {allocated} bytes; A alone is {100 * 2000 * sizeof(double)}");
    }

    [Fact]
    public void Gradient_ThroughConstantComputedFromConstants_IsUnchanged()
    {
        // A constant transposed and scaled is still constant; the gradient with respect to x is Aᵀ(…).
        var a = Mat.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var input = Diff.Input<Vec>();
        var at = Transpose(Fn.Const<Vec, Mat>(a));
        var f = Sum(Sin(at * (input * input)));
        var x = Vec.Of(0.3, -0.2, 0.5);
        var g = f.Gradient(x);
        const double h = 1e-6;
        for (var i = 0; i < 3; i++)
        {
            var e = Vec.Basis(3, i);
            var fd = (f.Invoke(Vec.Axpy(h, e, x)) - f.Invoke(Vec.Axpy(-h, e, x))) / (2 * h);
            Assert.Equal(fd, g[i], 8);
        }
    }
}
