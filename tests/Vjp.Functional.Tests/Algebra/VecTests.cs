using System.Globalization;

namespace Vjp.Functional.Tests.Algebra;

public class VecTests
{
    public static TheoryData<int> Lengths => [0, 1, 2, 7, 33, 130, 1000];

    // ---------------------------------------------------------------- construction

    [Fact]
    public void CollectionExpression_Literal_BuildsVecInOrder()
    {
        Vec v = [1, 2.5, -3];

        Assert.Equal(3, v.Length);
        Assert.Equal(1.0, v[0]);
        Assert.Equal(2.5, v[1]);
        Assert.Equal(-3.0, v[2]);
    }

    [Fact]
    public void CollectionExpression_Empty_BuildsEmptyVec()
    {
        Vec v = [];

        Assert.Equal(0, v.Length);
        Assert.Equal(Vec.Zeros(0), v);
    }

    [Fact]
    public void CollectionExpression_Spread_ConcatenatesElements()
    {
        Vec a = [1, 2];
        Vec b = [.. a, 3, .. a];

        Assert.Equal(Vec.Of(1, 2, 3, 1, 2), b);
    }

    [Fact]
    public void Of_Params_BuildsVecInOrder()
    {
        var v = Vec.Of(4, 5, 6);

        Assert.Equal(new[] { 4.0, 5.0, 6.0 }, v.ToArray());
    }

    [Fact]
    public void Create_SourceArrayMutatedAfterwards_VecUnchanged()
    {
        var source = new[] { 1.0, 2.0, 3.0 };
        var v = Vec.Create(source);

        source[0] = 99;

        Assert.Equal(1.0, v[0]);
    }

    [Fact]
    public void FromArray_SourceArrayMutatedAfterwards_VecUnchanged()
    {
        var source = new[] { 1.0, 2.0, 3.0 };
        var v = Vec.FromArray(source);

        source[1] = 99;

        Assert.Equal(Vec.Of(1, 2, 3), v);
    }

