using System.Numerics.Tensors;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The batch primitives: a batch is a matrix whose rows are samples, and everything that works on vectors
/// works on it. Elementwise liftings of the scalar primitives (derived from the vector liftings, one
/// declaration each), elementwise arithmetic, reductions (all entries, row sums, column sums), the named
/// broadcasts (add a vector to every row or column), reshaping, and the transposed products of a dense layer.
/// </summary>
public static partial class MatPrimitives
{
    // Elementwise -----------------------------------------------------------------------------

    /// <summary>
    /// The matrix lifting of an elementwise vector primitive (<see cref="VecPrimitives.Tanh"/>, …, or
    /// <see cref="VecPrimitives.Lift"/> of a scalar primitive): <c>Yᵢⱼ = f(Xᵢⱼ)</c>, pullback <c>X̄ = Ȳ ⊙ f′(X)</c>,
    /// pushforward <c>Ẏ = f′(X) ⊙ Ẋ</c>. The rule, its SIMD kernels and its differentiable forms are the vector
    /// lifting's; a matrix is its m·n row-major entries.
    /// </summary>
    /// <param name="vectorLifting">An elementwise vector primitive.</param>
    /// <returns>The same primitive on matrices.</returns>
    /// <exception cref="ArgumentException">When <paramref name="vectorLifting"/> is not an elementwise lifting of a scalar primitive.</exception>
    public static Diff<Mat, Mat> Elementwise(Diff<Vec, Vec> vectorLifting)
    {
        ArgumentNullException.ThrowIfNull(vectorLifting);
        return vectorLifting.Node is RuleNode { Rule: ElementwiseRule e }
            ? new(new RuleNode(e.OnMat))
            : throw new ArgumentException($"'{vectorLifting.Name}' is not an elementwise lifting of a scalar primitive.", nameof(vectorLifting));
    }

    /// <summary>The elementwise lifting to matrices of a scalar primitive, <c>Yᵢⱼ = f(Xᵢⱼ)</c>; see <see cref="Elementwise"/>.</summary>
    /// <param name="scalar">A scalar primitive (made with <see cref="ScalarPrimitives.Create"/>, or a library one).</param>
    /// <returns>The primitive applied to every entry.</returns>
    /// <exception cref="ArgumentException">When <paramref name="scalar"/> is not a scalar primitive.</exception>
    public static Diff<Mat, Mat> Lift(Diff<double, double> scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        return scalar.Node is RuleNode { Rule: ScalarRule s }
            ? new(new RuleNode(new ElementwiseRule(s, flat: Flat.Matrix)))
            : throw new ArgumentException($"'{scalar.Name}' is not a scalar primitive; only those lift elementwise to matrices.", nameof(scalar));
    }

    // Elementwise arithmetic ------------------------------------------------------------------

