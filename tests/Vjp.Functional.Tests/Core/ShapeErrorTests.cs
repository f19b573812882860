using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

/// <summary>Bad shapes throw at once, with a message naming the operation, its path in the composition and both shapes; nothing is broadcast.</summary>
public sealed class ShapeErrorTests
{
    private static Diff<(Vec, Vec), Vec> AddOfPair()
    {
        var (a, b) = Diff.Input<(Vec, Vec)>();
        return a + b;
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(3, 1)] // no broadcasting of a length-1 vector
    [InlineData(0, 2)]
    public void VecAdd_MismatchedLengthsThroughOperators_ThrowsShapeExceptionNamingAddAndBothLengths(int n, int m)
    {
        var f = AddOfPair();
        var x = (Vec.Zeros(n), Vec.Zeros(m));
        var expected = $"Vec.add: lengths {n} and {m} differ";

        Assert.Contains(expected, Assert.Throws<ShapeException>(() => f.Invoke(x)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ShapeException>(() => f.Vjp(x, Vec.Zeros(n))).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ShapeException>(() => f.Jvp(x, x)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ShapeException>(() => f.ValueWithPullback(x)).Message, StringComparison.Ordinal);
        Assert.Contains("in forward of pipeline of 2 stages ▸ add", Assert.Throws<ShapeException>(() => f.Invoke(x)).Message, StringComparison.Ordinal);
        Assert.Contains("in pushforward of pipeline of 2 stages ▸ add", Assert.Throws<ShapeException>(() => f.Jvp(x, x)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VecAdd_WithConstantOfOtherLength_ThrowsShapeException()
    {
        var x = Diff.Input<Vec>();
        var e = Assert.Throws<ShapeException>(() => (x + Vec.Of(1, 2)).Invoke(Vec.Zeros(3)));
        Assert.Contains("Vec.add: lengths 3 and 2 differ", e.Message, StringComparison.Ordinal);
    }

    // Regression: a named root appeared twice in error paths ("model ▸ model ▸ …").
    [Fact]
    public void NamedPipeline_MismatchDeepInside_PathNamesEachLevelOnce()
    {
        var x = Diff.Input<Vec>();
        var layer = Tanh(x * x + Vec.Of(1, 2)).Named("layer");
        var model = layer.Then(Sum(Diff.Input<Vec>())).Named("model");

        var e = Assert.Throws<ShapeException>(() => model.Invoke(Vec.Zeros(3)));

        Assert.Contains("Vec.add: lengths 3 and 2 differ (in forward of model ▸ stage 0 ▸ layer ▸ add)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BareRule_ShapeError_PathIsTheRuleOnce()
    {
        var e = Assert.Throws<ShapeException>(() => VecPrimitives.Slice(2, 3).Invoke(Vec.Zeros(3)));
        Assert.EndsWith("slice [2..5) is outside Vec[3] (in forward of slice[2..5])", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatVec_NonConformable_ThrowsShapeExceptionNamingBothShapes()
    {
        var (a, v) = Diff.Input<(Mat, Vec)>();
        var e = Assert.Throws<ShapeException>(() => (a * v).Invoke((Mat.Zeros(2, 3), Vec.Zeros(4))));
        Assert.Contains("Mat.MatVec", e.Message, StringComparison.Ordinal);
        Assert.Contains("2×3", e.Message, StringComparison.Ordinal);
        Assert.Contains("length 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("▸ matvec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMulAndMatAdd_NonConformable_ThrowShapeExceptionNamingBothShapes()
    {
        var (a, b) = Diff.Input<(Mat, Mat)>();
        var mul = Assert.Throws<ShapeException>(() => (a * b).Invoke((Mat.Zeros(2, 3), Mat.Zeros(4, 2))));
        Assert.Contains("Mat.MatMul: inner dimensions differ: (2×3) · (4×2)", mul.Message, StringComparison.Ordinal);
        var add = Assert.Throws<ShapeException>(() => (a + b).Invoke((Mat.Zeros(2, 3), Mat.Zeros(3, 2))));
        Assert.Contains("(2×3) and (3×2)", add.Message, StringComparison.Ordinal);
        Assert.Contains("▸ matadd", add.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_MismatchedLengths_ThrowsShapeException()
    {
        var x = Diff.Input<Vec>();
        var e = Assert.Throws<ShapeException>(() => Dot(x, Const<Vec, Vec>(Vec.Zeros(2))).Invoke(Vec.Zeros(3)));
        Assert.Contains("lengths 3 and 2 differ", e.Message, StringComparison.Ordinal);
        Assert.Contains("▸ dot", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vjp_WrongCotangentShape_ThrowsShapeExceptionNamingTheFunctionAndBothShapes()
    {
        var x = Diff.Input<Vec>();
        var f = Sin(x);

        var e = Assert.Throws<ShapeException>(() => f.Vjp(Vec.Zeros(3), Vec.Zeros(2)));
        Assert.Equal("sin.Pullback: cotangent Vec[2] does not match output Vec[3]", e.Message);
        var viaPullback = Assert.Throws<ShapeException>(() => f.ValueWithPullback(Vec.Zeros(3)).Pullback(Vec.Zeros(2)));
        Assert.Equal(e.Message, viaPullback.Message);
        var named = Assert.Throws<ShapeException>(() => f.Named("layer").Vjp(Vec.Zeros(3), Vec.Zeros(2)));
        Assert.StartsWith("layer.Pullback", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vjp_WrongComponentShapeInTupleCotangent_NamesBothTupleShapes()
    {
        var x = Diff.Input<Vec>();
        var f = Diff.Fanout(Sin(x), Sum(x));
        var e = Assert.Throws<ShapeException>(() => f.Vjp(Vec.Zeros(3), (Vec.Zeros(2), 1.0)));
        Assert.Equal("fanout.Pullback: cotangent (Vec[2], double) does not match output (Vec[3], double)", e.Message);
    }

    [Fact]
    public void Jvp_WrongTangentShape_ThrowsShapeExceptionNamingTheFunctionAndBothShapes()
    {
        var x = Diff.Input<Vec>();
        var f = Sum(Sin(x) * x).Named("loss");

        var e = Assert.Throws<ShapeException>(() => f.Jvp(Vec.Zeros(3), Vec.Zeros(2)));
        Assert.Equal("loss.Pushforward: tangent Vec[2] does not match input Vec[3]", e.Message);
        var viaPushforward = Assert.Throws<ShapeException>(() => f.ValueWithPushforward(Vec.Zeros(3)).Pushforward(Vec.Zeros(2)));
        Assert.Equal(e.Message, viaPushforward.Message);
        Assert.Throws<ShapeException>(() => f.ValueAndJvp(Vec.Zeros(3), Vec.Zeros(4)));
    }

    [Fact]
    public void Index_OutOfRange_ThrowsArgumentOutOfRangeNamingIndexLengthAndPath()
    {
        var x = Diff.Input<Vec>();
        var f = x[0] + x[5];

        foreach (var e in new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => f.Invoke(Vec.Zeros(3))),
            Assert.Throws<ArgumentOutOfRangeException>(() => f.Vjp(Vec.Zeros(3), 1.0)),
            Assert.Throws<ArgumentOutOfRangeException>(() => f.Jvp(Vec.Zeros(3), Vec.Zeros(3))),
        })
        {
            Assert.Contains("Vec.Index: index 5 is outside Vec[3]", e.Message, StringComparison.Ordinal);
            Assert.Contains("▸ index[5]", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Index_Negative_ThrowsAtConstruction()
    {
        var x = Diff.Input<Vec>();
        Assert.Throws<ArgumentOutOfRangeException>(() => x[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => VecPrimitives.Index(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecPrimitives.Slice(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatPrimitives.Row(-1));
    }

    [Fact]
    public void RowAndColumn_OutOfRange_ThrowArgumentOutOfRangeNamingTheShape()
    {
        var row = Assert.Throws<ArgumentOutOfRangeException>(() => MatPrimitives.Row(4).Invoke(Mat.Zeros(2, 2)));
        Assert.Contains("row 4 is outside Mat[2×2]", row.Message, StringComparison.Ordinal);
        Assert.Contains("in forward of row[4]", row.Message, StringComparison.Ordinal);
        var column = Assert.Throws<ArgumentOutOfRangeException>(() => MatPrimitives.Column(3).Invoke(Mat.Zeros(2, 2)));
        Assert.Contains("column 3 is outside Mat[2×2]", column.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_OnNonVectorOutput_ThrowsNamingTheOutputType()
    {
        var x = Diff.Input<double>();
        var e = Assert.Throws<InvalidOperationException>(() => Sin(x)[0]);
        Assert.Contains("needs a Vec output, but it outputs double", e.Message, StringComparison.Ordinal);
    }
}
