using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Pullbacks that add into a cotangent buffer the sweep owns (an outer product or a GEMM adding into W̄, a row
/// selection writing one row, a broadcast adding its column sums into b̄): each fan-in below sends many
/// contributions through those paths. Gradients are checked against central finite differences, and for the
/// absence of aliasing: repeated calls agree bit for bit and nothing the caller passed in changes.
/// </summary>
public class OwnedCotangentTests
{
    private static T Random<T>(T like, int seed) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var random = new Random(seed);
        var a = new double[space.Dimension(like)];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = 2 * random.NextDouble() - 1;
        }

        return space.Unflatten(like, a);
    }

    private static void Check<T>(Diff<T, double> f, T like, int seed) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var at = Random(like, seed);
        var atCopy = space.ToArray(at);
        var gradient = f.Gradient(at);
        var first = space.ToArray(gradient);
        for (var k = 0; k < 3; k++)
        {
            var v = Random(like, seed + 10 + k);
            const double h = 1e-6;
            var fd = (f.Invoke(space.Add(at, space.Scale(h, v))) - f.Invoke(space.Add(at, space.Scale(-h, v)))) / (2 * h);
            var ad = space.Inner(gradient, v);
            Assert.True(Math.Abs(fd - ad) <= 1e-7 * (1 + Math.Abs(fd)), $"{f}: ⟨∇f, v⟩ = {ad}, finite differences {fd}");
        }

        Assert.Equal(first, space.ToArray(f.Gradient(at)));
        Assert.Equal(first, space.ToArray(gradient));
        Assert.Equal(atCopy, space.ToArray(at));
    }

    [Fact]
    public void MatVecFanIn_OuterProductsAddIntoOneBuffer_MatchFiniteDifferences()
    {
        var (w, x) = Diff.Input<(Mat, Vec)>();
        Diff<(Mat, Vec), double> total = Sum(Tanh(w * x));
        for (var s = 0; s < 6; s++)
        {
            var xs = Const<(Mat, Vec), Vec>(Random(Vec.Zeros(3), 100 + s));
            total += Sum(Sin(w * xs)) + Fn.Dot(MatPrimitives.TransposeMatVec.Of(Diff.Fanout(w, w * x)), x);
        }

        Check(total, (Mat.Zeros(4, 3), Vec.Zeros(3)), seed: 1);
    }

    [Fact]
    public void MatMulFanIn_GemmsAddIntoOneBuffer_MatchFiniteDifferences()
    {
        var (a, b) = Diff.Input<(Mat, Mat)>();
        var total = Fn.Sum(Tanh(a * b)) + Fn.Sum(Sin(MatMulTransposeB(a, a))) + Fn.Sum(Exp(MatMulTransposeA(b, b)) / 4.0)
            + Fn.Sum(Hadamard(a * b, a * b)) + Fn.Mean(MatMulTransposeB(b * 0.5, Transpose(a))) + Fn.Sum(Square(a - Transpose(b)) * 0.25);
        Check(total, (Mat.Zeros(3, 2), Mat.Zeros(2, 3)), seed: 2);
    }

    [Fact]
    public void RowColumnAndBroadcastFanIn_WriteOnlyTheirPart_MatchFiniteDifferences()
    {
        var (m, v) = Diff.Input<(Mat, Vec)>();
        Diff<(Mat, Vec), double> total = Fn.Sum(AddToRows(m, v) * 0.5) + Fn.Sum(Tanh(AddToRows(Square(m), v)));
        for (var i = 0; i < 3; i++)
        {
            total += Fn.Dot(Row(m, i), Sin(v)) + Fn.Sum(Exp(Column(m, i % 2))) + Fn.Sum(RowSums(AddToColumns(m, Column(m, 1))));
        }

        Check(total, (Mat.Zeros(3, 2), Vec.Zeros(2)), seed: 3);
    }

    [Fact]
    public void PerSampleSum_Gradient_AllocatesOneWeightCotangent_NotOnePerSample()
    {
        // Σₛ tanh(W xₛ) over 32 samples with W of 100×200 (160 KB): every outer product ȳₛxₛᵀ is added into the
        // one W̄ the sweep owns.
        var w = Diff.Input<Mat>();
        Diff<Mat, double>? total = null;
        for (var s = 0; s < 32; s++)
        {
            var term = Fn.Sum(Tanh(w * Const<Mat, Vec>(Random(Vec.Zeros(200), 200 + s))));
            total = total is null ? term : total + term;
        }

        var at = Random(Mat.Zeros(100, 200), 5);
        var loss = total!;
        _ = loss.Gradient(at);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = loss.Gradient(at);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 3 * 100 * 200 * sizeof(double), $"one gradient allocated {allocated} bytes; W̄ alone is {100 * 200 * sizeof(double)}");
    }

    [Fact]
    public void BatchedDense_GradientInTheWeights_DoesNotFormTheDataCotangent()
    {
        // Y = X Wᵀ + 𝟙bᵀ with X a 64×2000 data matrix (1 MB): W̄ = Ȳᵀ X, never X̄ = Ȳ W; whether X is a constant or
        // the data component of a (W, X) input differentiated in W only.
        var x = Random(Mat.Zeros(64, 2000), 6);
        var at = Random(Mat.Zeros(10, 2000), 7);
        var bias = Random(Vec.Zeros(10), 8);
        var w = Diff.Input<Mat>();
        var constant = Fn.Sum(Tanh(AddToRows(MatMulTransposeB(Const<Mat, Mat>(x), w), Const<Mat, Vec>(bias))));
        var (pw, px) = Diff.Input<(Mat, Mat)>();
        var data = Fn.Sum(Tanh(AddToRows(MatMulTransposeB(px, pw), Const<(Mat, Mat), Vec>(bias))));
        var (value, partial) = data.ValueAndGradientOfFirst(at, x);
        var expected = constant.Gradient(at);
        Assert.Equal(constant.Invoke(at), value);
        Assert.Equal(expected.AsSpan().ToArray(), partial.AsSpan().ToArray());

        foreach (var gradient in new Func<object>[] { () => constant.Gradient(at), () => data.ValueAndGradientOfFirst(at, x) })
        {
            _ = gradient();
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = gradient();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64 * 2000 * sizeof(double) / 2, $"one gradient allocated {allocated} bytes; X̄ alone would be {64 * 2000 * sizeof(double)}");
        }
    }
}
