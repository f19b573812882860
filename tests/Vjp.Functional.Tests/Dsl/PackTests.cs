using CsCheck;
using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Dsl;

/// <summary>Record-valued functions built from expressions with <see cref="Pack{R}"/>.</summary>
public sealed class PackTests
{
    public sealed record Affine(Mat W, Vec B);

    public sealed record Labelled(Vec V, string Label);

    public sealed record Scaled(Vec W, Vec B);

    private static readonly (Mat W, Vec B) Shape = (Mat.Zeros(2, 2), Vec.Zeros(2));

    private static Gen<T> Like<T>(T like) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        return Gen.Double[-1.5, 1.5].Array[space.Dimension(like)].Select(a => space.Unflatten(like, a));
    }

    /// <summary>(W, b) ↦ Affine(tanh(W)·W, sin(b) + W b).</summary>
    private static Diff<(Mat W, Vec B), Affine> Model()
    {
        var (w, b) = Diff.Input<(Mat W, Vec B)>();
        return Pack<Affine>.Of(Tanh(w) * w, Sin(b) + w * b);
    }

    [Fact]
    public void Pack_Invoke_BuildsTheRecordFromItsParts() =>
        Like(Shape).ForAll(x =>
        {
            var y = Model().Invoke(x);
            var (w, b) = Diff.Input<(Mat W, Vec B)>();
            Assert.Equal((Tanh(w) * w).Invoke(x), y.W);
            Assert.Equal((Sin(b) + w * b).Invoke(x), y.B);
        }, iter: 20);

    [Fact]
    public void Pack_PushforwardMatchesFiniteDifferences_AndThePullbackIsItsAdjoint() =>
        Gen.Select(Like(Shape), Like(Shape), Like(new Affine(Mat.Zeros(2, 2), Vec.Zeros(2)))).ForAll((x, dx, yBar) =>
        {
            var f = Model();
            var dy = f.Jvp(x, dx);
            Approx.Close(FiniteDifferences.Directional(f.Invoke, x, dx), dy, 1e-6, "pushforward");
            var lhs = VectorSpace<Affine>.Instance.Inner(yBar, dy);
            var rhs = VectorSpace<(Mat W, Vec B)>.Instance.Inner(f.Vjp(x, yBar), dx);
            Assert.Equal(lhs, rhs, 1e-10 * (1 + Math.Abs(lhs)));
        }, iter: 20);

    [Fact]
    public void Pack_ThenGet_IsThePart_AndALossOfThePackedRecordDifferentiatesTwice() =>
        Like(Shape).ForAll(x =>
        {
            var (w, b) = Diff.Input<(Mat W, Vec B)>();
            var packed = Model();
            Assert.Equal((Sin(b) + w * b).Invoke(x), packed.Get(r => r.B).Invoke(x));

            var loss = Sum(Square(packed.Get(r => r.B))) + Sum(packed.Get(r => r.W));
            Approx.Close(FiniteDifferences.Gradient<(Mat W, Vec B)>(loss.Invoke, x), loss.Gradient(x), 1e-6, "gradient");
            var hessian = Diff.Hessian(loss, x);
            var space = VectorSpace<(Mat W, Vec B)>.Instance;
            var fd = FiniteDifferences.Jacobian<(Mat W, Vec B), (Mat W, Vec B)>(loss.Gradient, x);
            Approx.Equal(fd.AsSpan(), hessian.AsSpan(), 1e-5, "Hessian");
            Assert.Equal(space.Dimension(x), hessian.Rows);
        }, iter: 10);

    [Fact]
    public void Pack_WithTheWrongNumberOfParts_ThrowsNamingTheRecordAndItsMembers()
    {
        var (w, b) = Diff.Input<(Mat W, Vec B)>();
        var e = Assert.Throws<ArgumentException>(() => Pack<Affine>.Of(w, b, w));
        Assert.Contains("Pack<Affine>.Of: Affine has 2 differentiable members (W: Mat, B: Vec), but 3 parts were given", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_WithAPartOfTheWrongType_ThrowsNamingTheMemberAndBothTypes()
    {
        var (w, b) = Diff.Input<(Mat W, Vec B)>();
        var e = Assert.Throws<ArgumentException>(() => Pack<Affine>.Of(b, w));
        Assert.Contains("member 0 of Affine, 'W', is Mat, but the part given for it", e.Message, StringComparison.Ordinal);
        Assert.Contains("is Vec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_IntoATypeThatIsNotARecordOfDifferentiableMembers_Throws()
    {
        var x = Diff.Input<double>();
        Assert.Contains("double is not a record or tuple", Assert.Throws<ArgumentException>(() => Pack<double>.Of(x)).Message, StringComparison.Ordinal);
        var missing = Assert.Throws<MissingVectorSpaceException>(() => Pack<Labelled>.Of(Diff.Input<Vec>(), Diff.Input<Vec>()));
        Assert.Contains("Label", missing.Message, StringComparison.Ordinal);
        Assert.Equal("first", Assert.Throws<ArgumentNullException>(() => Pack<Affine>.Of<double, Mat, Vec>(null!, Diff.Const<double, Vec>(Vec.Of(1)))).ParamName);
    }

    [Fact]
    public void Pack_IntoATuple_IsTheFanout()
    {
        var (w, b) = Diff.Input<(Mat W, Vec B)>();
        var x = (Mat.Identity(2), Vec.Of(1, 2));
        Assert.Equal(Diff.Fanout(Tanh(b), w).Invoke(x), Pack<(Vec, Mat)>.Of(Tanh(b), w).Invoke(x));
    }

    [Fact]
    public void Structured_Snippet_TakesOneComponentsGradient_AndBuildsARecord()
    {
        // snippet: structured
        var (w, b, s) = Diff.Input<(Vec W, Vec B, double S)>();
        var f = s * Dot(w, Tanh(b));                                      // Diff<(Vec W, Vec B, double S), double>
        (Vec W, Vec B, double S) x = (Vec.Of(1, 2), Vec.Of(0.5, -1), 2.0);
        var (value, wBar) = f.ValueAndGradientOf(x, t => t.W);           // ∂f/∂w: one pullback, no work for b or s
        double sBar = f.GradientOf<(Vec W, Vec B, double S), double>(x, component: 2);

        Diff<(Vec W, Vec B, double S), Scaled> scaled = Pack<Scaled>.Of(s * w, Tanh(b));   // a record-valued Diff
        var g = Dot(scaled.Get(r => r.W), scaled.Get(r => r.B));
        // end snippet

        var full = f.Gradient(x);
        Assert.Equal(f.Invoke(x), value);
        Approx.Close(full.Item1, wBar, 1e-15, "∂f/∂w");
        Assert.Equal(full.Item3, sBar, 15);
        Assert.Equal(new Scaled(2.0 * x.W, x.B.Map(Math.Tanh)), scaled.Invoke(x));
        Approx.Close(FiniteDifferences.Gradient<(Vec W, Vec B, double S)>(g.Invoke, x), g.Gradient(x), 1e-6, "∇g");
    }
}
