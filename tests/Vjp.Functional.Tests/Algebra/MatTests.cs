using System.Globalization;

namespace Vjp.Functional.Tests.Algebra;

public class MatTests
{
    /// <summary>(m, k, n) triples: odd sizes, non-square, degenerate, narrow and ones that cross the kernels' block edges.</summary>
    public static TheoryData<int, int, int> ProductShapes => new()
    {
        { 1, 1, 1 },
        { 1, 7, 1 },
        { 7, 1, 7 },
        { 2, 3, 5 },
        { 7, 33, 1 },
        { 1, 33, 7 },
        { 33, 7, 3 },
        { 33, 70, 2 },
        { 33, 7, 130 },
        { 130, 33, 7 },
        { 130, 130, 130 },
        { 65, 130, 300 },
        { 70, 65, 257 },
        { 3, 0, 4 },
        { 0, 3, 4 },
        { 4, 3, 0 },
    };

    public static TheoryData<int, int> MatrixShapes => new()
    {
        { 1, 1 },
        { 1, 7 },
        { 7, 1 },
        { 7, 33 },
        { 33, 7 },
        { 130, 130 },
        { 65, 257 },
        { 3, 2500 },
        { 0, 5 },
        { 5, 0 },
    };

    // ---------------------------------------------------------------- construction and access

