using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Tests.Support;
using M = Vjp.Functional.MatPrimitives;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>
/// The table of every primitive with its valid input range and its plain function, and the check
/// every row must pass: (a) forward equals the plain function; (b) pushforward equals central finite
/// differences; (c) pullback agrees with pushforward by the adjoint identity ⟨ȳ, J ẋ⟩ = ⟨Jᵀȳ, ẋ⟩.
/// Every primitive also contributes its differentiable forms (the pullback <c>(x, ȳ) ↦ x̄</c> and the
/// pushforward <c>(x, ẋ) ↦ ẏ</c> as <see cref="Diff{TIn, TOut}"/> values) as rows whose plain function
/// is the primitive's numeric <c>Vjp</c> or <c>Jvp</c>; checking (b) and (c) on them checks second
/// derivatives too. Random points, tangents and cotangents come from CsCheck; a failure prints the
/// shrunk point and the seed that reproduces it.
/// </summary>
internal static class PrimitiveTable
{
    /// <summary>Inputs are kept within |x| ≤ Bound (moderate ranges: values and derivatives stay representable).</summary>
    public const double Bound = 5;

    /// <summary>Distance kept from the ends of a domain and from its kinks.</summary>
    public const double Margin = 0.1;

    /// <summary>Upper bound on the flat dimension of any input or output in the table.</summary>
    public const int MaxDimension = 64;

    public const long Iterations = 40;

    // Shapes ---------------------------------------------------------------------------------------