    [Fact]
    public void ToArray_ResultMutated_VecUnchanged()
    {
        var v = Vec.Of(1, 2, 3);
        var copy = v.ToArray();

        copy[2] = 99;

        Assert.Equal(3.0, v[2]);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, v.ToArray());
    }

    [Fact]
    public void Wrap_OwnedArray_SharesStorageWithoutCopy()
    {
        var owned = new[] { 1.0, 2.0 };
        var v = Vec.Wrap(owned);

        Assert.True(v.AsSpan() == owned.AsSpan());
    }

    [Fact]
    public void Zeros_Length_AllZero()
    {
        var v = Vec.Zeros(5);

        Assert.Equal(5, v.Length);
        Assert.All(v, x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void Ones_Length_AllOne()
    {
        var v = Vec.Ones(4);

        Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0 }, v.ToArray());
    }

    [Fact]
    public void Fill_Value_EveryComponentIsValue()
    {
        var v = Vec.Fill(3, -2.5);

        Assert.Equal(new[] { -2.5, -2.5, -2.5 }, v.ToArray());
    }

    [Fact]
    public void Basis_Index_IsUnitVector()
    {
        var e = Vec.Basis(4, 2);

        Assert.Equal(new[] { 0.0, 0.0, 1.0, 0.0 }, e.ToArray());
    }

    [Theory]
    [InlineData(3, -1)]
    [InlineData(3, 3)]
    [InlineData(0, 0)]
    public void Basis_IndexOutOfRange_ThrowsArgumentOutOfRange(int n, int i)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Basis(n, i));

        Assert.Contains($"length {n}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Function_ComponentIsFunctionOfIndex()
    {
        var v = Vec.Generate(5, i => i * i);

        Assert.Equal(new[] { 0.0, 1.0, 4.0, 9.0, 16.0 }, v.ToArray());
    }

    [Fact]
    public void Factories_NegativeLength_ThrowArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Zeros(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Ones(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Fill(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Generate(-1, i => i));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Basis(-1, 0));
    }

    // ---------------------------------------------------------------- indexing and structure

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Indexer_OutOfRange_ThrowsNamingLength(int i)
    {
        var v = Vec.Of(1, 2, 3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => v[i]);

        Assert.Contains("length 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slice_InRange_CopiesSubrange()
    {
        var v = Vec.Generate(10, i => i);

        Assert.Equal(Vec.Of(3, 4, 5, 6), v.Slice(3, 4));
        Assert.Equal(Vec.Zeros(0), v.Slice(10, 0));
        Assert.Equal(v, v.Slice(0, 10));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(4, 2)]
    [InlineData(0, 6)]
    [InlineData(2, -1)]
    [InlineData(6, 0)]
    [InlineData(1, int.MaxValue)]
    public void Slice_OutOfRange_ThrowsNamingLength(int start, int length)
    {
        var v = Vec.Generate(5, i => i);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => v.Slice(start, length));

        Assert.Contains("length 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_Parts_JoinsInOrder()
    {
        var joined = Vec.Concat(Vec.Of(1, 2), Vec.Zeros(0), Vec.Of(3), Vec.Of(4, 5));

        Assert.Equal(Vec.Of(1, 2, 3, 4, 5), joined);
    }

    [Fact]
    public void Concat_NoParts_IsEmpty()
    {
        Assert.Equal(0, Vec.Concat().Length);
    }

    [Fact]
    public void Enumeration_Foreach_YieldsComponentsInOrder()
    {
        var v = Vec.Of(3, 1, 2);
        var seen = new List<double>();
        foreach (var x in v)
        {
            seen.Add(x);
        }

        Assert.Equal(new[] { 3.0, 1.0, 2.0 }, seen);
    }

    [Fact]
    public void ReadOnlyList_Count_IsLength()
    {
        IReadOnlyList<double> list = Vec.Of(1, 2, 3, 4);

        Assert.Equal(4, list.Count);
        Assert.Equal(3.0, list[2]);
        Assert.Equal(10.0, list.Sum());
    }

    // ---------------------------------------------------------------- arithmetic against scalar loops

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Add_RandomVectors_MatchesScalarLoop(int n)
    {
        var (a, b) = (Random(n, 1), Random(n, 2));
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a[i] + b[i];
        }

        Assert.Equal(expected, (a + b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Subtract_RandomVectors_MatchesScalarLoop(int n)
    {
        var (a, b) = (Random(n, 3), Random(n, 4));
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a[i] - b[i];
        }

        Assert.Equal(expected, (a - b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Negate_RandomVector_MatchesScalarLoop(int n)
    {
        var a = Random(n, 5);
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = -a[i];
        }

        Assert.Equal(expected, (-a).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scale_BothSides_MatchesScalarLoop(int n)
    {
        var a = Random(n, 6);
        const double s = -1.75;
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = s * a[i];
        }

        Assert.Equal(expected, (s * a).ToArray());
        Assert.Equal(expected, (a * s).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DivideByScalar_RandomVector_MatchesScalarLoop(int n)
    {
        var a = Random(n, 7);
        const double s = 3.0;
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a[i] / s;
        }

        Assert.Equal(expected, (a / s).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Multiply_RandomVectors_IsHadamardProduct(int n)
    {
        var (a, b) = (Random(n, 8), Random(n, 9));
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a[i] * b[i];
        }

        Assert.Equal(expected, Vec.Hadamard(a, b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Divide_RandomVectors_IsElementwiseQuotient(int n)
    {
        var a = Random(n, 10);
        var b = Random(n, 11).Map(x => x + 2.0);
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a[i] / b[i];
        }

        Assert.Equal(expected, Vec.Divide(a, b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_RandomVectors_MatchesScalarLoop(int n)
    {
        var (a, b) = (Random(n, 12), Random(n, 13));
        var expected = 0.0;
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            expected += a[i] * b[i];
            scale += Math.Abs(a[i] * b[i]);
        }

        AssertClose(expected, Vec.Dot(a, b), scale);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Axpy_RandomVectors_MatchesScalarLoop(int n)
    {
        var (x, y) = (Random(n, 14), Random(n, 15));
        const double a = 0.625;
        var expected = new double[n];
        for (var i = 0; i < n; i++)
        {
            expected[i] = a * x[i] + y[i];
        }

        var actual = Vec.Axpy(a, x, y);

        for (var i = 0; i < n; i++)
        {
            AssertClose(expected[i], actual[i], 1.0);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Reductions_RandomVector_MatchScalarLoops(int n)
    {
        var v = Random(n, 16);
        double sum = 0, sumAbs = 0, sumSq = 0;
        var max = double.NegativeInfinity;
        var min = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            sum += v[i];
            sumAbs += Math.Abs(v[i]);
            sumSq += v[i] * v[i];
            max = Math.Max(max, v[i]);
            min = Math.Min(min, v[i]);
        }

        AssertClose(sum, v.Sum(), sumAbs);
        AssertClose(Math.Sqrt(sumSq), v.Norm(), Math.Sqrt(sumSq));
        if (n > 0)
        {
            AssertClose(sum / n, v.Mean(), sumAbs / n);
            Assert.Equal(max, v.Max());
            Assert.Equal(min, v.Min());
        }
    }

    [Fact]
    public void Norm_ThreeFourVector_IsFive()
    {
        Assert.Equal(5.0, Vec.Of(3, 4).Norm(), 1e-15);
    }

    [Fact]
    public void Reductions_EmptyVector_SumAndNormZeroOthersThrow()
    {
        var v = Vec.Zeros(0);

        Assert.Equal(0.0, v.Sum());
        Assert.Equal(0.0, v.Norm());
        Assert.Throws<InvalidOperationException>(() => v.Mean());
        Assert.Throws<InvalidOperationException>(() => v.Max());
        Assert.Throws<InvalidOperationException>(() => v.Min());
    }

    [Fact]
    public void Map_Function_AppliedToEveryComponent()
    {
        var v = Vec.Of(1, 4, 9);

        Assert.Equal(Vec.Of(1, 2, 3), v.Map(Math.Sqrt));
    }

    [Fact]
    public void Operations_DoNotMutateOperands()
    {
        var a = Vec.Of(1, 2, 3);
        var b = Vec.Of(4, 5, 6);

        _ = a + b;
        _ = a - b;
        _ = -a;
        _ = 2 * a;
        _ = a / 2;
        _ = Vec.Hadamard(a, b);
        _ = Vec.Divide(a, b);
        _ = Vec.Axpy(2, a, b);
        _ = a.Map(x => x * 10);

        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, a.ToArray());
        Assert.Equal(new[] { 4.0, 5.0, 6.0 }, b.ToArray());
    }

    // ---------------------------------------------------------------- shape errors

    public static TheoryData<string, Action<Vec, Vec>> BinaryOperations => new()
    {
        { "Vec.Add", (a, b) => _ = a + b },
        { "Vec.Subtract", (a, b) => _ = a - b },
        { "Vec.Hadamard", (a, b) => Vec.Hadamard(a, b) },
        { "Vec.Divide", (a, b) => Vec.Divide(a, b) },
        { "Vec.Dot", (a, b) => Vec.Dot(a, b) },
        { "Vec.Axpy", (a, b) => Vec.Axpy(2.0, a, b) },
        { "Vec.MaxAbsDiff", (a, b) => Vec.MaxAbsDiff(a, b) },
    };

    [Theory]
    [MemberData(nameof(BinaryOperations))]
    public void BinaryOperation_LengthMismatch_ThrowsShapeExceptionNamingOpAndLengths(string operation, Action<Vec, Vec> apply)
    {
        var ex = Assert.Throws<ShapeException>(() => apply(Vec.Zeros(3), Vec.Zeros(4)));

        Assert.Equal(operation, ex.Operation);
        Assert.Equal($"{operation}: lengths 3 and 4 differ", ex.Message);
    }

    // ---------------------------------------------------------------- equality

    [Fact]
    public void Equals_SameComponents_EqualWithSameHash()
    {
        var a = Vec.Of(1, 2, 3);
        var b = Vec.Generate(3, i => i + 1);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentComponentOrLength_NotEqual()
    {
        var a = Vec.Of(1, 2, 3);

        Assert.False(a.Equals(Vec.Of(1, 2, 3.0000000001)));
        Assert.False(a.Equals(Vec.Of(1, 2)));
        Assert.False(a.Equals(Vec.Of(1, 2, 3, 0)));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals("[1, 2, 3]"));
    }

    [Fact]
    public void Equals_NaNAndSignedZero_IsEquivalenceConsistentWithHash()
    {
        var a = Vec.Of(double.NaN, 0.0);
        var b = Vec.Of(double.NaN, -0.0);

        Assert.True(a.Equals(a));
        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void GetHashCode_DifferentLengthsOfZeros_Differ()
    {
        Assert.NotEqual(Vec.Zeros(3).GetHashCode(), Vec.Zeros(4).GetHashCode());
    }

    [Fact]
    public void ApproxEquals_WithinAbsoluteTolerance_True()
    {
        var a = Vec.Of(0, 1);
        var b = Vec.Of(1e-13, 1 + 1e-13);

        Assert.True(a.ApproxEquals(b));
        Assert.False(a.Equals(b));
    }

    [Fact]
    public void ApproxEquals_OutsideTolerance_False()
    {
        Assert.False(Vec.Of(0, 1).ApproxEquals(Vec.Of(0, 1 + 1e-9)));
    }

    [Fact]
    public void ApproxEquals_RelativeTolerance_ScalesWithMagnitude()
    {
        var a = Vec.Of(1e6);
        var b = Vec.Of(1e6 + 1e-3);

        Assert.False(a.ApproxEquals(b));
        Assert.True(a.ApproxEquals(b, absTol: 0, relTol: 2e-9));
        Assert.False(a.ApproxEquals(b, absTol: 0, relTol: 5e-10));
    }

    [Fact]
    public void ApproxEquals_SpecialValues_InfinityMatchesNaNNever()
    {
        Assert.True(Vec.Of(double.PositiveInfinity).ApproxEquals(Vec.Of(double.PositiveInfinity)));
        Assert.False(Vec.Of(double.PositiveInfinity).ApproxEquals(Vec.Of(double.NegativeInfinity)));
        Assert.False(Vec.Of(1e308).ApproxEquals(Vec.Of(double.PositiveInfinity), absTol: 0, relTol: 1));
        Assert.False(Vec.Of(double.NaN).ApproxEquals(Vec.Of(double.NaN)));
        Assert.False(Vec.Of(1).ApproxEquals(Vec.Of(double.NaN), absTol: 1e300));
    }

    [Fact]
    public void ApproxEquals_DifferentLengths_False()
    {
        Assert.False(Vec.Of(1, 2).ApproxEquals(Vec.Of(1, 2, 3)));
    }

    [Theory]
    [InlineData(-1e-12, 0.0)]
    [InlineData(0.0, -1e-12)]
    [InlineData(double.NaN, 0.0)]
    public void ApproxEquals_InvalidTolerance_ThrowsArgumentOutOfRange(double absTol, double relTol)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vec.Of(1).ApproxEquals(Vec.Of(1), absTol, relTol));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MaxAbsDiff_RandomVectors_MatchesScalarLoop(int n)
    {
        var (a, b) = (Random(n, 17), Random(n, 18));
        var expected = 0.0;
        for (var i = 0; i < n; i++)
        {
            expected = Math.Max(expected, Math.Abs(a[i] - b[i]));
        }

        Assert.Equal(expected, Vec.MaxAbsDiff(a, b));
    }

    [Fact]
    public void MaxAbsDiff_LargestDifferenceInLastChunk_Found()
    {
        var a = Vec.Zeros(1000);
        var b = Vec.Generate(1000, i => i == 999 ? -7.5 : 1e-3);

        Assert.Equal(7.5, Vec.MaxAbsDiff(a, b));
    }

    [Fact]
    public void MaxAbsDiff_NaNDifference_IsNaN()
    {
        Assert.True(double.IsNaN(Vec.MaxAbsDiff(Vec.Of(1, double.NaN, 3), Vec.Of(1, 2, 3))));
    }

    // ---------------------------------------------------------------- text

    [Fact]
    public void ToString_ShortVector_BracketedInvariantG10()
    {
        Assert.Equal("[1, 2.5, -3]", Vec.Of(1, 2.5, -3).ToString());
        Assert.Equal("[0.3333333333]", Vec.Of(1.0 / 3).ToString());
        Assert.Equal("[]", Vec.Zeros(0).ToString());
    }

    [Fact]
    public void ToString_TwelveElements_PrintsAll()
    {
        var v = Vec.Generate(12, i => i);

        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", v.ToString());
    }

    [Fact]
    public void ToString_ThirteenElements_Abbreviates()
    {
        var v = Vec.Generate(13, i => i);

        Assert.Equal("[0, 1, 2, 3, 4, 5, …, 10, 11, 12] (n=13)", v.ToString());
    }

    [Fact]
    public void ToString_LongVector_HeadEllipsisTailAndLength()
    {
        var v = Vec.Generate(1000, i => i);

        Assert.Equal("[0, 1, 2, 3, 4, 5, …, 997, 998, 999] (n=1000)", v.ToString());
    }

    [Fact]
    public void ToString_Format_AppliedToEachComponent()
    {
        Assert.Equal("[1.00, 2.50, -3.00]", Vec.Of(1, 2.5, -3).ToString("F2"));
        Assert.Equal("[1, 2.5, -3]", Vec.Of(1, 2.5, -3).ToString(null));
    }

    [Fact]
    public void ToString_NonInvariantCurrentCulture_StillUsesInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            Assert.Equal("[1.5, -2.25]", Vec.Of(1.5, -2.25).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Vec Random(int n, int seed)
    {
        var rng = new Random(seed * 7919 + n);
        return Vec.Generate(n, _ => rng.NextDouble() * 2 - 1);
    }

    /// <summary>|expected − actual| ≤ 1e-12 · max(1, |expected|, scale), where scale bounds the magnitude of the summands.</summary>
    private static void AssertClose(double expected, double actual, double scale)
    {
        var tolerance = 1e-12 * Math.Max(1.0, Math.Max(Math.Abs(expected), scale));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}