    [Fact]
    public void Create_RowMajor_IndexesRowThenColumn()
    {
        var a = Mat.Create(2, 3, [1, 2, 3, 4, 5, 6]);

        Assert.Equal((2, 3), a.Shape);
        Assert.Equal(2, a.Rows);
        Assert.Equal(3, a.Cols);
        Assert.Equal(2.0, a[0, 1]);
        Assert.Equal(4.0, a[1, 0]);
        Assert.Equal(6.0, a[1, 2]);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, a.AsSpan().ToArray());
    }

    [Fact]
    public void Create_SourceArrayMutatedAfterwards_MatUnchanged()
    {
        var source = new[] { 1.0, 2, 3, 4 };
        var a = Mat.Create(2, 2, source);

        source[3] = 99;

        Assert.Equal(4.0, a[1, 1]);
    }

    [Fact]
    public void Create_WrongLength_ThrowsShapeExceptionNamingShape()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.Create(2, 3, [1, 2, 3, 4, 5]));

        Assert.Equal("Mat.Create", ex.Operation);
        Assert.Contains("(2×3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NegativeDimension_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.Create(-1, 2, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.Zeros(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.Identity(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.Generate(-1, 1, (_, _) => 0));
    }

    [Fact]
    public void FromRows_EqualLengthRows_StacksRows()
    {
        var a = Mat.FromRows([1, 2], [3, 4], [5, 6]);

        Assert.Equal(Mat.Create(3, 2, [1, 2, 3, 4, 5, 6]), a);
    }

    [Fact]
    public void FromRows_NoRows_IsZeroByZero()
    {
        Assert.Equal((0, 0), Mat.FromRows().Shape);
    }

    [Fact]
    public void FromRows_RaggedRows_ThrowsShapeExceptionNamingLengths()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.FromRows([1, 2, 3], [4, 5, 6], [7, 8, 9, 10]));

        Assert.Equal("Mat.FromRows", ex.Operation);
        Assert.Contains("row 2 has length 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("length 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromArray_TwoDimensional_CopiesAndIndexes()
    {
        var source = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var a = Mat.FromArray(source);

        source[0, 0] = 99;

        Assert.Equal(Mat.Create(2, 3, [1, 2, 3, 4, 5, 6]), a);
    }

    [Fact]
    public void Wrap_OwnedArray_SharesStorageAndChecksLength()
    {
        var owned = new[] { 1.0, 2, 3, 4, 5, 6 };
        var a = Mat.Wrap(3, 2, owned);

        Assert.True(a.AsSpan() == owned.AsSpan());
        Assert.Equal(5.0, a[2, 0]);
        Assert.Throws<ShapeException>(() => Mat.Wrap(2, 2, owned));
    }

    [Fact]
    public void Zeros_Shape_AllZero()
    {
        var a = Mat.Zeros(3, 4);

        Assert.Equal((3, 4), a.Shape);
        Assert.All(a.AsSpan().ToArray(), x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void Identity_Size_OnesOnDiagonalOnly()
    {
        var id = Mat.Identity(4);
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, id[i, j]);
            }
        }
    }

    [Fact]
    public void Generate_Function_EntryIsFunctionOfRowAndColumn()
    {
        var a = Mat.Generate(3, 4, (i, j) => 10 * i + j);

        Assert.Equal(23.0, a[2, 3]);
        Assert.Equal(10.0, a[1, 0]);
    }

    [Fact]
    public void Outer_TwoVectors_MatchesScalarLoop()
    {
        var x = RandomVec(7, 1);
        var y = RandomVec(33, 2);

        var outer = Mat.Outer(x, y);

        Assert.Equal((7, 33), outer.Shape);
        for (var i = 0; i < 7; i++)
        {
            for (var j = 0; j < 33; j++)
            {
                Assert.Equal(x[i] * y[j], outer[i, j]);
            }
        }
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(2, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 3)]
    public void Indexer_OutOfRange_ThrowsNamingShape(int r, int c)
    {
        var a = Mat.Zeros(2, 3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => a[r, c]);

        Assert.Contains("(2×3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowAndColumn_InRange_CopyTheLine()
    {
        var a = Mat.Create(2, 3, [1, 2, 3, 4, 5, 6]);

        Assert.Equal(new[] { 4.0, 5, 6 }, a.RowSpan(1).ToArray());
        Assert.Equal(Vec.Of(1, 2, 3), a.Row(0));
        Assert.Equal(Vec.Of(2, 5), a.Column(1));
    }

    [Fact]
    public void RowAndColumn_OutOfRange_ThrowNamingShape()
    {
        var a = Mat.Zeros(2, 3);

        Assert.Contains("(2×3)", Assert.Throws<ArgumentOutOfRangeException>(() => a.Row(2)).Message, StringComparison.Ordinal);
        Assert.Contains("(2×3)", Assert.Throws<ArgumentOutOfRangeException>(() => a.RowSpan(-1).ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("(2×3)", Assert.Throws<ArgumentOutOfRangeException>(() => a.Column(3)).Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- element-wise algebra

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void Transpose_RandomMatrix_MatchesScalarLoop(int rows, int cols)
    {
        var a = RandomMat(rows, cols, 3);

        var t = a.Transpose();

        Assert.Equal((cols, rows), t.Shape);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                Assert.Equal(a[i, j], t[j, i]);
            }
        }

        Assert.Equal(a, t.Transpose());
    }

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void ElementwiseOperations_RandomMatrices_MatchScalarLoops(int rows, int cols)
    {
        var a = RandomMat(rows, cols, 4);
        var b = RandomMat(rows, cols, 5);
        const double s = -2.5;

        var sum = a + b;
        var difference = a - b;
        var negation = -a;
        var left = s * a;
        var right = a * s;
        var hadamard = Mat.Hadamard(a, b);

        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                Assert.Equal(a[i, j] + b[i, j], sum[i, j]);
                Assert.Equal(a[i, j] - b[i, j], difference[i, j]);
                Assert.Equal(-a[i, j], negation[i, j]);
                Assert.Equal(s * a[i, j], left[i, j]);
                Assert.Equal(a[i, j] * s, right[i, j]);
                Assert.Equal(a[i, j] * b[i, j], hadamard[i, j]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void Reductions_RandomMatrices_MatchScalarLoops(int rows, int cols)
    {
        var a = RandomMat(rows, cols, 6);
        var b = RandomMat(rows, cols, 7);
        double sum = 0, sumAbs = 0, sumSq = 0, inner = 0, innerAbs = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                sum += a[i, j];
                sumAbs += Math.Abs(a[i, j]);
                sumSq += a[i, j] * a[i, j];
                inner += a[i, j] * b[i, j];
                innerAbs += Math.Abs(a[i, j] * b[i, j]);
            }
        }

        AssertClose(sum, a.Sum(), sumAbs);
        AssertClose(Math.Sqrt(sumSq), a.FrobeniusNorm(), Math.Sqrt(sumSq));
        AssertClose(inner, Mat.Inner(a, b), innerAbs);
    }

    public static TheoryData<string, Action<Mat, Mat>> ElementwiseOperations => new()
    {
        { "Mat.Add", (a, b) => _ = a + b },
        { "Mat.Subtract", (a, b) => _ = a - b },
        { "Mat.Hadamard", (a, b) => Mat.Hadamard(a, b) },
        { "Mat.Inner", (a, b) => Mat.Inner(a, b) },
    };

    [Theory]
    [MemberData(nameof(ElementwiseOperations))]
    public void ElementwiseOperation_ShapeMismatch_ThrowsShapeExceptionNamingOpAndShapes(string operation, Action<Mat, Mat> apply)
    {
        var ex = Assert.Throws<ShapeException>(() => apply(Mat.Zeros(2, 3), Mat.Zeros(3, 2)));

        Assert.Equal(operation, ex.Operation);
        Assert.Equal($"{operation}: shapes (2×3) and (3×2) differ", ex.Message);
    }

    [Fact]
    public void Operations_DoNotMutateOperands()
    {
        var a = Mat.Create(2, 2, [1, 2, 3, 4]);
        var b = Mat.Create(2, 2, [5, 6, 7, 8]);

        _ = a + b;
        _ = a - b;
        _ = -a;
        _ = 3 * a;
        _ = a * b;
        _ = a * Vec.Of(1, 1);
        _ = Mat.MatMulTransposeA(a, b);
        _ = Mat.MatMulTransposeB(a, b);
        _ = Mat.TransposeMatVec(a, Vec.Of(1, 1));
        _ = a.Transpose();

        Assert.Equal(new[] { 1.0, 2, 3, 4 }, a.AsSpan().ToArray());
        Assert.Equal(new[] { 5.0, 6, 7, 8 }, b.AsSpan().ToArray());
    }

    // ---------------------------------------------------------------- products against naive loops

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void MatVec_RandomMatrix_MatchesNaiveLoop(int rows, int cols)
    {
        var a = RandomMat(rows, cols, 8);
        var x = RandomVec(cols, 9);
        var expected = new double[rows];
        var scale = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                expected[i] += a[i, j] * x[j];
                scale[i] += Math.Abs(a[i, j] * x[j]);
            }
        }

        var y = Mat.MatVec(a, x);

        Assert.Equal(rows, y.Length);
        for (var i = 0; i < rows; i++)
        {
            AssertClose(expected[i], y[i], scale[i]);
        }

        Assert.Equal(y, a * x);
    }

    [Theory]
    [MemberData(nameof(MatrixShapes))]
    public void TransposeMatVec_RandomMatrix_MatchesNaiveLoop(int rows, int cols)
    {
        var a = RandomMat(rows, cols, 10);
        var y = RandomVec(rows, 11);
        var expected = new double[cols];
        var scale = new double[cols];
        for (var j = 0; j < cols; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                expected[j] += a[i, j] * y[i];
                scale[j] += Math.Abs(a[i, j] * y[i]);
            }
        }

        var x = Mat.TransposeMatVec(a, y);

        Assert.Equal(cols, x.Length);
        for (var j = 0; j < cols; j++)
        {
            AssertClose(expected[j], x[j], scale[j]);
        }
    }

    [Theory]
    [MemberData(nameof(ProductShapes))]
    public void MatMul_RandomMatrices_MatchesNaiveTripleLoop(int m, int k, int n)
    {
        var a = RandomMat(m, k, 12);
        var b = RandomMat(k, n, 13);
        var (expected, scale) = NaiveProduct(m, k, n, (i, p) => a[i, p], (p, j) => b[p, j]);

        var c = Mat.MatMul(a, b);

        AssertCloseToNaive(expected, scale, c);
        Assert.Equal(c, a * b);
    }

    [Theory]
    [MemberData(nameof(ProductShapes))]
    public void MatMulTransposeB_RandomMatrices_MatchesNaiveTripleLoop(int m, int k, int n)
    {
        var a = RandomMat(m, k, 14);
        var b = RandomMat(n, k, 15);
        var (expected, scale) = NaiveProduct(m, k, n, (i, p) => a[i, p], (p, j) => b[j, p]);

        AssertCloseToNaive(expected, scale, Mat.MatMulTransposeB(a, b));
    }

    [Theory]
    [MemberData(nameof(ProductShapes))]
    public void MatMulTransposeA_RandomMatrices_MatchesNaiveTripleLoop(int m, int k, int n)
    {
        var a = RandomMat(k, m, 16);
        var b = RandomMat(k, n, 17);
        var (expected, scale) = NaiveProduct(m, k, n, (i, p) => a[p, i], (p, j) => b[p, j]);

        AssertCloseToNaive(expected, scale, Mat.MatMulTransposeA(a, b));
    }

    [Fact]
    public void MatMulTransposeB_DeepInnerDimension_CrossesDotBlocks()
    {
        // k = 9000 forces the smallest block of B rows, so n = 5 spans two blocks.
        var a = RandomMat(3, 9000, 18);
        var b = RandomMat(5, 9000, 19);
        var (expected, scale) = NaiveProduct(3, 9000, 5, (i, p) => a[i, p], (p, j) => b[j, p]);

        AssertCloseToNaive(expected, scale, Mat.MatMulTransposeB(a, b));
    }

    [Fact]
    public void Products_AlgebraicIdentities_AgreeWithEachOther()
    {
        var a = RandomMat(33, 17, 20);
        var b = RandomMat(17, 41, 21);
        var c = RandomMat(41, 17, 22);

        Assert.True(Mat.MatMul(a, b).Transpose().ApproxEquals(Mat.MatMul(b.Transpose(), a.Transpose())));
        Assert.True(Mat.MatMulTransposeB(a, c).ApproxEquals(Mat.MatMul(a, c.Transpose())));
        Assert.True(Mat.MatMulTransposeA(a, RandomMat(33, 9, 23)).ApproxEquals(Mat.MatMul(a.Transpose(), RandomMat(33, 9, 23))));
        Assert.True(Mat.MatMul(Mat.Identity(33), a).Equals(a));
        Assert.True(Mat.MatMul(a, Mat.Identity(17)).Equals(a));
    }

    [Fact]
    public void MatMul_SmallKnownMatrices_ExactResult()
    {
        var a = Mat.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Mat.FromArray(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });

        Assert.Equal(Mat.FromArray(new double[,] { { 58, 64 }, { 139, 154 } }), a * b);
        Assert.Equal(Vec.Of(14, 32), a * Vec.Of(1, 2, 3));
        Assert.Equal(Vec.Of(9, 12, 15), Mat.TransposeMatVec(a, Vec.Of(1, 2)));
    }

    [Fact]
    public void MatMul_InnerDimensionMismatch_ThrowsShapeExceptionNamingBothShapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.MatMul(Mat.Zeros(2, 3), Mat.Zeros(4, 5)));

        Assert.Equal("Mat.MatMul", ex.Operation);
        Assert.Equal("Mat.MatMul: inner dimensions differ: (2×3) · (4×5)", ex.Message);
        Assert.Throws<ShapeException>(() => Mat.Zeros(2, 3) * Mat.Zeros(4, 5));
    }

    [Fact]
    public void MatVec_LengthMismatch_ThrowsShapeExceptionNamingBothShapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.MatVec(Mat.Zeros(2, 3), Vec.Zeros(4)));

        Assert.Equal("Mat.MatVec", ex.Operation);
        Assert.Equal("Mat.MatVec: (2×3) · vector of length 4", ex.Message);
        Assert.Throws<ShapeException>(() => Mat.Zeros(2, 3) * Vec.Zeros(4));
    }

    [Fact]
    public void TransposeMatVec_LengthMismatch_ThrowsShapeExceptionNamingBothShapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.TransposeMatVec(Mat.Zeros(2, 3), Vec.Zeros(3)));

        Assert.Equal("Mat.TransposeMatVec", ex.Operation);
        Assert.Contains("(2×3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("length 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMulTransposeB_ColumnMismatch_ThrowsShapeExceptionNamingBothShapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.MatMulTransposeB(Mat.Zeros(2, 3), Mat.Zeros(3, 2)));

        Assert.Equal("Mat.MatMulTransposeB", ex.Operation);
        Assert.Contains("(2×3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3×2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMulTransposeA_RowMismatch_ThrowsShapeExceptionNamingBothShapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Mat.MatMulTransposeA(Mat.Zeros(2, 3), Mat.Zeros(3, 2)));

        Assert.Equal("Mat.MatMulTransposeA", ex.Operation);
        Assert.Contains("(2×3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3×2)", ex.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- kernels with preallocated outputs

    [Fact]
    public void Kernels_Accumulate_AddToExistingOutput()
    {
        var a = RandomMat(9, 70, 24);
        var b = RandomMat(70, 300, 25);
        var bt = RandomMat(300, 70, 26);
        var at = RandomMat(70, 9, 27);
        var x = RandomVec(70, 28);
        var y = RandomVec(9, 29);
        var start = RandomMat(9, 300, 30);

        var c = start.AsSpan().ToArray();
        LinearKernels.MatMul(a.AsSpan(), b.AsSpan(), c, 9, 70, 300, accumulate: true);
        Assert.True(Mat.Wrap(9, 300, c).ApproxEquals(start + a * b));

        c = start.AsSpan().ToArray();
        LinearKernels.MatMulTransposeB(a.AsSpan(), bt.AsSpan(), c, 9, 70, 300, accumulate: true);
        Assert.True(Mat.Wrap(9, 300, c).ApproxEquals(start + Mat.MatMulTransposeB(a, bt)));

        c = start.AsSpan().ToArray();
        LinearKernels.MatMulTransposeA(at.AsSpan(), b.AsSpan(), c, 9, 70, 300, accumulate: true);
        Assert.True(Mat.Wrap(9, 300, c).ApproxEquals(start + Mat.MatMulTransposeA(at, b)));

        var yOut = y.ToArray();
        LinearKernels.MatVec(a.AsSpan(), 9, 70, x.AsSpan(), yOut, accumulate: true);
        Assert.True(Vec.Wrap(yOut).ApproxEquals(y + a * x));

        var xOut = x.ToArray();
        LinearKernels.TransposeMatVec(a.AsSpan(), 9, 70, y.AsSpan(), xOut, accumulate: true);
        Assert.True(Vec.Wrap(xOut).ApproxEquals(x + Mat.TransposeMatVec(a, y)));

        var outer = start.AsSpan().ToArray();
        LinearKernels.Outer(y.AsSpan(), RandomVec(300, 31).AsSpan(), outer, accumulate: true);
        Assert.True(Mat.Wrap(9, 300, outer).ApproxEquals(start + Mat.Outer(y, RandomVec(300, 31))));
    }

    [Fact]
    public void Kernels_Overwrite_IgnoreExistingOutput()
    {
        var a = RandomMat(9, 70, 32);
        var b = RandomMat(70, 5, 33);
        var c = Enumerable.Repeat(double.NaN, 45).ToArray();

        LinearKernels.MatMul(a.AsSpan(), b.AsSpan(), c, 9, 70, 5);

        Assert.True(Mat.Wrap(9, 5, c).ApproxEquals(a * b));
    }

    [Fact]
    public void Kernels_OutputOverlapsInput_ThrowArgumentException()
    {
        var buffer = new double[16];

        Assert.Throws<ArgumentException>(() =>
            LinearKernels.MatMul(buffer.AsSpan(0, 4), buffer.AsSpan(4, 4), buffer.AsSpan(2, 4), 2, 2, 2));
        Assert.Throws<ArgumentException>(() =>
            LinearKernels.MatVec(buffer.AsSpan(0, 4), 2, 2, buffer.AsSpan(4, 2), buffer.AsSpan(5, 2)));
    }

    [Fact]
    public void Kernels_WrongSpanLength_ThrowShapeException()
    {
        var ex = Assert.Throws<ShapeException>(() =>
            LinearKernels.MatMul(new double[6], new double[6], new double[5], 2, 3, 2));

        Assert.Equal("LinearKernels.MatMul", ex.Operation);
    }

    // ---------------------------------------------------------------- equality

    [Fact]
    public void Equals_SameShapeAndEntries_EqualWithSameHash()
    {
        var a = Mat.Create(2, 2, [1, 2, 3, 4]);
        var b = Mat.Generate(2, 2, (i, j) => 2 * i + j + 1);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_SameDataDifferentShape_NotEqual()
    {
        var a = Mat.Create(2, 3, [1, 2, 3, 4, 5, 6]);
        var b = Mat.Create(3, 2, [1, 2, 3, 4, 5, 6]);

        Assert.False(a.Equals(b));
        Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
        Assert.False(Mat.Zeros(0, 3).Equals(Mat.Zeros(3, 0)));
    }

    [Fact]
    public void Equals_DifferentEntryOrOtherType_NotEqual()
    {
        var a = Mat.Identity(2);

        Assert.False(a.Equals(Mat.Create(2, 2, [1, 0, 0, 1.0000000001])));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals(Vec.Of(1, 0, 0, 1)));
    }

    [Fact]
    public void Equals_NaNAndSignedZero_IsEquivalenceConsistentWithHash()
    {
        var a = Mat.Create(1, 2, [double.NaN, 0.0]);
        var b = Mat.Create(1, 2, [double.NaN, -0.0]);

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void ApproxEquals_Tolerances_BehaveAsDocumented()
    {
        var a = Mat.Create(1, 2, [0, 1e6]);

        Assert.True(a.ApproxEquals(Mat.Create(1, 2, [1e-13, 1e6])));
        Assert.False(a.ApproxEquals(Mat.Create(1, 2, [1e-9, 1e6])));
        Assert.True(a.ApproxEquals(Mat.Create(1, 2, [0, 1e6 + 1e-3]), absTol: 0, relTol: 2e-9));
        Assert.False(a.ApproxEquals(Mat.Create(1, 2, [0, 1e6 + 1e-3]), absTol: 0, relTol: 5e-10));
        Assert.False(a.ApproxEquals(Mat.Create(2, 1, [0, 1e6])));
        Assert.False(Mat.Create(1, 1, [double.NaN]).ApproxEquals(Mat.Create(1, 1, [double.NaN])));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.ApproxEquals(a, absTol: -1));
    }

    // ---------------------------------------------------------------- text

    [Fact]
    public void ToString_SmallMatrix_NestedBracketsOnOneLine()
    {
        Assert.Equal("[[1, 2], [3, 4]]", Mat.Create(2, 2, [1, 2, 3, 4]).ToString());
        Assert.Equal("[[0.5, -1.25, 3]]", Mat.Create(1, 3, [0.5, -1.25, 3]).ToString());
    }

    [Fact]
    public void ToString_SixBySix_PrintsEveryEntry()
    {
        var text = Mat.Generate(6, 6, (i, j) => 6 * i + j).ToString();

        Assert.StartsWith("[[0, 1, 2, 3, 4, 5], [6, 7,", text, StringComparison.Ordinal);
        Assert.EndsWith("[30, 31, 32, 33, 34, 35]]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_LargeMatrix_ShapeAndCorner()
    {
        var a = Mat.Generate(100, 200, (i, j) => 1000 * i + j);

        Assert.Equal("Mat(100×200) [[0, 1, 2, …], [1000, 1001, 1002, …], [2000, 2001, 2002, …], …]", a.ToString());
    }

    [Fact]
    public void ToString_WideOrTallMatrix_AbbreviatesOnlyTheLongSide()
    {
        Assert.Equal("Mat(2×7) [[0, 1, 2, …], [7, 8, 9, …]]", Mat.Generate(2, 7, (i, j) => 7 * i + j).ToString());
        Assert.Equal("Mat(7×1) [[0], [1], [2], …]", Mat.Generate(7, 1, (i, _) => i).ToString());
    }

    [Fact]
    public void ToString_EmptyMatrix_ShowsShape()
    {
        Assert.Equal("Mat(0×3)", Mat.Zeros(0, 3).ToString());
        Assert.Equal("Mat(0×0)", Mat.FromRows().ToString());
    }

    [Fact]
    public void ToString_FormatAndCulture_InvariantWithFormatApplied()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            var a = Mat.Create(1, 2, [1.5, 2]);

            Assert.Equal("[[1.5, 2]]", a.ToString());
            Assert.Equal("[[1.50, 2.00]]", a.ToString("F2"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Vec RandomVec(int n, int seed)
    {
        var rng = new Random(seed * 7919 + n);
        return Vec.Generate(n, _ => rng.NextDouble() * 2 - 1);
    }

    private static Mat RandomMat(int rows, int cols, int seed)
    {
        var rng = new Random(seed * 104729 + rows * 131 + cols);
        return Mat.Generate(rows, cols, (_, _) => rng.NextDouble() * 2 - 1);
    }

    /// <summary>The textbook triple loop Cᵢⱼ = Σₚ Aᵢₚ·Bₚⱼ, plus Σₚ |Aᵢₚ·Bₚⱼ| per entry to scale the tolerance.</summary>
    private static (double[,] Expected, double[,] Scale) NaiveProduct(int m, int k, int n, Func<int, int, double> a, Func<int, int, double> b)
    {
        var expected = new double[m, n];
        var scale = new double[m, n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++)
                {
                    var term = a(i, p) * b(p, j);
                    expected[i, j] += term;
                    scale[i, j] += Math.Abs(term);
                }
            }
        }

        return (expected, scale);
    }

    private static void AssertCloseToNaive(double[,] expected, double[,] scale, Mat actual)
    {
        Assert.Equal((expected.GetLength(0), expected.GetLength(1)), actual.Shape);
        for (var i = 0; i < actual.Rows; i++)
        {
            for (var j = 0; j < actual.Cols; j++)
            {
                AssertClose(expected[i, j], actual[i, j], scale[i, j]);
            }
        }
    }

    /// <summary>|expected − actual| ≤ 1e-12 · max(1, |expected|, scale), where scale bounds the magnitude of the summands.</summary>
    private static void AssertClose(double expected, double actual, double scale)
    {
        var tolerance = 1e-12 * Math.Max(1.0, Math.Max(Math.Abs(expected), scale));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}