    private static readonly Gen<object> Scalar = Gen.Const<object>(0.0);
    private static readonly Gen<object> ScalarPair = Gen.Const<object>((0.0, 0.0));
    private static readonly Gen<object> ScalarTriple = Gen.Const<object>((0.0, 0.0, 0.0));
    private static readonly Gen<object> VecPair = Gen.Int[1, 6].Select(n => (object)(Vec.Zeros(n), Vec.Zeros(n)));
    private static readonly Gen<object> TwoVecs = Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5]).Select(t => (object)(Vec.Zeros(t.Item1), Vec.Zeros(t.Item2)));
    private static readonly Gen<object> ScalarAndVec = Gen.Int[1, 6].Select(n => (object)(0.0, Vec.Zeros(n)));
    private static readonly Gen<object> Mats = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)Mat.Zeros(t.Item1, t.Item2));
    private static readonly Gen<object> MatPair = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Mat.Zeros(t.Item1, t.Item2)));
    private static readonly Gen<object> MatAndVec = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Vec.Zeros(t.Item2)));
    private static readonly Gen<object> MatAndRowVec = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Vec.Zeros(t.Item1)));
    private static readonly Gen<object> ConformableMats = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Mat.Zeros(t.Item2, t.Item3)));
    private static readonly Gen<object> ScalarAndMat = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(0.0, Mat.Zeros(t.Item1, t.Item2)));

    private static readonly Gen<object> TransposeBMats = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Mat.Zeros(t.Item3, t.Item2)));
    private static readonly Gen<object> TransposeAMats = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 4]).Select(t => (object)(Mat.Zeros(t.Item1, t.Item2), Mat.Zeros(t.Item1, t.Item3)));

    private static Gen<object> Vecs(int minLength = 1) => Gen.Int[minLength, minLength + 5].Select(n => (object)Vec.Zeros(n));

    private static Gen<object> MatsAtLeast(int rows, int cols) =>
        Gen.Select(Gen.Int[rows, rows + 3], Gen.Int[cols, cols + 3]).Select(t => (object)Mat.Zeros(t.Item1, t.Item2));

    // The table ------------------------------------------------------------------------------------

    private static IEnumerable<PrimitiveCase> Build()
    {
        IEnumerable<PrimitiveCase>[] groups =
        [
            // ℝ → ℝ
            Unary("neg", S.Neg, x => -x),
            Unary("sin", S.Sin, Math.Sin),
            Unary("cos", S.Cos, Math.Cos),
            Unary("tan", S.Tan, Math.Tan),
            Unary("exp", S.Exp, Math.Exp),
            Unary("log", S.Log, Math.Log),
            Unary("log1p", S.Log1p, x => Math.Log(1 + x)),
            Unary("expm1", S.Expm1, x => Math.Exp(x) - 1),
            Unary("sqrt", S.Sqrt, Math.Sqrt),
            Unary("tanh", S.Tanh, Math.Tanh),
            Unary("sigmoid", S.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
            Unary("softplus", S.Softplus, x => Math.Log(1 + Math.Exp(x))),
            Unary("abs", S.Abs, Math.Abs),
            Unary("relu", S.Relu, x => Math.Max(x, 0)),
            Unary("erf", S.Erf, ErfByQuadrature, forwardTolerance: 1e-11),
            Unary("normcdf", S.NormalCdf, NormalCdfByQuadrature, forwardTolerance: 1e-11),
            Unary("normpdf", S.NormalPdf, x => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)),
            Unary("square", S.Square, x => x * x),
            Unary("reciprocal", S.Reciprocal, x => 1 / x),
            Unary("pow[2]", S.PowConst(2), x => x * x),
            Unary("pow[3]", S.PowConst(3), x => x * x * x),
            Unary("pow[1]", S.PowConst(1), x => x),
            Unary("pow[0.5]", S.PowConst(0.5), Math.Sqrt),
            Unary("pow[-1.5]", S.PowConst(-1.5), x => 1 / (x * Math.Sqrt(x))),
            Unary("cube (ScalarPrimitives.Create)", S.Create("cube", Domain.All, x => x * x * x, static (x, y) => 3 * x * x), x => x * x * x),
            Unary("sign (derivative form)", S.Wrap(S.SignRule), x => Math.Sign(x)),
            Unary("step (derivative form)", S.Wrap(S.StepRule), x => x > 0 ? 1 : 0),
            Unary("atan", S.Atan, Math.Atan),
            Unary("asin", S.Asin, Math.Asin),
            Unary("acos", S.Acos, Math.Acos),
            Unary("sinh", S.Sinh, Math.Sinh),
            Unary("cosh", S.Cosh, Math.Cosh),
            Unary("clamp[-1, 2]", S.Clamp(-1, 2), x => Math.Min(Math.Max(x, -1), 2)),
            Unary("clamp[0, ∞]", S.Clamp(0, double.PositiveInfinity), x => Math.Max(x, 0)),

            // ℝ² → ℝ
            Binary("add", S.Add, (a, b) => a + b),
            Binary("sub", S.Sub, (a, b) => a - b),
            Binary("mul", S.Mul, (a, b) => a * b),
            Binary("div", S.Div, (a, b) => a / b),
            Binary("pow", S.Pow, Math.Pow),
            Binary("atan2", S.Atan2, Math.Atan2),
            Binary("hypot", S.Hypot, (a, b) => Math.Sqrt(a * a + b * b)),
            Rows("max", S.Max, ScalarPair, ((double A, double B) p) => p.A > p.B ? p.A : p.B, valid: ((double A, double B) p) => Apart(p.A, p.B)),
            Rows("min", S.Min, ScalarPair, ((double A, double B) p) => p.A < p.B ? p.A : p.B, valid: ((double A, double B) p) => Apart(p.A, p.B)),

            // ℝⁿ → ℝⁿ elementwise
            Elementwise("vec neg", V.Neg, x => -x),
            Elementwise("vec sin", V.Sin, Math.Sin),
            Elementwise("vec cos", V.Cos, Math.Cos),
            Elementwise("vec tan", V.Tan, Math.Tan),
            Elementwise("vec exp", V.Exp, Math.Exp),
            Elementwise("vec log", V.Log, Math.Log),
            Elementwise("vec log1p", V.Log1p, x => Math.Log(1 + x)),
            Elementwise("vec expm1", V.Expm1, x => Math.Exp(x) - 1),
            Elementwise("vec sqrt", V.Sqrt, Math.Sqrt),
            Elementwise("vec tanh", V.Tanh, Math.Tanh),
            Elementwise("vec sigmoid", V.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
            Elementwise("vec softplus", V.Softplus, x => Math.Log(1 + Math.Exp(x))),
            Elementwise("vec abs", V.Abs, Math.Abs),
            Elementwise("vec relu", V.Relu, x => Math.Max(x, 0)),
            Elementwise("vec erf", V.Erf, ErfByQuadrature, forwardTolerance: 1e-11),
            Elementwise("vec normcdf", V.NormalCdf, NormalCdfByQuadrature, forwardTolerance: 1e-11),
            Elementwise("vec square", V.Square, x => x * x),
            Elementwise("vec lift(reciprocal)", V.Lift(S.Reciprocal), x => 1 / x),
            Elementwise("vec lift(sin then exp)", V.Lift(S.Sin.Then(S.Exp)), x => Math.Exp(Math.Sin(x))),
            Elementwise("vec atan", V.Atan, Math.Atan),
            Elementwise("vec asin", V.Asin, Math.Asin),
            Elementwise("vec acos", V.Acos, Math.Acos),
            Elementwise("vec sinh", V.Sinh, Math.Sinh),
            Elementwise("vec cosh", V.Cosh, Math.Cosh),
            Elementwise("vec clamp[-1, 2]", V.Clamp(-1, 2), x => Math.Min(Math.Max(x, -1), 2)),

            // Vector arithmetic, reductions, structure
            Of("vec add", V.Add, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a + b)),
            Of("vec sub", V.Sub, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a - b)),
            Of("vec hadamard", V.Hadamard, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a * b)),
            Of("vec div", V.Div, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a / b)),
            Of("vec atan2", V.Atan2, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, Math.Atan2)),
            Of("vec hypot", V.Hypot, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => Math.Sqrt(a * a + b * b))),
            Rows("vec max", V.Max, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a > b ? a : b), valid: ((Vec A, Vec B) p) => Apart(p.A, p.B)),
            Rows("vec min", V.Min, VecPair, ((Vec A, Vec B) p) => Zip(p.A, p.B, (a, b) => a < b ? a : b), valid: ((Vec A, Vec B) p) => Apart(p.A, p.B)),
            Of("vec scale", V.Scale, ScalarAndVec, ((double S, Vec V) p) => Map(p.V, v => p.S * v)),
            Of("vec dot", V.Dot, VecPair, ((Vec A, Vec B) p) => Enumerable.Range(0, p.A.Length).Sum(i => p.A[i] * p.B[i])),
            Of("vec sum", V.Sum, Vecs(), (Vec x) => x.ToArray().Sum()),
            Of("vec mean", V.Mean, Vecs(), (Vec x) => x.ToArray().Sum() / x.Length),
            Of("vec norm", V.Norm, Vecs(), (Vec x) => Math.Sqrt(x.ToArray().Sum(v => v * v))),
            Of("vec index[2]", V.Index(2), Vecs(minLength: 3), (Vec x) => x.ToArray()[2]),
            Of("vec slice[1..4]", V.Slice(1, 3), Vecs(minLength: 4), (Vec x) => Vec.FromArray(x.ToArray()[1..4])),
            Of("diff vector", VectorOfScalars(), ScalarTriple, ((double A, double B, double C) t) => Vec.Of(t.A, t.C, t.B, t.A)),
            Of("diff concat", ConcatOfVecs(), TwoVecs, ((Vec U, Vec V) p) => Vec.FromArray([.. p.U, .. p.V, .. p.U])),

            // Matrices
            Of("matvec", M.MatVec, MatAndVec, ((Mat A, Vec X) p) => PlainMatVec(p.A, p.X)),
            Of("matTvec", M.TransposeMatVec, MatAndRowVec, ((Mat A, Vec Y) p) => PlainMatVec(Mat.Generate(p.A.Cols, p.A.Rows, (i, j) => p.A[j, i]), p.Y)),
            Of("matmul", M.MatMul, ConformableMats, ((Mat A, Mat B) p) => PlainMatMul(p.A, p.B)),
            Of("transpose", M.Transpose, Mats, (Mat a) => Mat.Generate(a.Cols, a.Rows, (i, j) => a[j, i])),
            Of("matadd", M.Add, MatPair, ((Mat A, Mat B) p) => Mat.Generate(p.A.Rows, p.A.Cols, (i, j) => p.A[i, j] + p.B[i, j])),
            Of("matsub", M.Sub, MatPair, ((Mat A, Mat B) p) => Mat.Generate(p.A.Rows, p.A.Cols, (i, j) => p.A[i, j] - p.B[i, j])),
            Of("matscale", M.Scale, ScalarAndMat, ((double S, Mat A) p) => Mat.Generate(p.A.Rows, p.A.Cols, (i, j) => p.S * p.A[i, j])),
            Of("outer", M.Outer, TwoVecs, ((Vec A, Vec B) p) => Mat.Generate(p.A.Length, p.B.Length, (i, j) => p.A[i] * p.B[j])),
            Of("row[1]", M.Row(1), MatsAtLeast(2, 1), (Mat a) => Vec.Generate(a.Cols, j => a[1, j])),
            Of("column[2]", M.Column(2), MatsAtLeast(1, 3), (Mat a) => Vec.Generate(a.Rows, i => a[i, 2])),
            // Batches: matrix liftings of the elementwise primitives (derived from the vector ones), arithmetic,
            // reductions, named broadcasts, reshapes and the transposed products
            MatElementwise("mat neg", V.Neg, x => -x),
            MatElementwise("mat sin", V.Sin, Math.Sin),
            MatElementwise("mat cos", V.Cos, Math.Cos),
            MatElementwise("mat tan", V.Tan, Math.Tan),
            MatElementwise("mat exp", V.Exp, Math.Exp),
            MatElementwise("mat log", V.Log, Math.Log),
            MatElementwise("mat log1p", V.Log1p, x => Math.Log(1 + x)),
            MatElementwise("mat expm1", V.Expm1, x => Math.Exp(x) - 1),
            MatElementwise("mat sqrt", V.Sqrt, Math.Sqrt),
            MatElementwise("mat tanh", V.Tanh, Math.Tanh),
            MatElementwise("mat sigmoid", V.Sigmoid, x => 1 / (1 + Math.Exp(-x))),
            MatElementwise("mat softplus", V.Softplus, x => Math.Log(1 + Math.Exp(x))),
            MatElementwise("mat abs", V.Abs, Math.Abs),
            MatElementwise("mat relu", V.Relu, x => Math.Max(x, 0)),
            MatElementwise("mat erf", V.Erf, ErfByQuadrature, forwardTolerance: 1e-11),
            MatElementwise("mat normcdf", V.NormalCdf, NormalCdfByQuadrature, forwardTolerance: 1e-11),
            MatElementwise("mat square", V.Square, x => x * x),
            MatElementwise("mat atan", V.Atan, Math.Atan),
            MatElementwise("mat asin", V.Asin, Math.Asin),
            MatElementwise("mat acos", V.Acos, Math.Acos),
            MatElementwise("mat sinh", V.Sinh, Math.Sinh),
            MatElementwise("mat cosh", V.Cosh, Math.Cosh),
            MatElementwise("mat clamp[-1, 2]", V.Clamp(-1, 2), x => Math.Min(Math.Max(x, -1), 2)),
            Of("mat atan2", M.Atan2, MatPair, ((Mat A, Mat B) p) => ZipMat(p.A, p.B, Math.Atan2)),
            Of("mat hypot", M.Hypot, MatPair, ((Mat A, Mat B) p) => ZipMat(p.A, p.B, (a, b) => Math.Sqrt(a * a + b * b))),
            Rows("mat max", M.Max, MatPair, ((Mat A, Mat B) p) => ZipMat(p.A, p.B, (a, b) => a > b ? a : b), valid: ((Mat A, Mat B) p) => Apart(p.A, p.B)),
            Rows("mat min", M.Min, MatPair, ((Mat A, Mat B) p) => ZipMat(p.A, p.B, (a, b) => a < b ? a : b), valid: ((Mat A, Mat B) p) => Apart(p.A, p.B)),
            Rows("mat lift(reciprocal)", M.Lift(S.Reciprocal), Mats, (Mat x) => MapMat(x, v => 1 / v)),
            Of("mat hadamard", M.Hadamard, MatPair, ((Mat A, Mat B) p) => Mat.Generate(p.A.Rows, p.A.Cols, (i, j) => p.A[i, j] * p.B[i, j])),
            Of("mat div", M.Div, MatPair, ((Mat A, Mat B) p) => Mat.Generate(p.A.Rows, p.A.Cols, (i, j) => p.A[i, j] / p.B[i, j])),
            Of("mat sum", M.Sum, Mats, (Mat a) => a.AsSpan().ToArray().Sum()),
            Of("mat mean", M.Mean, Mats, (Mat a) => a.AsSpan().ToArray().Sum() / (a.Rows * a.Cols)),
            Of("rowsums", M.RowSums, Mats, (Mat a) => Vec.Generate(a.Rows, i => Enumerable.Range(0, a.Cols).Sum(j => a[i, j]))),
            Of("columnsums", M.ColumnSums, Mats, (Mat a) => Vec.Generate(a.Cols, j => Enumerable.Range(0, a.Rows).Sum(i => a[i, j]))),
            Of("add_to_rows", M.AddToRows, MatAndVec, ((Mat M, Vec V) p) => Mat.Generate(p.M.Rows, p.M.Cols, (i, j) => p.M[i, j] + p.V[j])),
            Of("add_to_columns", M.AddToColumns, MatAndRowVec, ((Mat M, Vec V) p) => Mat.Generate(p.M.Rows, p.M.Cols, (i, j) => p.M[i, j] + p.V[i])),
            Of("flatten", M.Flatten, Mats, (Mat a) => Vec.Generate(a.Rows * a.Cols, k => a[k / a.Cols, k % a.Cols])),
            Of("reshape[2×3]", M.Reshape(2, 3), Gen.Const<object>(Vec.Zeros(6)), (Vec x) => Mat.Generate(2, 3, (i, j) => x[i * 3 + j])),
            Of("matmulT", M.MatMulTransposeB, TransposeBMats, ((Mat A, Mat B) p) => PlainMatMul(p.A, p.B.Transpose())),
            Of("matTmat", M.MatMulTransposeA, TransposeAMats, ((Mat A, Mat B) p) => PlainMatMul(p.A.Transpose(), p.B)),
            Of("frobenius", M.Frobenius, MatPair, ((Mat A, Mat B) p) => Enumerable.Range(0, p.A.Rows).Sum(i => Enumerable.Range(0, p.A.Cols).Sum(j => p.A[i, j] * p.B[i, j]))),
        ];
        return groups.SelectMany(g => g);
    }

    /// <summary>(a, b, c) ↦ [a, c, b, a]: stacking scalars, with a used twice so cotangents add.</summary>
    private static Diff<(double, double, double), Vec> VectorOfScalars()
    {
        var (a, b, c) = Diff.Input<(double, double, double)>();
        return Diff.Vector(a, c, b, a);
    }

    /// <summary>(u, v) ↦ [u; v; u].</summary>
    private static Diff<(Vec, Vec), Vec> ConcatOfVecs()
    {
        var (u, v) = Diff.Input<(Vec, Vec)>();
        return Diff.Concat(u, v, u);
    }

    // Row builders ---------------------------------------------------------------------------------

    private static IEnumerable<PrimitiveCase> Unary(string name, Diff<double, double> d, Func<double, double> plain, double forwardTolerance = 1e-12) =>
        Rows(name, d, Scalar, plain, forwardTolerance);

    private static IEnumerable<PrimitiveCase> Binary(string name, Diff<(double A, double B), double> d, Func<double, double, double> plain) =>
        Rows(name, d, ScalarPair, p => plain(p.A, p.B));

    private static IEnumerable<PrimitiveCase> Elementwise(string name, Diff<Vec, Vec> d, Func<double, double> plain, double forwardTolerance = 1e-12) =>
        Rows(name, d, Vecs(), x => Map(x, plain), forwardTolerance);

    private static IEnumerable<PrimitiveCase> MatElementwise(string name, Diff<Vec, Vec> vectorLifting, Func<double, double> plain, double forwardTolerance = 1e-12) =>
        Rows(name, M.Elementwise(vectorLifting), Mats, x => MapMat(x, plain), forwardTolerance);

    private static IEnumerable<PrimitiveCase> Of<TIn, TOut>(string name, Diff<TIn, TOut> d, Gen<object> like, Func<TIn, TOut> plain)
        where TIn : notnull where TOut : notnull => Rows(name, d, like, plain);

    /// <summary>
    /// The primitive's row, then a row for each of its differentiable forms: the pullback
    /// <c>(x, ȳ) ↦ x̄</c> and the pushforward <c>(x, ẋ) ↦ ẏ</c>, whose plain functions are the primitive's
    /// numeric <c>Vjp</c> and <c>Jvp</c>. A rule's own forms are used (the internal
    /// <c>Rule.PullbackNode</c> and <c>PushforwardNode</c>); a primitive that is not a single rule
    /// (stacking, concatenation) gets them from <see cref="Diff.PullbackOf{TIn, TOut}"/> and
    /// <see cref="Diff.PushforwardOf{TIn, TOut}"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="valid"/> narrows the points where a primitive's kinks are not per coordinate (max and min
    /// at a = b): finite differences must not step across them.
    /// </remarks>
    private static IEnumerable<PrimitiveCase> Rows<TIn, TOut>(string name, Diff<TIn, TOut> d, Gen<object> like, Func<TIn, TOut> plain, double forwardTolerance = 1e-12, Func<TIn, bool>? valid = null)
        where TIn : notnull where TOut : notnull
    {
        var domain = d.Domain;
        var inSpace = d.InputSpace;
        valid ??= static _ => true;
        yield return new(name, d, Fill(inSpace, like, domain, All).Where(x => valid((TIn)x)), x => plain((TIn)x), domain, All) { ForwardTolerance = forwardTolerance };

        var (pullback, pushforward) = Forms(d);
        if (pullback is not null)
        {
            var pairs = like.Select(t => (object)((TIn)t, d.Invoke((TIn)t)));
            int Primal(object p) => inSpace.Dimension((((TIn, TOut))p).Item1);
            yield return new($"{name} ▸ pullback form", pullback, Fill(pullback.InputSpace, pairs, domain, Primal).Where(p => valid((((TIn, TOut))p).Item1)), p => d.Vjp((((TIn, TOut))p).Item1, (((TIn, TOut))p).Item2), domain, Primal);
        }

        if (pushforward is not null)
        {
            var pairs = like.Select(t => (object)((TIn)t, (TIn)t));
            int Primal(object p) => inSpace.Dimension((((TIn, TIn))p).Item1);
            yield return new($"{name} ▸ pushforward form", pushforward, Fill(pushforward.InputSpace, pairs, domain, Primal).Where(p => valid((((TIn, TIn))p).Item1)), p => d.Jvp((((TIn, TIn))p).Item1, (((TIn, TIn))p).Item2), domain, Primal);
        }
    }

    /// <summary>The differentiable forms of a primitive, or null where it declares none.</summary>
    public static (Diff<(TIn, TOut), TIn>? Pullback, Diff<(TIn, TIn), TOut>? Pushforward) Forms<TIn, TOut>(Diff<TIn, TOut> d)
        where TIn : notnull where TOut : notnull
    {
        if (d.Node is RuleNode { Rule: var rule })
        {
            return (rule.PullbackNode is { } p ? new Diff<(TIn, TOut), TIn>(p) : null,
                    rule.PushforwardNode is { } q ? new Diff<(TIn, TIn), TOut>(q) : null);
        }

        return (Diff.PullbackOf(d), Diff.PushforwardOf(d));
    }

    private static int All(object x) => int.MaxValue;

    /// <summary>Whether a and b are at least Margin apart (away from the tie of max and min).</summary>
    private static bool Apart(double a, double b) => Math.Abs(a - b) >= Margin;

    private static bool Apart(Vec a, Vec b) => Enumerable.Range(0, a.Length).All(i => Apart(a[i], b[i]));

    private static bool Apart(Mat a, Mat b) => Enumerable.Range(0, a.Rows * a.Cols).All(k => Apart(a.AsSpan()[k], b.AsSpan()[k]));

    private static Mat ZipMat(Mat a, Mat b, Func<double, double, double> f) => Mat.Generate(a.Rows, a.Cols, (i, j) => f(a[i, j], b[i, j]));

    // Points in the domain -------------------------------------------------------------------------

    /// <summary>A coordinate inside <paramref name="domain"/> ∩ [−Bound, Bound], at least Margin from its ends and kinks.</summary>
    private static Gen<double> Coordinate(Domain domain) =>
        Gen.Double[Math.Max(domain.Lower + Margin, -Bound), Math.Min(domain.Upper - Margin, Bound)]
            .Where(x => domain.Kinks.All(k => Math.Abs(x - k) >= Margin));

    private static readonly Gen<double> Seed = Gen.Double[-2, 2];

    /// <summary>Values shaped like the generated templates: the first <c>constrained(template)</c> flat coordinates in the domain, the rest free.</summary>
    private static Gen<object> Fill(VectorSpace space, Gen<object> like, Domain domain, Func<object, int> constrained) =>
        from template in like
        let n = space.DimensionObject(template)
        let k = Math.Min(n, constrained(template))
        from inDomain in Coordinate(domain).Array[k]
        from free in Seed.Array[n - k]
        select space.UnflattenObject(template, [.. inDomain, .. free]);

    /// <summary>How far the first <paramref name="k"/> coordinates can move before one reaches an end of the domain or a kink.</summary>
    private static double RoomIn(Domain domain, double[] flat, int k)
    {
        var room = double.PositiveInfinity;
        for (var i = 0; i < Math.Min(k, flat.Length); i++)
        {
            var x = flat[i];
            room = Math.Min(room, Math.Min(x - domain.Lower, domain.Upper - x));
            foreach (var kink in domain.Kinks)
            {
                room = Math.Min(room, Math.Abs(x - kink));
            }
        }

        return room;
    }

    // The check ------------------------------------------------------------------------------------

    public static void Check(PrimitiveCase c)
    {
        var directions = Gen.Double[-1, 1].Array[MaxDimension];
        Gen.Select(c.Points, directions, directions).ForAll(
            (x, dx, yBar) => Check(c, x, dx, yBar),
            iter: Iterations,
            print: t => $"x = {Describe(c.F.InputSpace, t.Item1)}");
    }

    private static void Check(PrimitiveCase c, object x, double[] dxCoordinates, double[] yBarCoordinates)
    {
        var f = c.F;
        var inSpace = f.InputSpace;
        var outSpace = f.OutputSpace;
        var xf = Flat(inSpace, x);
        var y = f.Invoke(x);
        var yf = Flat(outSpace, y);
        Assert.True(xf.Length <= MaxDimension && yf.Length <= MaxDimension, $"{c.Name}: the table's shapes must stay within {MaxDimension} coordinates");

        // (a) forward = the plain function
        var plain = c.Plain(x);
        Assert.True(outSpace.SameShapeObject(plain, y), $"{c.Name}: forward shape {outSpace.ShapeObject(y)}, plain {outSpace.ShapeObject(plain)}");
        Approx.Equal(Flat(outSpace, plain), yf, c.ForwardTolerance, $"{c.Name}: forward vs plain function");

        // (b) pushforward = central finite differences along a random ẋ
        var v = dxCoordinates[..xf.Length];
        var dx = inSpace.UnflattenObject(x, v);
        var dy = f.Jvp(x, dx);
        Assert.True(outSpace.SameShapeObject(y, dy), $"{c.Name}: tangent shape {outSpace.ShapeObject(dy)} for output {outSpace.ShapeObject(y)}");
        var h = FiniteDifferences.Step(xf, RoomIn(c.Domain, xf, c.Constrained(x)));
        var fd = FiniteDifferences.Directional(p => Flat(outSpace, f.Invoke(inSpace.UnflattenObject(x, p))), xf, v, h);
        Approx.Equal(fd, Flat(outSpace, dy), c.DerivativeTolerance, $"{c.Name}: pushforward vs finite differences (h = {h:G3})");

        // (c) pullback: ⟨ȳ, J ẋ⟩ = ⟨Jᵀȳ, ẋ⟩ for a random ȳ
        var yBar = outSpace.UnflattenObject(y, yBarCoordinates.AsSpan(0, yf.Length));
        var xBar = f.Vjp(x, yBar);
        Assert.True(inSpace.SameShapeObject(x, xBar), $"{c.Name}: cotangent shape {inSpace.ShapeObject(xBar)} for input {inSpace.ShapeObject(x)}");
        var lhs = outSpace.InnerObject(yBar, dy);
        var rhs = inSpace.InnerObject(xBar, dx);
        // Rounding scale: Σ|ȳᵢ||(J ẋ)ᵢ| and Σ|x̄ⱼ||ẋⱼ| for the two inner products, plus ‖ȳ‖₁‖ẋ‖₁ for
        // intermediate terms of order one that cancel inside J (sigmoid″ = σ′(1 − 2σ) near x = 0).
        var yBarFlat = Flat(outSpace, yBar);
        var scale = AbsInner(yBarFlat, Flat(outSpace, dy)) + AbsInner(Flat(inSpace, xBar), v) + L1(yBarFlat) * L1(v);
        Assert.True(
            Math.Abs(lhs - rhs) <= 1e-12 * scale + double.Epsilon,
            $"{c.Name}: adjoint identity fails, ⟨ȳ, J ẋ⟩ = {lhs:R} but ⟨Jᵀȳ, ẋ⟩ = {rhs:R}");
    }

    private static double[] Flat(VectorSpace space, object value)
    {
        var a = new double[space.DimensionObject(value)];
        space.FlattenObject(value, a);
        return a;
    }

    private static double L1(double[] a) => a.Sum(Math.Abs);

    /// <summary>Σ|aᵢ||bᵢ|, the scale of the rounding error of ⟨a, b⟩ (no squares, so no underflow for tiny values).</summary>
    private static double AbsInner(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += Math.Abs(a[i]) * Math.Abs(b[i]);
        }

        return s;
    }

    private static string Describe(VectorSpace space, object x) => $"{space.ShapeObject(x)} {Approx.Show(Flat(space, x))}";

    // Plain functions ------------------------------------------------------------------------------

    private static Vec Map(Vec x, Func<double, double> f)
    {
        var y = new double[x.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = f(x[i]);
        }

        return Vec.FromArray(y);
    }

    private static Mat MapMat(Mat x, Func<double, double> f) => Mat.Generate(x.Rows, x.Cols, (i, j) => f(x[i, j]));

    private static Vec Zip(Vec a, Vec b, Func<double, double, double> f)
    {
        var y = new double[a.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = f(a[i], b[i]);
        }

        return Vec.FromArray(y);
    }

    private static Vec PlainMatVec(Mat a, Vec x)
    {
        var y = new double[a.Rows];
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Cols; j++)
            {
                y[i] += a[i, j] * x[j];
            }
        }

        return Vec.FromArray(y);
    }

    private static Mat PlainMatMul(Mat a, Mat b)
    {
        var c = new double[a.Rows, b.Cols];
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < b.Cols; j++)
            {
                for (var k = 0; k < a.Cols; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return Mat.FromArray(c);
    }

    /// <summary>erf x = (2/√π)∫₀ˣ e^(−t²) dt by composite Simpson with 4000 panels (error ≲ 10⁻¹² for |x| ≤ 5), independent of the library's Erf.</summary>
    public static double ErfByQuadrature(double x)
    {
        const int n = 4000;
        var h = x / n;
        var sum = 1 + Math.Exp(-x * x);
        for (var i = 1; i < n; i++)
        {
            var t = i * h;
            sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(-t * t);
        }

        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    private static double NormalCdfByQuadrature(double x) => 0.5 * (1 + ErfByQuadrature(x / Math.Sqrt(2)));

    // Declared last: static initialisers run in textual order, and the rows use the generators above.
    public static IReadOnlyDictionary<string, PrimitiveCase> Cases { get; } = Build().ToDictionary(c => c.Name);
}