    internal static readonly TypedRule2<Mat, Mat, Mat> HadamardRule = new(
        "mathadamard",
        Mat.Hadamard,
        static (a, b, y, yBar) => Mat.Hadamard(yBar, b),
        static (a, b, y, yBar) => Mat.Hadamard(yBar, a),
        static (a, b, y, da) => Mat.Hadamard(da, b),
        static (a, b, y, db) => Mat.Hadamard(a, db),
        static (a, b) => $"{a} ⊙ {b}",
        pullbackNode: static () =>
        {
            var (ab, yBar) = Diff.Input<((Mat, Mat), Mat)>();
            var (a, b) = ab;
            return Diff.Fanout(Fn.Hadamard(yBar, b), Fn.Hadamard(yBar, a)).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.Hadamard(da, b) + Fn.Hadamard(a, db)).Node;
        },
        fresh: true);

    /// <summary>Hadamard product <c>C = A ⊙ B</c>, <c>Cᵢⱼ = AᵢⱼBᵢⱼ</c>; pullback (C̄ ⊙ B, C̄ ⊙ A), pushforward Ȧ ⊙ B + A ⊙ Ḃ.</summary>
    public static Diff<(Mat A, Mat B), Mat> Hadamard { get; } = new(new RuleNode(HadamardRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> DivRule = new(
        "matdiv",
        Quotient,
        static (a, b, y, yBar) => Quotient(yBar, b),
        static (a, b, y, yBar) => NegatedProductOver(yBar, y, b),
        static (a, b, y, da) => Quotient(da, b),
        static (a, b, y, db) => NegatedProductOver(db, y, b),
        static (a, b) => $"{a} ⊘ {b}",
        pullbackNode: static () =>
        {
            var (ab, yBar) = Diff.Input<((Mat, Mat), Mat)>();
            var (a, b) = ab;
            var q = yBar / b;
            return Diff.Fanout(q, -Fn.Hadamard(q, a / b)).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return ((da - Fn.Hadamard(a / b, db)) / b).Node;
        },
        fresh: true,
        domain: ScalarPrimitives.DivRule.Domain);

    /// <summary>Elementwise quotient <c>C = A ⊘ B</c>; pullback (C̄ ⊘ B, −C̄ ⊙ C ⊘ B), pushforward (Ȧ − C ⊙ Ḃ) ⊘ B.</summary>
    public static Diff<(Mat A, Mat B), Mat> Div { get; } = new(new RuleNode(DivRule));

    private static Mat Quotient(Mat a, Mat b)
    {
        RequireSameShape("Mat.Div", a, b);
        var values = GC.AllocateUninitializedArray<double>(a.Rows * a.Cols);
        TensorPrimitives.Divide(a.AsSpan(), b.AsSpan(), values);
        return Mat.Wrap(a.Rows, a.Cols, values);
    }

    /// <summary>−(s ⊙ y) ⊘ b in one buffer.</summary>
    private static Mat NegatedProductOver(Mat s, Mat y, Mat b)
    {
        RequireSameShape("Mat.Div", s, b);
        var values = GC.AllocateUninitializedArray<double>(s.Rows * s.Cols);
        TensorPrimitives.Multiply(s.AsSpan(), y.AsSpan(), values);
        TensorPrimitives.Divide(values, b.AsSpan(), values);
        TensorPrimitives.Negate(values, values);
        return Mat.Wrap(s.Rows, s.Cols, values);
    }

    // Reductions ------------------------------------------------------------------------------

    internal static readonly TypedRule<Mat, double> SumRule = new(
        "matsum", DiffKind.Primitive, Domain.All,
        static x => (x.Sum(), null),
        static (x, y, r, yBar) => Filled(x, yBar),
        static (x, y, r, dx) => dx.Sum(),
        static a => $"Σ {a}",
        pullbackNode: static () => Forms.Linear<Mat, double, Mat>(BatchShapes.Fill(mean: false)),
        pushforwardNode: static () => Forms.OfTangent<Mat, double>(SumRule!),
        fresh: true);

    /// <summary>Sum of all entries <c>y = Σᵢⱼ Xᵢⱼ</c>; pullback X̄ = ȳ·𝟙𝟙ᵀ, pushforward ẏ = Σᵢⱼ Ẋᵢⱼ.</summary>
    public static Diff<Mat, double> Sum { get; } = new(new RuleNode(SumRule));

    internal static readonly TypedRule<Mat, double> MeanRule = new(
        "matmean", DiffKind.Primitive, Domain.All,
        static x => x.Rows * x.Cols == 0 ? throw new ShapeException("Mat.Mean", $"the mean of an empty Mat[{x.Rows}×{x.Cols}] is undefined") : (x.Sum() / (x.Rows * x.Cols), null),
        static (x, y, r, yBar) => Filled(x, yBar / (x.Rows * x.Cols)),
        static (x, y, r, dx) => dx.Sum() / (dx.Rows * dx.Cols),
        static a => $"mean({a})",
        pullbackNode: static () => Forms.Linear<Mat, double, Mat>(BatchShapes.Fill(mean: true)),
        pushforwardNode: static () => Forms.OfTangent<Mat, double>(MeanRule!),
        fresh: true);

    /// <summary>Mean of all entries <c>y = (1/mn) Σᵢⱼ Xᵢⱼ</c>; pullback X̄ = (ȳ/mn)·𝟙𝟙ᵀ, pushforward ẏ = mean(Ẋ).</summary>
    public static Diff<Mat, double> Mean { get; } = new(new RuleNode(MeanRule));

    internal static readonly TypedRule<Mat, Vec> RowSumsRule = new(
        "rowsums", DiffKind.Primitive, Domain.All,
        static x => (RowSumsOf(x), null),
        static (x, y, r, yBar) => SpreadColumns(x, yBar),
        static (x, y, r, dx) => RowSumsOf(dx),
        static a => $"rowsums({a})",
        pullbackNode: static () => Forms.Linear<Mat, Vec, Mat>(BatchShapes.SpreadColumns),
        pushforwardNode: static () => Forms.OfTangent<Mat, Vec>(RowSumsRule!),
        fresh: true);

    /// <summary>Row sums <c>yᵢ = Σⱼ Xᵢⱼ</c> (B×n ↦ ℝᴮ, one per sample); pullback X̄ᵢⱼ = ȳᵢ, pushforward ẏ = rowsums(Ẋ).</summary>
    public static Diff<Mat, Vec> RowSums { get; } = new(new RuleNode(RowSumsRule));

    internal static readonly TypedRule<Mat, Vec> ColumnSumsRule = new(
        "columnsums", DiffKind.Primitive, Domain.All,
        static x => (ColumnSumsOf(x), null),
        static (x, y, r, yBar) => SpreadRows(x, yBar),
        static (x, y, r, dx) => ColumnSumsOf(dx),
        static a => $"columnsums({a})",
        pullbackNode: static () => Forms.Linear<Mat, Vec, Mat>(BatchShapes.SpreadRows),
        pushforwardNode: static () => Forms.OfTangent<Mat, Vec>(ColumnSumsRule!),
        fresh: true);

    /// <summary>Column sums <c>yⱼ = Σᵢ Xᵢⱼ</c> (B×n ↦ ℝⁿ, summed over the batch); pullback X̄ᵢⱼ = ȳⱼ, pushforward ẏ = columnsums(Ẋ).</summary>
    public static Diff<Mat, Vec> ColumnSums { get; } = new(new RuleNode(ColumnSumsRule));

    // Named broadcasts ------------------------------------------------------------------------

    internal static readonly TypedRule2<Mat, Vec, Mat> AddToRowsRule = new(
        "add_to_rows",
        static (m, v) => AddToRowsOf(m, v),
        static (m, v, y, yBar) => yBar,
        static (m, v, y, yBar) => ColumnSumsOf(yBar),
        static (m, v, y, dm) => dm,
        static (m, v, y, dv) => SpreadRows(y, dv),
        static (m, v) => $"({m} + 𝟙{v}ᵀ)",
        pullbackNode: static () =>
        {
            var (_, yBar) = Diff.Input<((Mat, Vec), Mat)>();
            return Diff.Fanout(yBar, Fn.ColumnSums(yBar)).Node;
        },
        pushforwardNode: static () =>
        {
            var (_, d) = Diff.Input<((Mat, Vec), (Mat, Vec))>();
            var (dm, dv) = d;
            return Fn.AddToRows(dm, dv).Node;
        },
        intoA: static (m, v, y, yBar, mBar) => AddInto(mBar, yBar, 1),
        intoB: static (m, v, y, yBar, vBar) => ColumnSumsInto(yBar, Flat.Owned(vBar)));

    /// <summary>
    /// The named broadcast <c>Y = M + 𝟙vᵀ</c>: v (length n) added to every row of M (B×n), as a bias is added to
    /// every sample. Pullback (M̄, v̄) = (Ȳ, columnsums(Ȳ)); pushforward Ẏ = Ṁ + 𝟙v̇ᵀ.
    /// </summary>
    /// <remarks>Never implicit: a vector whose length is not M's column count throws <see cref="ShapeException"/>.</remarks>
    public static Diff<(Mat M, Vec V), Mat> AddToRows { get; } = new(new RuleNode(AddToRowsRule));

    internal static readonly TypedRule2<Mat, Vec, Mat> AddToColumnsRule = new(
        "add_to_columns",
        static (m, v) => AddToColumnsOf(m, v),
        static (m, v, y, yBar) => yBar,
        static (m, v, y, yBar) => RowSumsOf(yBar),
        static (m, v, y, dm) => dm,
        static (m, v, y, dv) => SpreadColumns(y, dv),
        static (m, v) => $"({m} + {v}𝟙ᵀ)",
        pullbackNode: static () =>
        {
            var (_, yBar) = Diff.Input<((Mat, Vec), Mat)>();
            return Diff.Fanout(yBar, Fn.RowSums(yBar)).Node;
        },
        pushforwardNode: static () =>
        {
            var (_, d) = Diff.Input<((Mat, Vec), (Mat, Vec))>();
            var (dm, dv) = d;
            return Fn.AddToColumns(dm, dv).Node;
        },
        intoA: static (m, v, y, yBar, mBar) => AddInto(mBar, yBar, 1));

    /// <summary>
    /// The named broadcast <c>Y = M + v𝟙ᵀ</c>: v (length B) added to every column of M (B×n). Pullback
    /// (M̄, v̄) = (Ȳ, rowsums(Ȳ)); pushforward Ẏ = Ṁ + v̇𝟙ᵀ.
    /// </summary>
    /// <remarks>Never implicit: a vector whose length is not M's row count throws <see cref="ShapeException"/>.</remarks>
    public static Diff<(Mat M, Vec V), Mat> AddToColumns { get; } = new(new RuleNode(AddToColumnsRule));

    // Shape -----------------------------------------------------------------------------------

    internal static readonly TypedRule<Mat, Vec> FlattenRule = new(
        "flatten", DiffKind.Primitive, Domain.All,
        static x => (Vec.Create(x.AsSpan()), null),
        static (x, y, r, yBar) => Mat.Create(x.Rows, x.Cols, yBar.AsSpan()),
        static (x, y, r, dx) => Vec.Create(dx.AsSpan()),
        static a => $"flatten({a})",
        pullbackNode: static () => Forms.Linear<Mat, Vec, Mat>(BatchShapes.Unflatten),
        pushforwardNode: static () => Forms.OfTangent<Mat, Vec>(FlattenRule!),
        fresh: true);

    /// <summary>The row-major flattening <c>y = vec(X)</c>, <c>y[i·n + j] = Xᵢⱼ</c>; linear: pullback X̄ = reshape(ȳ), pushforward ẏ = vec(Ẋ).</summary>
    public static Diff<Mat, Vec> Flatten { get; } = new(new RuleNode(FlattenRule));

    /// <summary>The row-major reshaping <c>Y = reshape(x, rows, cols)</c>, <c>Yᵢⱼ = x[i·cols + j]</c>; linear: pullback x̄ = vec(Ȳ), pushforward Ẏ = reshape(ẋ).</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="cols">The number of columns.</param>
    /// <exception cref="ShapeException">At call time, when the vector's length is not rows·cols.</exception>
    public static Diff<Vec, Mat> Reshape(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        return new(new RuleNode(ReshapeRule(rows, cols)));
    }

    internal static TypedRule<Vec, Mat> ReshapeRule(int rows, int cols) => new(
        $"reshape[{rows}×{cols}]", DiffKind.Primitive, Domain.All,
        x => x.Length == (long)rows * cols
            ? (Mat.Create(rows, cols, x.AsSpan()), null)
            : throw new ShapeException("Fn.Reshape", $"Vec[{x.Length}] cannot be reshaped to Mat[{rows}×{cols}] (it needs {(long)rows * cols} elements)"),
        (x, y, r, yBar) => Vec.Create(yBar.AsSpan()),
        (x, y, r, dx) => Mat.Create(rows, cols, dx.AsSpan()),
        a => $"reshape({a}, {rows}×{cols})",
        pullbackNode: () => Forms.OfCotangent<Vec, Mat>(FlattenRule),
        pushforwardNode: () => Forms.OfTangent<Vec, Mat>(ReshapeRule(rows, cols)),
        fresh: true);

    // Transposed products ---------------------------------------------------------------------

    internal static readonly TypedRule2<Mat, Mat, Mat> MatMulTransposeBRule = new(
        "matmulT",
        Mat.MatMulTransposeB,
        static (a, b, c, cBar) => Mat.MatMul(cBar, b),
        static (a, b, c, cBar) => Mat.MatMulTransposeA(cBar, a),
        static (a, b, c, da) => Mat.MatMulTransposeB(da, b),
        static (a, b, c, db) => Mat.MatMulTransposeB(a, db),
        static (a, b) => $"{a} · {b}ᵀ",
        pullbackNode: static () =>
        {
            var (ab, cBar) = Diff.Input<((Mat, Mat), Mat)>();
            var (a, b) = ab;
            return Diff.Fanout(cBar * b, Fn.MatMulTransposeA(cBar, a)).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.MatMulTransposeB(da, b) + Fn.MatMulTransposeB(a, db)).Node;
        },
        fresh: true,
        intoA: static (a, b, c, cBar, aBar) => LinearKernels.MatMul(cBar.AsSpan(), b.AsSpan(), Flat.Owned(aBar), cBar.Rows, cBar.Cols, b.Cols, accumulate: true),
        intoB: static (a, b, c, cBar, bBar) => LinearKernels.MatMulTransposeA(cBar.AsSpan(), a.AsSpan(), Flat.Owned(bBar), cBar.Cols, cBar.Rows, a.Cols, accumulate: true));

    /// <summary>The product <c>C = A Bᵀ</c> without forming Bᵀ (a dense layer on a batch: X Wᵀ).</summary>
    /// <remarks>Pushforward Ċ = Ȧ Bᵀ + A Ḃᵀ; pullback (Ā, B̄) = (C̄ B, C̄ᵀ A).</remarks>
    public static Diff<(Mat A, Mat B), Mat> MatMulTransposeB { get; } = new(new RuleNode(MatMulTransposeBRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> MatMulTransposeARule = new(
        "matTmat",
        Mat.MatMulTransposeA,
        static (a, b, c, cBar) => Mat.MatMulTransposeB(b, cBar),
        static (a, b, c, cBar) => Mat.MatMul(a, cBar),
        static (a, b, c, da) => Mat.MatMulTransposeA(da, b),
        static (a, b, c, db) => Mat.MatMulTransposeA(a, db),
        static (a, b) => $"{a}ᵀ · {b}",
        pullbackNode: static () =>
        {
            var (ab, cBar) = Diff.Input<((Mat, Mat), Mat)>();
            var (a, b) = ab;
            return Diff.Fanout(Fn.MatMulTransposeB(b, cBar), a * cBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.MatMulTransposeA(da, b) + Fn.MatMulTransposeA(a, db)).Node;
        },
        fresh: true,
        intoA: static (a, b, c, cBar, aBar) => LinearKernels.MatMulTransposeB(b.AsSpan(), cBar.AsSpan(), Flat.Owned(aBar), b.Rows, b.Cols, cBar.Rows, accumulate: true),
        intoB: static (a, b, c, cBar, bBar) => LinearKernels.MatMul(a.AsSpan(), cBar.AsSpan(), Flat.Owned(bBar), a.Rows, a.Cols, cBar.Cols, accumulate: true));

    /// <summary>The product <c>C = Aᵀ B</c> without forming Aᵀ.</summary>
    /// <remarks>Pushforward Ċ = Ȧᵀ B + Aᵀ Ḃ; pullback (Ā, B̄) = (B C̄ᵀ, A C̄).</remarks>
    public static Diff<(Mat A, Mat B), Mat> MatMulTransposeA { get; } = new(new RuleNode(MatMulTransposeARule));

    // Kernels ---------------------------------------------------------------------------------

    /// <summary>acc += s·v, into a buffer the sweep owns.</summary>
    internal static void AddInto(Mat accumulator, Mat v, double s)
    {
        RequireSameShape("Mat.Add", accumulator, v);
        var destination = Flat.Owned(accumulator);
        if (s == 1)
        {
            TensorPrimitives.Add(destination, v.AsSpan(), destination);
        }
        else if (s == -1)
        {
            TensorPrimitives.Subtract(destination, v.AsSpan(), destination);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(v.AsSpan(), s, destination, destination);
        }
    }

    /// <summary>The matrix shaped like <paramref name="like"/> with row i = v, zero elsewhere: one buffer, one copy.</summary>
    internal static Mat RowScatter(Mat like, Vec v, int row)
    {
        RequireLength("Mat.Row", v, like.Cols, "columns");
        var values = new double[like.Rows * like.Cols];
        v.AsSpan().CopyTo(values.AsSpan(row * like.Cols, like.Cols));
        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    /// <summary>The matrix shaped like <paramref name="like"/> with column j = v, zero elsewhere: one buffer, a strided write.</summary>
    internal static Mat ColumnScatter(Mat like, Vec v, int column)
    {
        RequireLength("Mat.Column", v, like.Rows, "rows");
        var values = new double[like.Rows * like.Cols];
        ColumnAdd(values, like.Cols, v, column);
        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    /// <summary>Column j of a row-major buffer (cols wide) += v.</summary>
    internal static void ColumnAdd(Span<double> values, int cols, Vec v, int column)
    {
        var s = v.AsSpan();
        for (var i = 0; i < s.Length; i++)
        {
            values[i * cols + column] += s[i];
        }
    }

    private static Mat Filled(Mat like, double value)
    {
        var values = GC.AllocateUninitializedArray<double>(like.Rows * like.Cols);
        values.AsSpan().Fill(value);
        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    internal static Vec RowSumsOf(Mat x)
    {
        var y = GC.AllocateUninitializedArray<double>(x.Rows);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = Deterministic.Sum(x.RowSpan(i));
        }

        return Vec.Wrap(y);
    }

    internal static Vec ColumnSumsOf(Mat x)
    {
        var y = new double[x.Cols];
        ColumnSumsInto(x, y);
        return Vec.Wrap(y);
    }

    /// <summary>destination += Σᵢ Xᵢ,: (row-wise SIMD adds, no strided reads).</summary>
    internal static void ColumnSumsInto(Mat x, Span<double> destination)
    {
        if (destination.Length != x.Cols)
        {
            throw new ShapeException("Mat.ColumnSums", $"accumulator of length {destination.Length} for Mat[{x.Rows}×{x.Cols}]");
        }

        for (var i = 0; i < x.Rows; i++)
        {
            TensorPrimitives.Add(destination, x.RowSpan(i), destination);
        }
    }

    /// <summary>The matrix shaped like <paramref name="like"/> whose every row is v: 𝟙vᵀ.</summary>
    internal static Mat SpreadRows(Mat like, Vec v)
    {
        RequireLength("Mat.AddToRows", v, like.Cols, "columns");
        var values = GC.AllocateUninitializedArray<double>(like.Rows * like.Cols);
        for (var i = 0; i < like.Rows; i++)
        {
            v.AsSpan().CopyTo(values.AsSpan(i * like.Cols, like.Cols));
        }

        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    /// <summary>The matrix shaped like <paramref name="like"/> whose every column is v: v𝟙ᵀ.</summary>
    internal static Mat SpreadColumns(Mat like, Vec v)
    {
        RequireLength("Mat.AddToColumns", v, like.Rows, "rows");
        var values = GC.AllocateUninitializedArray<double>(like.Rows * like.Cols);
        for (var i = 0; i < like.Rows; i++)
        {
            values.AsSpan(i * like.Cols, like.Cols).Fill(v[i]);
        }

        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    private static Mat AddToRowsOf(Mat m, Vec v)
    {
        if (v.Length != m.Cols)
        {
            throw new ShapeException("Fn.AddToRows", $"vector Vec[{v.Length}] cannot be added to the rows of Mat[{m.Rows}×{m.Cols}] (it needs {m.Cols} elements)");
        }

        var values = GC.AllocateUninitializedArray<double>(m.Rows * m.Cols);
        for (var i = 0; i < m.Rows; i++)
        {
            TensorPrimitives.Add(m.RowSpan(i), v.AsSpan(), values.AsSpan(i * m.Cols, m.Cols));
        }

        return Mat.Wrap(m.Rows, m.Cols, values);
    }

    private static Mat AddToColumnsOf(Mat m, Vec v)
    {
        if (v.Length != m.Rows)
        {
            throw new ShapeException("Fn.AddToColumns", $"vector Vec[{v.Length}] cannot be added to the columns of Mat[{m.Rows}×{m.Cols}] (it needs {m.Rows} elements)");
        }

        var values = GC.AllocateUninitializedArray<double>(m.Rows * m.Cols);
        for (var i = 0; i < m.Rows; i++)
        {
            TensorPrimitives.Add(m.RowSpan(i), v[i], values.AsSpan(i * m.Cols, m.Cols));
        }

        return Mat.Wrap(m.Rows, m.Cols, values);
    }

    private static void RequireSameShape(string op, Mat a, Mat b)
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols)
        {
            throw new ShapeException(op, $"shapes Mat[{a.Rows}×{a.Cols}] and Mat[{b.Rows}×{b.Cols}] differ");
        }
    }

    private static void RequireLength(string op, Vec v, int length, string what)
    {
        if (v.Length != length)
        {
            throw new ShapeException(op, $"Vec[{v.Length}] does not match the {length} {what}");
        }
    }
}
