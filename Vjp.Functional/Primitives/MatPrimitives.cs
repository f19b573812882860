using System.Numerics.Tensors;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The matrix primitives. Products use the blocked SIMD kernels of <see cref="Mat"/>; the
/// pullbacks use the transposed products without forming a transpose.
/// </summary>
/// <remarks>Non-conformable shapes throw <see cref="ShapeException"/> naming the rule's path and both shapes.</remarks>
public static partial class MatPrimitives
{
    internal static readonly TypedRule2<Mat, Vec, Vec> MatVecRule = new(
        "matvec",
        Mat.MatVec,
        static (a, x, y, yBar) => Mat.Outer(yBar, x),
        static (a, x, y, yBar) => Mat.TransposeMatVec(a, yBar),
        static (a, x, y, da) => Mat.MatVec(da, x),
        static (a, x, y, dx) => Mat.MatVec(a, dx),
        static (a, x) => $"{a} · {x}",
        pullbackNode: static () =>
        {
            var (ax, yBar) = Diff.Input<((Mat, Vec), Vec)>();
            var (a, x) = ax;
            return Diff.Fanout(Fn.Outer(yBar, x), DiffOperators.Binary<((Mat, Vec), Vec), Vec>(TransposeMatVecRule!, a.Node, yBar.Node)).Node;
        },
        pushforwardNode: static () =>
        {
            var (ax, d) = Diff.Input<((Mat, Vec), (Mat, Vec))>();
            var (a, x) = ax;
            var (da, dx) = d;
            return (da * x + a * dx).Node;
        },
        fresh: true,
        intoA: static (a, x, y, yBar, aBar) => LinearKernels.Outer(yBar.AsSpan(), x.AsSpan(), Flat.Owned(aBar), accumulate: true),
        intoB: static (a, x, y, yBar, xBar) => LinearKernels.TransposeMatVec(a.AsSpan(), a.Rows, a.Cols, yBar.AsSpan(), Flat.Owned(xBar), accumulate: true));

