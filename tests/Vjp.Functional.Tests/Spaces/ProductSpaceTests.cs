using CsCheck;
using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Spaces;

/// <summary>Records and value tuples (nested, up to 4-tuples) as vector spaces, and a loss over a record differentiated by its members.</summary>
public sealed class ProductSpaceTests
{
    public sealed record Mlp(Mat W1, Vec B1, Mat W2, Vec B2);

    private const long Iterations = 60;

    private static readonly Gen<double> Coordinate = Gen.Double[-3, 3];

    private static Gen<Vec> VecOf(int n) => Coordinate.Array[n].Select(Vec.FromArray);

    private static Gen<Mat> MatOf(int rows, int cols) => Coordinate.Array[rows * cols].Select(a => Mat.Create(rows, cols, a));

    private static Gen<Mlp> MlpOf((int In, int Hidden, int Out) s) =>
        Gen.Select(MatOf(s.Hidden, s.In), VecOf(s.Hidden), MatOf(s.Out, s.Hidden), VecOf(s.Out)).Select(t => new Mlp(t.Item1, t.Item2, t.Item3, t.Item4));

    private static readonly Gen<(int, int, int)> MlpShape = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 4], Gen.Int[1, 2]);

    private static readonly Gen<(Mlp, Mlp, double)> MlpPairs =
        MlpShape.SelectMany(s => Gen.Select(MlpOf(s), MlpOf(s), Coordinate));

    private static readonly Gen<(((double, Vec), (Mat, (double, Vec, Mat, double))), ((double, Vec), (Mat, (double, Vec, Mat, double))), double)> NestedPairs =
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[1, 3]).SelectMany(s =>
        {
            var one = Gen.Select(Coordinate, VecOf(s.Item1), MatOf(s.Item2, s.Item3), Gen.Select(Coordinate, VecOf(s.Item2), MatOf(s.Item3, s.Item1), Coordinate))
                .Select(t => ((t.Item1, t.Item2), (t.Item3, t.Item4)));
            return Gen.Select(one, one, Coordinate);
        });

    private static readonly Gen<((double, Vec, Mat, (double, double)), (double, Vec, Mat, (double, double)), double)> FourTuplePairs =
        Gen.Select(Gen.Int[0, 4], Gen.Int[1, 3]).SelectMany(s =>
        {
            var one = Gen.Select(Coordinate, VecOf(s.Item1), MatOf(s.Item2, s.Item2), Gen.Select(Coordinate, Coordinate))
                .Select(t => (t.Item1, t.Item2, t.Item3, t.Item4));
            return Gen.Select(one, one, Coordinate);
        });

    private static readonly Gen<((Mlp, double), (Mlp, double), double)> RecordInTuplePairs =
        MlpShape.SelectMany(s => Gen.Select(Gen.Select(MlpOf(s), Coordinate), Gen.Select(MlpOf(s), Coordinate), Coordinate));

    /// <summary>
    /// The laws over the flat view: Unflatten ∘ Flatten = id; Zero, Add, Scale and Subtract act coordinatewise;
    /// Inner is the dot product of the flat views; Dimension counts them; Norm = √⟨a, a⟩; shapes agree.
    /// </summary>
    private static void CheckLaws<T>(T a, T b, double s) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var fa = space.ToArray(a);
        var fb = space.ToArray(b);
        Assert.Equal(fa.Length, space.Dimension(a));
        Assert.True(space.SameShape(a, b));

        Assert.Equal(a, space.Unflatten(a, fa));
        Assert.Equal(b, space.Unflatten(a, fb));

        var zero = space.Zero(a);
        Assert.True(space.SameShape(a, zero), space.Shape(zero));
        Assert.All(space.ToArray(zero), z => Assert.Equal(0.0, z));
        Assert.Equal(a, space.Add(a, zero));

        Assert.Equal(fa.Zip(fb, (p, q) => p + q), space.ToArray(space.Add(a, b)));
        Assert.Equal(space.ToArray(space.Add(a, b)), space.ToArray(space.Add(b, a)));
        Assert.Equal(fa.Select(p => s * p), space.ToArray(space.Scale(s, a)));
        Assert.Equal(fa.Zip(fb, (p, q) => p - q), space.ToArray(space.Subtract(a, b)));

        var dot = fa.Zip(fb, (p, q) => p * q).Sum();
        Assert.Equal(dot, space.Inner(a, b), 1e-12 * (1 + fa.Zip(fb, (p, q) => Math.Abs(p * q)).Sum()));
        Assert.Equal(space.Inner(a, b), space.Inner(b, a), 1e-12 * (1 + Math.Abs(dot)));
        Assert.Equal(Math.Sqrt(fa.Sum(p => p * p)), space.Norm(a), 1e-12 * (1 + space.Norm(a)));

        // The untyped view agrees with the typed one.
        Assert.Equal(space.Inner(a, b), space.InnerObject(a, b));
        Assert.Equal(space.Add(a, b), (T)space.AddObject(a, b));
    }

    [Fact]
    public void MlpRecord_AsVectorSpace_SatisfiesTheFlatViewLaws() =>
        MlpPairs.ForAll((a, b, s) => CheckLaws(a, b, s), iter: Iterations);

    [Fact]
    public void NestedTuples_AsVectorSpace_SatisfyTheFlatViewLaws() =>
        NestedPairs.ForAll((a, b, s) => CheckLaws(a, b, s), iter: Iterations);

    [Fact]
    public void FourTuples_AsVectorSpace_SatisfyTheFlatViewLaws() =>
        FourTuplePairs.ForAll((a, b, s) => CheckLaws(a, b, s), iter: Iterations);

    [Fact]
    public void RecordInsideTuple_AsVectorSpace_SatisfiesTheFlatViewLaws() =>
        RecordInTuplePairs.ForAll((a, b, s) => CheckLaws(a, b, s), iter: Iterations);

    [Fact]
    public void MlpRecord_FlatView_ConcatenatesMembersInConstructorOrder()
    {
        var m = new Mlp(Mat.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }), Vec.Of(5, 6), Mat.FromArray(new double[,] { { 7, 8 } }), Vec.Of(9));
        var space = VectorSpace<Mlp>.Instance;
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], space.ToArray(m));
        Assert.Equal("Mlp(W1: Mat[2×2], B1: Vec[2], W2: Mat[1×2], B2: Vec[1])", space.Shape(m));
        var product = Assert.IsAssignableFrom<IProductSpace>(space);
        Assert.Equal(["W1", "B1", "W2", "B2"], product.ComponentNames);
        Assert.False(space.SameShape(m, m with { B1 = Vec.Of(1, 2, 3) }));
        Assert.Equal("((double, Vec[2]), Mat[1×1])", VectorSpace<((double, Vec), Mat)>.Instance.Shape(((1.0, Vec.Of(1, 2)), Mat.Zeros(1, 1))));
    }

    // A loss over the record: one hidden tanh layer on three data points, squared error.

    private static readonly (Vec X, Vec Y)[] Data =
    [
        (Vec.Of(0.5, -1.0, 2.0), Vec.Of(1.0, 0.0)),
        (Vec.Of(-0.3, 0.8, 0.1), Vec.Of(0.0, 1.0)),
        (Vec.Of(1.5, 0.2, -0.7), Vec.Of(0.5, -0.5)),
    ];

    private static Diff<Mlp, double> Loss()
    {
        var p = Diff.Input<Mlp>();
        var (w1, b1, w2, b2) = (p.Get(m => m.W1), p.Get(m => m.B1), p.Get(m => m.W2), p.Get(m => m.B2));
        Diff<Mlp, double>? loss = null;
        foreach (var (x, y) in Data)
        {
            var hidden = Tanh(w1 * Const<Mlp, Vec>(x) + b1);
            var residual = w2 * hidden + b2 - y;
            var term = Dot(residual, residual);
            loss = loss is null ? term : loss + term;
        }

        return loss! / Data.Length;
    }

    private static Mlp Parameters(int seed)
    {
        var r = new Random(seed);
        double Next() => r.NextDouble() * 2 - 1;
        return new Mlp(Mat.Generate(4, 3, (_, _) => Next()), Vec.Generate(4, _ => Next()), Mat.Generate(2, 4, (_, _) => Next()), Vec.Generate(2, _ => Next()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MlpLoss_Gradient_MatchesFiniteDifferences(int seed)
    {
        var loss = Loss();
        var theta = Parameters(seed);
        var (value, gradient) = loss.ValueAndGradient(theta);
        Assert.Equal(loss.Invoke(theta), value);
        Assert.Equal(gradient, loss.Gradient(theta));
        Assert.Equal(gradient, Diff.Gradient(loss, theta));

        var expected = FiniteDifferences.Gradient(loss.Invoke, theta);
        Approx.Close(expected, gradient, 1e-8, "∇loss");
    }

    [Fact]
    public void MlpLoss_JvpAlongARecordTangent_IsTheGradientInnerProduct()
    {
        var loss = Loss();
        var theta = Parameters(4);
        var dTheta = Parameters(5);
        var space = VectorSpace<Mlp>.Instance;
        var jvp = loss.Jvp(theta, dTheta);
        Assert.Equal(space.Inner(loss.Gradient(theta), dTheta), jvp, 1e-12 * (1 + Math.Abs(jvp)));
        Assert.Equal(FiniteDifferences.Directional(loss.Invoke, theta, dTheta), jvp, 1e-8 * (1 + Math.Abs(jvp)));
    }

    [Fact]
    public void RecordTangent_WrongMemberShape_ThrowsShapeExceptionShowingMembers()
    {
        var theta = Parameters(1);
        var e = Assert.Throws<ShapeException>(() => Loss().Jvp(theta, theta with { B1 = Vec.Zeros(3) }));
        Assert.Contains("tangent Mlp(W1: Mat[4×3], B1: Vec[3], W2: Mat[2×4], B2: Vec[2]) does not match input Mlp(W1: Mat[4×3], B1: Vec[4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_WithSomethingOtherThanAMemberAccess_ThrowsArgumentException()
    {
        var p = Diff.Input<Mlp>();
        Assert.Throws<ArgumentException>(() => p.Get(m => m.W1.Transpose()));
        Assert.Throws<ArgumentException>(() => p.Get(m => Vec.Zeros(2)));
    }

    [Fact]
    public void Get_OnAMember_PullsBackIntoAZeroRecordExceptThatMember()
    {
        var p = Diff.Input<Mlp>();
        var theta = Parameters(6);
        var xBar = p.Get(m => m.B1).Vjp(theta, Vec.Of(1, 2, 3, 4));
        Assert.Equal(Mat.Zeros(4, 3), xBar.W1);
        Assert.Equal(Vec.Of(1, 2, 3, 4), xBar.B1);
        Assert.Equal(Mat.Zeros(2, 4), xBar.W2);
        Assert.Equal(Vec.Zeros(2), xBar.B2);
    }
}
