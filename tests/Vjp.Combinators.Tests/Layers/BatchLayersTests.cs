using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Layers;

/// <summary>
/// The batched layers and losses (a batch is a matrix whose rows are samples): each agrees row by row with its
/// vector form, and its derivatives pass the adjoint identity and finite differences at points drawn from fixed seeds.
/// </summary>
public class BatchLayersTests
{
    private static readonly Linq.Mlp Like = new(Mat.Zeros(4, 3), Vec.Zeros(4), Mat.Zeros(2, 4), Vec.Zeros(2));

    /// <summary>Adjoint identity and finite differences at <paramref name="count"/> points from System.Random(seed).</summary>
    private static void Derivatives<X, Y>(Diff<X, Y> f, X like, int seed, int count = 8, double lo = -1, double hi = 1)
        where X : notnull where Y : notnull
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var x = Checks.Random(like, rng, lo, hi);
            var dx = Checks.Random(like, rng);
            var yBar = Checks.Random(f.Invoke(x), rng);
            Checks.Adjoint(f, x, dx, yBar);
            Checks.FiniteDifferences(f, x, dx, yBar);
        }
    }

    private static Diff<(Linq.Mlp P, Mat X), Mat> BatchedMlp()
    {
        var (p, x) = Diff.Input<(Linq.Mlp, Mat)>();
        var h = Tanh(Combinators.Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        return Combinators.Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h);
    }

    [Fact]
    public void Dense_OnABatch_IsTheVectorDenseOfEveryRow()
    {
        var rng = new Random(1);
        var (p, x) = (Checks.Random(Like, rng), Checks.Random(Mat.Zeros(5, 3), rng));
        var batched = BatchedMlp().Invoke((p, x));
        var (q, v) = Diff.Input<(Linq.Mlp, Vec)>();
        var single = Combinators.Layers.Dense(q.Get(m => m.W2), q.Get(m => m.B2), Tanh(Combinators.Layers.Dense(q.Get(m => m.W1), q.Get(m => m.B1), v)));
        for (var i = 0; i < x.Rows; i++)
        {
            Checks.Close(single.Invoke((p, x.Row(i))), batched.Row(i), 1e-14, $"row {i}");
        }
    }

    [Fact]
    public void Dense_OnABatch_DerivativesInParametersAndBatch_MatchFiniteDifferencesAndAdjoint() =>
        Derivatives(BatchedMlp(), (Like, Mat.Zeros(5, 3)), seed: 2);

    [Fact]
    public void Dense_OnABatch_GradientOfFirst_IsTheParameterPartOfTheFullGradient()
    {
        var rng = new Random(3);
        var (p, x) = (Checks.Random(Like, rng), Checks.Random(Mat.Zeros(6, 3), rng));
        var loss = BatchedMlp().Then(MatPrimitives.Sum);
        var squared = Sum(Square(BatchedMlp()));
        var (value, partial) = squared.ValueAndGradientOfFirst(p, x);
        var (fullValue, full) = squared.ValueAndGradient((p, x));
        Assert.Equal(fullValue, value);
        Checks.Close(full.Item1, partial, 1e-15, "∂/∂p");
        Assert.True(double.IsFinite(loss.Invoke((p, x))));
    }

    [Fact]
    public void SoftmaxRows_IsTheSoftmaxOfEveryRow_AndItsDerivativesMatchFiniteDifferences()
    {
        var x = Checks.Random(Mat.Zeros(3, 4), new Random(4), -3, 3);
        var rows = Combinators.Layers.SoftmaxRows(Diff.Input<Mat>()).Invoke(x);
        for (var i = 0; i < x.Rows; i++)
        {
            Checks.Close(Combinators.Layers.Softmax().Invoke(x.Row(i)), rows.Row(i), 1e-15, $"row {i}");
        }

        Derivatives(Combinators.Layers.SoftmaxRows(Diff.Input<Mat>()), Mat.Zeros(3, 4), seed: 5, lo: -3, hi: 3);
    }

    [Fact]
    public void LogSumExpRows_IsTheLogSumExpOfEveryRow_AndItsDerivativesMatchFiniteDifferences()
    {
        var x = Checks.Random(Mat.Zeros(3, 4), new Random(6), -3, 3);
        var rows = Combinators.Layers.LogSumExpRows(Diff.Input<Mat>()).Invoke(x);
        for (var i = 0; i < x.Rows; i++)
        {
            Assert.Equal(Combinators.Layers.LogSumExp().Invoke(x.Row(i)), rows[i], 14);
        }

        Derivatives(Combinators.Layers.LogSumExpRows(Diff.Input<Mat>()), Mat.Zeros(3, 4), seed: 7, lo: -3, hi: 3);
    }

    [Fact]
    public void CrossEntropy_OfABatchWithLabels_IsTheMeanOfTheRowLosses()
    {
        var z = Checks.Random(Mat.Zeros(4, 3), new Random(8), -3, 3);
        int[] labels = [2, 0, 1, 1];
        var batched = Losses.CrossEntropy(Diff.Input<Mat>(), labels).Invoke(z);
        var v = Diff.Input<Vec>();
        var mean = Enumerable.Range(0, 4).Average(i => Losses.CrossEntropy(v, labels[i], 3).Invoke(z.Row(i)));
        Assert.Equal(mean, batched, 14);
        var withTargets = Losses.CrossEntropy(Diff.Input<Mat>(), Const<Mat, Mat>(MiniBatches.OneHot(labels, 3))).Invoke(z);
        Assert.Equal(mean, withTargets, 14);
    }

    [Fact]
    public void CrossEntropy_OfABatch_DerivativesMatchFiniteDifferencesAndAdjoint()
    {
        Derivatives(Losses.CrossEntropy(Diff.Input<Mat>(), [2, 0, 1, 1]), Mat.Zeros(4, 3), seed: 9, lo: -3, hi: 3);
        var (z, t) = Diff.Input<(Mat, Mat)>();
        Derivatives(Losses.CrossEntropy(z, t), (Mat.Zeros(4, 3), Mat.Zeros(4, 3)), seed: 10, lo: -3, hi: 3);
    }

    [Fact]
    public void CrossEntropy_OfHugeLogits_IsFiniteAndStable()
    {
        var z = Mat.FromArray(new double[,] { { 1000, -1000, 0 }, { -800, 900, 900 } });
        var (value, gradient) = Losses.CrossEntropy(Diff.Input<Mat>(), [1, 2]).ValueAndGradient(z);
        Assert.Equal((2000 + Math.Log(2)) / 2, value, 9);
        Assert.All(gradient.AsSpan().ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void CrossEntropy_WithTheWrongNumberOfLabels_ThrowsShapeExceptionNamingTheShapes()
    {
        var e = Assert.Throws<ShapeException>(() => Losses.CrossEntropy(Diff.Input<Mat>(), [0, 1]).Invoke(Mat.Zeros(3, 4)));
        Assert.Contains("2 labels", e.Message, StringComparison.Ordinal);
        Assert.Contains("Mat[3×4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossEntropy_WithALabelOutsideTheClasses_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(Diff.Input<Mat>(), [-1]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(Diff.Input<Mat>(), [0, 4]).Invoke(Mat.Zeros(2, 4)));
        Assert.Contains("4 classes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mse_OfABatch_IsTheMeanOverEveryEntry_AndItsDerivativesMatchFiniteDifferences()
    {
        var rng = new Random(11);
        var (a, t) = (Checks.Random(Mat.Zeros(3, 2), rng), Checks.Random(Mat.Zeros(3, 2), rng));
        var expected = a.AsSpan().ToArray().Zip(t.AsSpan().ToArray(), (u, v) => (u - v) * (u - v)).Average();
        Assert.Equal(expected, Losses.Mse(Diff.Input<Mat>(), t).Invoke(a), 14);
        var (p, q) = Diff.Input<(Mat, Mat)>();
        Derivatives(Losses.Mse(p, q), (Mat.Zeros(3, 2), Mat.Zeros(3, 2)), seed: 12);
    }

    [Fact]
    public void AddToRows_WithAVectorOfTheWrongLength_ThrowsShapeExceptionNamingOpPathAndShapes()
    {
        var (m, v) = Diff.Input<(Mat, Vec)>();
        var f = AddToRows(m, v).Named("bias");
        var e = Assert.Throws<ShapeException>(() => f.Invoke((Mat.Zeros(2, 3), Vec.Zeros(2))));
        Assert.Contains("Fn.AddToRows", e.Message, StringComparison.Ordinal);
        Assert.Contains("bias", e.Message, StringComparison.Ordinal);
        Assert.Contains("Vec[2]", e.Message, StringComparison.Ordinal);
        Assert.Contains("Mat[2×3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerSampleSum_Gradient_EqualsTheBatchedGradient()
    {
        // The per-sample pattern accumulates W̄ in one owned buffer (outer products added in place); it must give
        // the batched expression's gradient.
        var rng = new Random(13);
        var (p, x) = (Checks.Random(Like, rng), Checks.Random(Mat.Zeros(5, 3), rng));
        int[] labels = [0, 1, 1, 0, 1];
        var q = Diff.Input<Linq.Mlp>();
        Diff<Linq.Mlp, double>? total = null;
        for (var s = 0; s < x.Rows; s++)
        {
            var h = Tanh(Combinators.Layers.Dense(q.Get(m => m.W1), q.Get(m => m.B1), Const<Linq.Mlp, Vec>(x.Row(s))));
            var term = Losses.CrossEntropy(Combinators.Layers.Dense(q.Get(m => m.W2), q.Get(m => m.B2), h), labels[s], 2);
            total = total is null ? term : total + term;
        }

        var perSample = total! / x.Rows;
        var hb = Tanh(Combinators.Layers.Dense(q.Get(m => m.W1), q.Get(m => m.B1), Const<Linq.Mlp, Mat>(x)));
        var batched = Losses.CrossEntropy(Combinators.Layers.Dense(q.Get(m => m.W2), q.Get(m => m.B2), hb), labels);
        var (v1, g1) = perSample.ValueAndGradient(p);
        var (v2, g2) = batched.ValueAndGradient(p);
        Assert.Equal(v1, v2, 14);
        Checks.Close(g1, g2, 1e-14, "gradient");
    }
}
