using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The matrix primitives. Products use the blocked SIMD kernels of <see cref="Mat"/>; the
/// pullbacks use the transposed products without forming a transpose.
/// </summary>
/// <remarks>Non-conformable shapes throw <see cref="ShapeException"/> naming the rule's path and both shapes.</remarks>
public static class MatPrimitives
{
    internal static readonly TypedRule2<Mat, Vec, Vec> MatVecRule = new(
        "matvec",
        Mat.MatVec,
        static (a, x, y, yBar) => Mat.Outer(yBar, x),
        static (a, x, y, yBar) => Mat.TransposeMatVec(a, yBar),
        static (a, x, y, da) => Mat.MatVec(da, x),
        static (a, x, y, dx) => Mat.MatVec(a, dx),
        static (a, x) => $"{a} · {x}");

    /// <summary>Matrix–vector product <c>y = A x</c>.</summary>
    /// <remarks>Pushforward ẏ = Ȧ x + A ẋ; pullback (Ā, x̄) = (ȳ xᵀ, Aᵀ ȳ).</remarks>
    public static Diff<(Mat A, Vec X), Vec> MatVec { get; } = new(new RuleNode(MatVecRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> MatMulRule = new(
        "matmul",
        Mat.MatMul,
        static (a, b, c, cBar) => Mat.MatMulTransposeB(cBar, b),
        static (a, b, c, cBar) => Mat.MatMulTransposeA(a, cBar),
        static (a, b, c, da) => Mat.MatMul(da, b),
        static (a, b, c, db) => Mat.MatMul(a, db),
        static (a, b) => $"{a} · {b}");

    /// <summary>Matrix product <c>C = A B</c>.</summary>
    /// <remarks>Pushforward Ċ = Ȧ B + A Ḃ; pullback (Ā, B̄) = (C̄ Bᵀ, Aᵀ C̄).</remarks>
    public static Diff<(Mat A, Mat B), Mat> MatMul { get; } = new(new RuleNode(MatMulRule));

    internal static readonly TypedRule<Mat, Mat> TransposeRule = new(
        "transpose", DiffKind.Primitive, Domain.All,
        static a => (a.Transpose(), null),
        static (a, y, r, yBar) => yBar.Transpose(),
        static (a, y, r, da) => da.Transpose(),
        static a => $"{a}ᵀ");

    /// <summary>Transpose <c>Y = Aᵀ</c>; linear, so pullback Ā = Ȳᵀ and pushforward Ẏ = Ȧᵀ.</summary>
    public static Diff<Mat, Mat> Transpose { get; } = new(new RuleNode(TransposeRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> AddRule = new(
        "matadd",
        static (a, b) => a + b,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, da) => da,
        static (a, b, y, db) => db,
        static (a, b) => $"({a} + {b})");

    /// <summary>Sum <c>C = A + B</c>; pullback (C̄, C̄).</summary>
    public static Diff<(Mat A, Mat B), Mat> Add { get; } = new(new RuleNode(AddRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> SubRule = new(
        "matsub",
        static (a, b) => a - b,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, yBar) => -yBar,
        static (a, b, y, da) => da,
        static (a, b, y, db) => -db,
        static (a, b) => $"({a} - {b})");

    /// <summary>Difference <c>C = A − B</c>; pullback (C̄, −C̄).</summary>
    public static Diff<(Mat A, Mat B), Mat> Sub { get; } = new(new RuleNode(SubRule));

    internal static readonly TypedRule2<double, Mat, Mat> ScaleRule = new(
        "matscale",
        static (s, a) => s * a,
        static (s, a, y, yBar) => Mat.Inner(yBar, a),
        static (s, a, y, yBar) => s * yBar,
        static (s, a, y, ds) => ds * a,
        static (s, a, y, da) => s * da,
        static (s, a) => $"{s} * {a}");

    /// <summary>Scaling <c>Y = s·A</c>; pullback (⟨Ȳ, A⟩_F, s·Ȳ).</summary>
    public static Diff<(double S, Mat A), Mat> Scale { get; } = new(new RuleNode(ScaleRule));

    internal static readonly TypedRule2<Vec, Vec, Mat> OuterRule = new(
        "outer",
        Mat.Outer,
        static (a, b, y, yBar) => Mat.MatVec(yBar, b),
        static (a, b, y, yBar) => Mat.TransposeMatVec(yBar, a),
        static (a, b, y, da) => Mat.Outer(da, b),
        static (a, b, y, db) => Mat.Outer(a, db),
        static (a, b) => $"{a} ⊗ {b}");

    /// <summary>Outer product <c>Y = a bᵀ</c>; pullback (Ȳ b, Ȳᵀ a).</summary>
    public static Diff<(Vec A, Vec B), Mat> Outer { get; } = new(new RuleNode(OuterRule));

    /// <summary>Row <c>y = A[i, :]</c>; the pullback scatters ȳ into row i of a zero matrix.</summary>
    /// <param name="row">The row index.</param>
    public static Diff<Mat, Vec> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        return new(new RuleNode(new TypedRule<Mat, Vec>(
            $"row[{row}]", DiffKind.Primitive, Domain.All,
            a => row < a.Rows ? (a.Row(row), null) : throw new ArgumentOutOfRangeException(nameof(row), row, $"Mat.Row: row {row} is outside Mat[{a.Rows}×{a.Cols}]"),
            (a, y, r, yBar) => Mat.Generate(a.Rows, a.Cols, (i, j) => i == row ? yBar[j] : 0),
            (a, y, r, da) => da.Row(row),
            s => $"{s}[{row}, :]")));
    }

    /// <summary>Column <c>y = A[:, j]</c>; the pullback scatters ȳ into column j of a zero matrix.</summary>
    /// <param name="column">The column index.</param>
    public static Diff<Mat, Vec> Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        return new(new RuleNode(new TypedRule<Mat, Vec>(
            $"column[{column}]", DiffKind.Primitive, Domain.All,
            a => column < a.Cols ? (a.Column(column), null) : throw new ArgumentOutOfRangeException(nameof(column), column, $"Mat.Column: column {column} is outside Mat[{a.Rows}×{a.Cols}]"),
            (a, y, r, yBar) => Mat.Generate(a.Rows, a.Cols, (i, j) => j == column ? yBar[i] : 0),
            (a, y, r, da) => da.Column(column),
            s => $"{s}[:, {column}]")));
    }
}
