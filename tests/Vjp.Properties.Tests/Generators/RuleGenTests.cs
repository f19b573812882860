namespace Vjp.Properties.Tests.Generators;

public class RuleGenTests
{
    [Fact]
    public void Scalar_DomainWithKink_StaysInsideOffTheKinkAndComesCloseFromBothSides()
    {
        var domain = Domain.All.Excluding(1);
        var xs = Draws(RuleGen.Scalar(domain), 4000);
        Assert.All(xs, x => Assert.True(domain.Contains(x) && Math.Abs(x - 1) >= 1e-5 && Math.Abs(x) <= 1000, $"x = {x}"));
        Assert.Contains(xs, x => x > 1 && x - 1 < 1e-2);
        Assert.Contains(xs, x => x < 1 && 1 - x < 1e-2);
    }

    [Fact]
    public void Scalar_Positive_IsPositiveOverSixDecadesAndNearZero()
    {
        var xs = Draws(RuleGen.Scalar(Domain.Positive), 4000);
        Assert.All(xs, x => Assert.True(x > 0 && x <= 1001, $"x = {x}"));
        Assert.Contains(xs, x => x < 1e-2);
        Assert.Contains(xs, x => x > 100);
    }

    [Fact]
    public void Scalar_Interval_StaysInsideAndComesNearBothEnds()
    {
        var xs = Draws(RuleGen.Scalar(Domain.Interval(-1.5, 1.5)), 4000);
        Assert.All(xs, x => Assert.True(Math.Abs(x) < 1.5, $"x = {x}"));
        Assert.Contains(xs, x => x > 1.49);
        Assert.Contains(xs, x => x < -1.49);
    }

    [Fact]
    public void Scalar_AllReals_CoversBothSignsSixDecadesRoundNumbersAndTheExpEdges()
    {
        var xs = Draws(RuleGen.Scalar(), 4000);
        Assert.All(xs, x => Assert.True(double.IsFinite(x) && Math.Abs(x) <= 1000, $"x = {x}"));
        foreach (var round in new[] { 0, 1, -1, 0.5, -0.5, 2, -2, 1000, -1000 })
        {
            Assert.Contains(round, xs);
        }

        Assert.Contains(xs, x => x is > 5 and < 100);
        Assert.Contains(xs, x => x is < -100 and > -1000);
        Assert.Contains(xs, x => x != 0 && Math.Abs(x) < 1e-2);
        Assert.Contains(xs, x => x is > 709.78 and < 717);
        Assert.Contains(xs, x => x is < -745.13 and > -753);
    }

    [Fact]
    public void Vec_WithoutALength_DrawsEmptyUnitShortAndLongVectors()
    {
        var lengths = Draws(RuleGen.Vec(), 1000).Select(v => v.Length).ToHashSet();
        Assert.Contains(0, lengths);
        Assert.Contains(1, lengths);
        Assert.Contains(lengths, n => n is >= 2 and <= 8);
        Assert.Contains(lengths, n => n > 16);
        Assert.All(lengths, n => Assert.True(n <= 40));
        RuleGen.Vec(5).ForAll(v => v.Length == 5, iter: 200);
    }

    [Fact]
    public void Scalar_HalfLineFromAbove_StaysBelow()
    {
        RuleGen.Scalar(new Domain("x < 2", double.NegativeInfinity, 2)).ForAll(x => x < 2, iter: 2000);
    }

    private static List<T> Draws<T>(Gen<T> gen, int count)
    {
        var pcg = new PCG(7, 2026);
        return [.. Enumerable.Range(0, count).Select(_ => gen.Generate(pcg, null, out Size _))];
    }

    [Fact]
    public void Scalar_RoundValues_AreSmallerThanOthers()
    {
        var gen = RuleGen.Scalar();
        var pcg = new PCG(1, 42);
        Size? roundSize = null, otherSize = null;
        for (var i = 0; i < 200 && (roundSize is null || otherSize is null); i++)
        {
            var x = gen.Generate(pcg, null, out var size);
            if (x * 4 % 1 == 0)
            {
                roundSize ??= size;
            }
            else
            {
                otherSize ??= size;
            }
        }

        Assert.True(Size.IsLessThan(roundSize, otherSize));
    }

    [Fact]
    public void PointLike_Mat_HasTheShapeAndDomain()
    {
        RuleGen.PointLike(Mat.Zeros(2, 3), Domain.Positive).ForAll(m => m.Rows == 2 && m.Cols == 3 && m.AsSpan().ToArray().All(v => v > 0), iter: 200);
    }

    [Fact]
    public void Shaped_TupleOfEqualLengthVectors_KeepsLengthsEqual()
    {
        RuleGen.Shaped(Gen.Int[1, 5].Select(n => (Vec.Zeros(n), Vec.Zeros(n)))).ForAll(p => p.Item1.Length == p.Item2.Length && p.Item1.Length is >= 1 and <= 5, iter: 200);
    }

    [Fact]
    public void UnitNormLike_HasNormOne()
    {
        RuleGen.UnitNormLike(Vec.Zeros(4)).ForAll(v => Math.Abs(v.Norm() - 1) < 1e-12, iter: 500);
        RuleGen.UnitNormLike((0.0, Mat.Zeros(2, 2))).ForAll(t => Math.Abs(VectorSpace<(double, Mat)>.Instance.Norm(t) - 1) < 1e-12, iter: 500);
    }

    [Fact]
    public void TangentAndCotangentLike_AreShapedLikeTheirTemplates()
    {
        RuleGen.TangentLike((Vec.Zeros(3), 0.0)).ForAll(t => t.Item1.Length == 3, iter: 100);
        RuleGen.CotangentLike(Mat.Zeros(3, 1)).ForAll(m => m.Rows == 3 && m.Cols == 1, iter: 100);
    }

    [Fact]
    public void VecAndMatUpTo_HaveTheRequestedSizes()
    {
        RuleGen.Vec(2, 4).ForAll(v => v.Length is >= 2 and <= 4, iter: 200);
        RuleGen.MatUpTo(3, 2).ForAll(m => m.Rows is >= 1 and <= 3 && m.Cols is >= 1 and <= 2, iter: 200);
    }
}
