using CsCheck;
using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Transforms;

/// <summary>Gradients with respect to one component of a tuple input or one member of a record input (JAX's argnums).</summary>
public sealed class ComponentGradientTests
{
    public sealed record Affine(Mat W, Vec B, double Scale);

    private static readonly (Vec V, Mat W, double S) TupleShape = (Vec.Zeros(3), Mat.Zeros(2, 3), 0);

    private static Gen<T> Like<T>(T like) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        return Gen.Double[-1.5, 1.5].Array[space.Dimension(like)].Select(a => space.Unflatten(like, a));
    }

    /// <summary>f(v, W, s) = s·Σ tanh(W v) + sin(⟨v, v⟩)·s.</summary>
    private static Diff<(Vec V, Mat W, double S), double> TupleLoss()
    {
        var (v, w, s) = Diff.Input<(Vec V, Mat W, double S)>();
        return s * Sum(Tanh(w * v)) + Sin(Dot(v, v)) * s;
    }

    /// <summary>g(W, b, c) = c·Σ tanh(W u + b) for a fixed u.</summary>
    private static Diff<Affine, double> RecordLoss()
    {
        var p = Diff.Input<Affine>();
        return p.Get(m => m.Scale) * Sum(Tanh(p.Get(m => m.W) * Vec.Of(0.3, -0.7, 1.1) + p.Get(m => m.B)));
    }

    /// <summary>Component k of x, replaced: for finite differences along one component only.</summary>
    private static X With<X>(X x, int k, object value) where X : notnull
    {
        var product = (IProductSpace)VectorSpace<X>.Instance;
        var parts = Enumerable.Range(0, product.Arity).Select(i => i == k ? value : product.Component(x, i)).ToArray();
        return (X)product.Pack(parts);
    }

    private static void CheckComponent<X, T>(Diff<X, double> f, X x, int k, T partial) where X : notnull where T : notnull
    {
        var product = (IProductSpace)VectorSpace<X>.Instance;
        // Against the full gradient's component (the full gradient is the library's independent, unrestricted pullback) …
        var full = (T)product.Component(f.Gradient(x), k);
        Approx.Close(full, partial, 1e-12, $"component {k} against the full gradient");
        // … and against central finite differences in that component alone.
        var fd = FiniteDifferences.Gradient<T>(c => f.Invoke(With(x, k, c)), (T)product.Component(x, k));
        Approx.Close(fd, partial, 1e-6, $"component {k} against finite differences");
    }

    [Fact]
    public void GradientOf_EachTupleComponent_IsTheFullGradientsComponent_AndMatchesFiniteDifferences() =>
        Like(TupleShape).ForAll(x =>
        {
            var f = TupleLoss();
            var (value, v) = f.ValueAndGradientOf<(Vec V, Mat W, double S), Vec>(x, component: 0);
            Assert.Equal(f.Invoke(x), value);
            CheckComponent(f, x, 0, v);
            CheckComponent(f, x, 1, f.GradientOf<(Vec V, Mat W, double S), Mat>(x, 1));
            CheckComponent(f, x, 2, f.GradientOf<(Vec V, Mat W, double S), double>(x, 2));
            CheckComponent(f, x, 2, f.GradientOf(x, t => t.S));
            CheckComponent(f, x, 1, f.GradientOf(x, t => t.Item2));
        }, iter: 25);

    [Fact]
    public void GradientOf_ARecordMember_IsTheFullGradientsMember_AndMatchesFiniteDifferences() =>
        Like(new Affine(Mat.Zeros(2, 3), Vec.Zeros(2), 0)).ForAll(p =>
        {
            var g = RecordLoss();
            var (value, w) = g.ValueAndGradientOf(p, m => m.W);
            Assert.Equal(g.Invoke(p), value);
            CheckComponent(g, p, 0, w);
            CheckComponent(g, p, 1, g.GradientOf(p, m => m.B));
            CheckComponent(g, p, 2, g.GradientOf(p, m => m.Scale));
            Assert.Equal(g.GradientOf(p, m => m.B), g.GradientOf<Affine, Vec>(p, 1));
        }, iter: 25);

    [Fact]
    public void GradientOf_OneComponent_DoesNoCotangentWorkForTheOthers()
    {
        // A counted stage on the second component only: its pullback runs for the full gradient, never for ∂f/∂a.
        var counter = new CallCounter();
        var (a, b) = Diff.Input<(Vec A, Vec B)>();
        var f = Dot(a, b.Then(counter.Identity<Vec>()));
        (Vec A, Vec B) x = (Vec.Of(1, 2), Vec.Of(3, -1));
        Assert.Equal(Vec.Of(3, -1), f.GradientOf(x, t => t.A));
        Assert.Equal(0, counter.Pullbacks);
        Assert.Equal(Vec.Of(1, 2), f.GradientOf(x, t => t.B));
        Assert.Equal(1, counter.Pullbacks);
        _ = f.Gradient(x);
        Assert.Equal(2, counter.Pullbacks);
    }

    [Fact]
    public void GradientOf_AComponentNothingDependsOn_IsAnExactZero()
    {
        var (a, _) = Diff.Input<(Vec A, Mat Unused)>();
        var f = Sum(Tanh(a));
        (Vec A, Mat Unused) x = (Vec.Of(1, 2), Mat.Identity(2));
        var zero = f.GradientOf(x, t => t.Unused);
        Assert.Equal(Mat.Zeros(2, 2), zero);
    }

    [Fact]
    public void GradientOf_WithABadIndexOrType_ThrowsNamingTheComponents()
    {
        var f = TupleLoss();
        var x = (Vec.Of(1, 2, 3), Mat.Zeros(2, 3), 0.5);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => f.GradientOf<(Vec V, Mat W, double S), double>(x, 3));
        Assert.Equal("component", range.ParamName);
        Assert.Contains("3 components (Item1: Vec, Item2: Mat, Item3: double)", range.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.GradientOf<(Vec V, Mat W, double S), double>(x, -1));
        var type = Assert.Throws<ArgumentException>(() => f.GradientOf<(Vec V, Mat W, double S), Vec>(x, 2));
        Assert.Equal("component", type.ParamName);
        Assert.Contains("component 2 ('Item3') is double, not Vec", type.Message, StringComparison.Ordinal);

        var notProduct = Assert.Throws<ArgumentException>(() => Sum(Diff.Input<Vec>()).GradientOf<Vec, double>(Vec.Of(1), 0));
        Assert.Contains("only a function of a tuple or record has components; it takes Vec", notProduct.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientOf_WithASelectorThatIsNotAMemberAccess_Throws()
    {
        var g = RecordLoss();
        var p = new Affine(Mat.Zeros(2, 3), Vec.Zeros(2), 1);
        var nested = Assert.Throws<ArgumentException>(() => g.GradientOf(p, m => m.W.Transpose()));
        Assert.Equal("member", nested.ParamName);
        Assert.Contains("needs a direct member access", nested.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => g.GradientOf(p, m => p.B));
        Assert.Throws<ArgumentNullException>(() => g.GradientOf<Affine, Vec>(p, null!));
        Assert.Throws<ArgumentNullException>(() => ((Diff<Affine, double>)null!).GradientOf(p, m => m.B));
    }

    [Fact]
    public void ValueAndGradientOf_DocExample_GivesTheValueAndTheScalarComponent()
    {
        var (w, b, s) = Diff.Input<(Vec W, Vec B, double S)>();
        var f = s * Fn.Dot(w, b);
        var (value, sBar) = f.ValueAndGradientOf<(Vec W, Vec B, double S), double>((Vec.Of(1, 2), Vec.Of(3, 4), 0.5), component: 2);
        Assert.Equal(5.5, value);
        Assert.Equal(f.Gradient((Vec.Of(1, 2), Vec.Of(3, 4), 0.5)).Item3, sBar);
    }

    [Fact]
    public void Pack_DocExample_Compiles()
    {
        var (w, b) = Diff.Input<(Mat W, Vec B)>();
        Diff<(Mat W, Vec B), Dsl.PackTests.Affine> affine = Pack<Dsl.PackTests.Affine>.Of(2.0 * w, Fn.Tanh(b));
        Assert.Equal(new Dsl.PackTests.Affine(2.0 * Mat.Identity(2), Vec.Of(1, -1).Map(Math.Tanh)), affine.Invoke((Mat.Identity(2), Vec.Of(1, -1))));
    }

    [Fact]
    public void GradientOf_TheWeightsAfterTheData_DoesNotFormTheDataCotangent()
    {
        // Y = X Wᵀ with X a 64×2000 data matrix (1 MB) as component 0 and W (10×2000) as component 1: W̄ = Ȳᵀ X is
        // formed, X̄ = Ȳ W never is, so a gradient allocates less than X̄ alone (the full gradient forms both).
        var rng = new Random(11);
        var x = Mat.Generate(64, 2000, (_, _) => rng.NextDouble() - 0.5);
        var w = Mat.Generate(10, 2000, (_, _) => rng.NextDouble() - 0.5);
        var (px, pw) = Diff.Input<(Mat X, Mat W)>();
        var f = Sum(Tanh(MatMulTransposeB(px, pw)));
        (Mat X, Mat W) at = (x, w);
        var partial = f.GradientOf(at, t => t.W);
        Approx.Close(f.Gradient(at).W, partial, 1e-12, "W̄ against the full gradient's");

        var dataBytes = 64 * 2000 * sizeof(double);
        _ = f.GradientOf(at, t => t.W);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = f.GradientOf(at, t => t.W);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < dataBytes / 2, $"one partial gradient allocated {allocated} bytes; X̄ alone would be {dataBytes}");
    }
}
