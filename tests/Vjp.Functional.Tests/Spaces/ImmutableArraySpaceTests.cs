using System.Collections.Immutable;
using CsCheck;
using Vjp.Functional.Tests.Support;

namespace Vjp.Functional.Tests.Spaces;

/// <summary><see cref="ImmutableArray{T}"/> of differentiable elements as a built-in vector space (the type of a scan's states).</summary>
public sealed class ImmutableArraySpaceTests
{
    private static readonly Gen<Vec> Vec2 = Gen.Double[-3, 3].Array[2].Select(Vec.FromArray);

    private static Gen<ImmutableArray<Vec>> ArrayOf(int n) => Vec2.Array[n].Select(ImmutableArray.Create);

    private static readonly VectorSpace<ImmutableArray<Vec>> Space = VectorSpace<ImmutableArray<Vec>>.Instance;

    [Fact]
    public void Instance_IsTheBuiltInSpace() =>
        Assert.IsType<ImmutableArraySpace<Vec>>(VectorSpace.Of(typeof(ImmutableArray<Vec>)));

    [Fact]
    public void Operations_AreElementByElement() =>
        Gen.Select(ArrayOf(3), ArrayOf(3), Gen.Double[-2, 2]).ForAll((a, b, c) =>
        {
            var sum = Space.Add(a, b);
            var scaled = Space.Scale(c, a);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(a[i] + b[i], sum[i]);
                Assert.Equal(c * a[i], scaled[i]);
            }

            Assert.Equal(Vec.Dot(a[0], b[0]) + Vec.Dot(a[1], b[1]) + Vec.Dot(a[2], b[2]), Space.Inner(a, b), 12);
            Assert.Equal(6, Space.Dimension(a));
            Assert.All(Space.Zero(a), z => Assert.Equal(Vec.Zeros(2), z));
            double[] flat = [.. a.SelectMany(v => v.ToArray())];
            Assert.Equal(flat, Space.ToArray(a));
            Assert.Equal(a.ToArray(), Space.Unflatten(a, flat).ToArray());
        });

    [Fact]
    public void Shapes_NameTheLengthAndTheElements()
    {
        var a = ImmutableArray.Create(Vec.Zeros(2), Vec.Zeros(2));
        Assert.Equal("ImmutableArray[2] of Vec[2]", Space.Shape(a));
        Assert.Equal("ImmutableArray[0]", Space.Shape(ImmutableArray<Vec>.Empty));
        Assert.True(Space.SameShape(a, ImmutableArray.Create(Vec.Of(1, 2), Vec.Of(3, 4))));
        Assert.False(Space.SameShape(a, ImmutableArray.Create(Vec.Zeros(2))));
        Assert.False(Space.SameShape(a, ImmutableArray.Create(Vec.Zeros(2), Vec.Zeros(3))));
        var e = Assert.Throws<ShapeException>(() => Space.Add(a, ImmutableArray.Create(Vec.Zeros(2))));
        Assert.Contains("ImmutableArray.Add", e.Message, StringComparison.Ordinal);
        Assert.Contains("lengths 2 and 1 differ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultArray_IsRefusedNamingTheOperation()
    {
        var e = Assert.Throws<ArgumentException>(() => Space.Dimension(default));
        Assert.Contains("ImmutableArray.Dimension", e.Message, StringComparison.Ordinal);
        Assert.Contains("default (uninitialized)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Space.Add(default, ImmutableArray<Vec>.Empty));
        Assert.Equal("ImmutableArray[default]", Space.Shape(default));
    }

    [Fact]
    public void ArrayOfANonDifferentiableType_IsAMissingVectorSpace()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<ImmutableArray<string>>);
        Assert.Contains("are not differentiable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsAnInputInsideATuple_TheJacobianOfTheIdentity_IsTheIdentity()
    {
        var x = (ImmutableArray.Create(Vec.Of(1, 2), Vec.Of(3, 4)), 0.5);
        var j = Diff.Input<(ImmutableArray<Vec>, double)>().Jacobian(x);
        Assert.Equal(Mat.Identity(5), j);
    }

    [Fact]
    public void ARuleOverArrays_Gradient_MatchesFiniteDifferences()
    {
        // A user rule f(xs) = Σᵢ ‖xᵢ‖²·(i + 1), its input an ImmutableArray<Vec>.
        static double F(ImmutableArray<Vec> xs) => xs.Select((v, i) => (i + 1) * Vec.Dot(v, v)).Sum();
        var f = Diff.Create<ImmutableArray<Vec>, double>("weightedSquares", F, (xs, _, yBar) => [.. xs.Select((v, i) => (2 * (i + 1) * yBar) * v)]);
        ArrayOf(3).ForAll(xs => Approx.Close(FiniteDifferences.Gradient(F, xs), f.Gradient(xs), 1e-6, "∇f"));
    }
}