    internal static readonly TypedRule2<Mat, Vec, Vec> TransposeMatVecRule = new(
        "matTvec",
        Mat.TransposeMatVec,
        static (a, y, z, zBar) => Mat.Outer(y, zBar),
        static (a, y, z, zBar) => Mat.MatVec(a, zBar),
        static (a, y, z, da) => Mat.TransposeMatVec(da, y),
        static (a, y, z, dy) => Mat.TransposeMatVec(a, dy),
        static (a, y) => $"{a}ᵀ · {y}",
        pullbackNode: static () =>
        {
            var (ay, zBar) = Diff.Input<((Mat, Vec), Vec)>();
            var (a, y) = ay;
            return Diff.Fanout(Fn.Outer(y, zBar), a * zBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (ay, d) = Diff.Input<((Mat, Vec), (Mat, Vec))>();
            var (a, y) = ay;
            var (da, dy) = d;
            return (DiffOperators.Binary<((Mat, Vec), (Mat, Vec)), Vec>(TransposeMatVecRule!, da.Node, y.Node)
                + DiffOperators.Binary<((Mat, Vec), (Mat, Vec)), Vec>(TransposeMatVecRule!, a.Node, dy.Node)).Node;
        },
        fresh: true,
        intoA: static (a, y, z, zBar, aBar) => LinearKernels.Outer(y.AsSpan(), zBar.AsSpan(), Flat.Owned(aBar), accumulate: true),
        intoB: static (a, y, z, zBar, yBar) => LinearKernels.MatVec(a.AsSpan(), a.Rows, a.Cols, zBar.AsSpan(), Flat.Owned(yBar), accumulate: true));

    /// <summary>Transposed matrix–vector product <c>z = Aᵀ y</c>, without forming Aᵀ.</summary>
    /// <remarks>Pushforward ż = Ȧᵀ y + Aᵀ ẏ; pullback (Ā, ȳ) = (y z̄ᵀ, A z̄).</remarks>
    public static Diff<(Mat A, Vec Y), Vec> TransposeMatVec { get; } = new(new RuleNode(TransposeMatVecRule));

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
        static (a, b) => $"{a} · {b}",
        pullbackNode: static () =>
        {
            var (ab, cBar) = Diff.Input<((Mat, Mat), Mat)>();
            var (a, b) = ab;
            return Diff.Fanout(cBar * Fn.Transpose(b), Fn.Transpose(a) * cBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (da * b + a * db).Node;
        },
        fresh: true,
        intoA: static (a, b, c, cBar, aBar) => LinearKernels.MatMulTransposeB(cBar.AsSpan(), b.AsSpan(), Flat.Owned(aBar), cBar.Rows, cBar.Cols, b.Rows, accumulate: true),
        intoB: static (a, b, c, cBar, bBar) => LinearKernels.MatMulTransposeA(a.AsSpan(), cBar.AsSpan(), Flat.Owned(bBar), a.Cols, a.Rows, cBar.Cols, accumulate: true));

    /// <summary>Matrix product <c>C = A B</c>.</summary>
    /// <remarks>Pushforward Ċ = Ȧ B + A Ḃ; pullback (Ā, B̄) = (C̄ Bᵀ, Aᵀ C̄).</remarks>
    public static Diff<(Mat A, Mat B), Mat> MatMul { get; } = new(new RuleNode(MatMulRule));

    internal static readonly TypedRule<Mat, Mat> TransposeRule = new(
        "transpose", DiffKind.Primitive, Domain.All,
        static a => (a.Transpose(), null),
        static (a, y, r, yBar) => yBar.Transpose(),
        static (a, y, r, da) => da.Transpose(),
        static a => $"{a}ᵀ",
        pullbackNode: static () => Forms.OfCotangent<Mat, Mat>(TransposeRule!),
        pushforwardNode: static () => Forms.OfTangent<Mat, Mat>(TransposeRule!));

    /// <summary>Transpose <c>Y = Aᵀ</c>; linear, so pullback Ā = Ȳᵀ and pushforward Ẏ = Ȧᵀ.</summary>
    public static Diff<Mat, Mat> Transpose { get; } = new(new RuleNode(TransposeRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> AddRule = new(
        "matadd",
        static (a, b) => a + b,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, da) => da,
        static (a, b, y, db) => db,
        static (a, b) => $"({a} + {b})",
        pullbackNode: static () =>
        {
            var (_, cBar) = Diff.Input<((Mat, Mat), Mat)>();
            return Diff.Fanout(cBar, cBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (_, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (da, db) = d;
            return (da + db).Node;
        },
        intoA: static (a, b, y, yBar, aBar) => AddInto(aBar, yBar, 1),
        intoB: static (a, b, y, yBar, bBar) => AddInto(bBar, yBar, 1));

    /// <summary>Sum <c>C = A + B</c>; pullback (C̄, C̄).</summary>
    public static Diff<(Mat A, Mat B), Mat> Add { get; } = new(new RuleNode(AddRule));

    internal static readonly TypedRule2<Mat, Mat, Mat> SubRule = new(
        "matsub",
        static (a, b) => a - b,
        static (a, b, y, yBar) => yBar,
        static (a, b, y, yBar) => -yBar,
        static (a, b, y, da) => da,
        static (a, b, y, db) => -db,
        static (a, b) => $"({a} - {b})",
        pullbackNode: static () =>
        {
            var (_, cBar) = Diff.Input<((Mat, Mat), Mat)>();
            return Diff.Fanout(cBar, -1 * cBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (_, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (da, db) = d;
            return (da - db).Node;
        },
        intoA: static (a, b, y, yBar, aBar) => AddInto(aBar, yBar, 1),
        intoB: static (a, b, y, yBar, bBar) => AddInto(bBar, yBar, -1));

    /// <summary>Difference <c>C = A − B</c>; pullback (C̄, −C̄).</summary>
    public static Diff<(Mat A, Mat B), Mat> Sub { get; } = new(new RuleNode(SubRule));

    internal static readonly TypedRule2<double, Mat, Mat> ScaleRule = new(
        "matscale",
        static (s, a) => s * a,
        static (s, a, y, yBar) => Mat.Inner(yBar, a),
        static (s, a, y, yBar) => s * yBar,
        static (s, a, y, ds) => ds * a,
        static (s, a, y, da) => s * da,
        static (s, a) => $"{s} * {a}",
        pullbackNode: static () =>
        {
            var (sa, yBar) = Diff.Input<((double, Mat), Mat)>();
            var (s, a) = sa;
            return Diff.Fanout(Fn.Frobenius(yBar, a), s * yBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (sa, d) = Diff.Input<((double, Mat), (double, Mat))>();
            var (s, a) = sa;
            var (ds, da) = d;
            return (ds * a + s * da).Node;
        },
        fresh: true,
        intoB: static (s, a, y, yBar, aBar) => AddInto(aBar, yBar, s));

    /// <summary>Scaling <c>Y = s·A</c>; pullback (⟨Ȳ, A⟩_F, s·Ȳ).</summary>
    public static Diff<(double S, Mat A), Mat> Scale { get; } = new(new RuleNode(ScaleRule));

    internal static readonly TypedRule2<Vec, Vec, Mat> OuterRule = new(
        "outer",
        Mat.Outer,
        static (a, b, y, yBar) => Mat.MatVec(yBar, b),
        static (a, b, y, yBar) => Mat.TransposeMatVec(yBar, a),
        static (a, b, y, da) => Mat.Outer(da, b),
        static (a, b, y, db) => Mat.Outer(a, db),
        static (a, b) => $"{a} ⊗ {b}",
        pullbackNode: static () =>
        {
            var (ab, yBar) = Diff.Input<((Vec, Vec), Mat)>();
            var (a, b) = ab;
            return Diff.Fanout(yBar * b, Fn.Transpose(yBar) * a).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Vec, Vec), (Vec, Vec))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.Outer(da, b) + Fn.Outer(a, db)).Node;
        });

    internal static readonly TypedRule2<Mat, Mat, double> FrobeniusRule = new(
        "frobenius",
        Mat.Inner,
        static (a, b, y, yBar) => yBar * b,
        static (a, b, y, yBar) => yBar * a,
        static (a, b, y, da) => Mat.Inner(da, b),
        static (a, b, y, db) => Mat.Inner(a, db),
        static (a, b) => $"⟨{a}, {b}⟩_F",
        pullbackNode: static () =>
        {
            var (ab, yBar) = Diff.Input<((Mat, Mat), double)>();
            var (a, b) = ab;
            return Diff.Fanout(yBar * b, yBar * a).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Mat, Mat), (Mat, Mat))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.Frobenius(da, b) + Fn.Frobenius(a, db)).Node;
        });

    /// <summary>Frobenius inner product <c>y = ⟨A, B⟩_F = Σᵢⱼ AᵢⱼBᵢⱼ</c>; pullback (ȳ·B, ȳ·A).</summary>
    public static Diff<(Mat A, Mat B), double> Frobenius { get; } = new(new RuleNode(FrobeniusRule));

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
            (a, y, r, yBar) => RowScatter(a, yBar, row),
            (a, y, r, da) => da.Row(row),
            s => $"{s}[{row}, :]",
            pullbackNode: () => Forms.Linear<Mat, Vec, Mat>(ShapedRules.RowScatter(row)),
            pushforwardNode: () => NodeOps.Then(new ProjectNode(VectorSpace<(Mat, Mat)>.Instance, 1), Row(row).Node),
            into: (a, y, yBar, aBar) => TensorPrimitives.Add(aBar.RowSpan(row), yBar.AsSpan(), Flat.Owned(aBar.RowSpan(row))),
            fresh: true)));
    }

    /// <summary>Column <c>y = A[:, j]</c>; the pullback scatters ȳ into column j of a zero matrix.</summary>
    /// <param name="column">The column index.</param>
    public static Diff<Mat, Vec> Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        return new(new RuleNode(new TypedRule<Mat, Vec>(
            $"column[{column}]", DiffKind.Primitive, Domain.All,
            a => column < a.Cols ? (a.Column(column), null) : throw new ArgumentOutOfRangeException(nameof(column), column, $"Mat.Column: column {column} is outside Mat[{a.Rows}×{a.Cols}]"),
            (a, y, r, yBar) => ColumnScatter(a, yBar, column),
            (a, y, r, da) => da.Column(column),
            s => $"{s}[:, {column}]",
            pullbackNode: () => Forms.Linear<Mat, Vec, Mat>(ShapedRules.ColumnScatter(column)),
            pushforwardNode: () => NodeOps.Then(new ProjectNode(VectorSpace<(Mat, Mat)>.Instance, 1), Column(column).Node),
            into: (a, y, yBar, aBar) => ColumnAdd(Flat.Owned(aBar), aBar.Cols, yBar, column),
            fresh: true)));
    }
}
