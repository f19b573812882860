using Vjp.Functional.Engine;
using M = Vjp.Functional.MatPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>
/// The batch overloads: every function of a vector expression also takes a matrix expression
/// <c>Diff&lt;X, Mat&gt;</c> (a batch is a matrix whose rows are samples), plus the reductions, named broadcasts,
/// reshapes and selections that only a matrix has.
/// </summary>
public static partial class Fn
{
    private static Diff<X, Mat> Entrywise<X>(Diff<Vec, Vec> vectorLifting, Diff<X, Mat> x) where X : notnull => Apply(M.Elementwise(vectorLifting), x);

    /// <summary>The entrywise sine of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Sin"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Sin<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Sin, x);

    /// <summary>The entrywise cosine of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Cos"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Cos<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Cos, x);

    /// <summary>The entrywise tangent of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Tan"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Tan<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Tan, x);

    /// <summary>The entrywise exponential of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Exp"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Exp<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Exp, x);

    /// <summary>The entrywise natural logarithm (IEEE outside x > 0) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Log"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Log<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Log, x);

    /// <summary>The entrywise ln(1 + x) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Log1p"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Log1p<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Log1p, x);

    /// <summary>The entrywise eˣ − 1 of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Expm1"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Expm1<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Expm1, x);

    /// <summary>The entrywise square root of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Sqrt"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Sqrt<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Sqrt, x);

    /// <summary>The entrywise hyperbolic tangent of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Tanh"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Tanh<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Tanh, x);

    /// <summary>The entrywise logistic sigmoid of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Sigmoid"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Sigmoid<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Sigmoid, x);

    /// <summary>The entrywise softplus ln(1 + eˣ) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Softplus"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Softplus<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Softplus, x);

    /// <summary>The entrywise absolute value (subgradient 0 at 0) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Abs"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Abs<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Abs, x);

    /// <summary>The entrywise rectified linear unit (subgradient 0 at 0) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Relu"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Relu<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Relu, x);

    /// <summary>The entrywise error function of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Erf"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Erf<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Erf, x);

    /// <summary>The entrywise standard normal CDF Φ of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.NormalCdf"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> NormalCdf<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.NormalCdf, x);

    /// <summary>The entrywise square of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Square"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Square<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Square, x);

    /// <summary>The Hadamard (entrywise) product A ⊙ B of two matrix expressions of the same shape (for matrices, <c>*</c> is the matrix product).</summary>
    /// <remarks>Pullback (Ā, B̄) = (C̄ ⊙ B, C̄ ⊙ A); pushforward Ċ = Ȧ ⊙ B + A ⊙ Ḃ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The left matrix.</param>
    /// <param name="b">The right matrix.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, Mat> Hadamard<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.HadamardRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The Hadamard (elementwise) product a ⊙ b of two vector expressions (the same as <c>a * b</c>).</summary>
    /// <remarks>Pullback (ā, b̄) = (ȳ ⊙ b, ȳ ⊙ a); pushforward ẏ = ȧ ⊙ b + a ⊙ ḃ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The left vector.</param>
    /// <param name="b">The right vector.</param>
    public static Diff<X, Vec> Hadamard<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Vec>(V.HadamardRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The sum of all entries, Σᵢⱼ Xᵢⱼ.</summary>
    /// <remarks>Pullback X̄ = ȳ·𝟙𝟙ᵀ; pushforward ẏ = Σᵢⱼ Ẋᵢⱼ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The matrix.</param>
    public static Diff<X, double> Sum<X>(Diff<X, Mat> x) where X : notnull => Apply(M.Sum, x);

    /// <summary>The mean of all entries, (1/mn) Σᵢⱼ Xᵢⱼ.</summary>
    /// <remarks>Pullback X̄ = (ȳ/mn)·𝟙𝟙ᵀ; pushforward ẏ = mean(Ẋ).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The matrix.</param>
    /// <exception cref="ShapeException">At call time, for an empty matrix.</exception>
    public static Diff<X, double> Mean<X>(Diff<X, Mat> x) where X : notnull => Apply(M.Mean, x);

    /// <summary>The row sums yᵢ = Σⱼ Xᵢⱼ of a B×n matrix: a vector of length B, one entry per sample.</summary>
    /// <remarks>Pullback X̄ᵢⱼ = ȳᵢ; pushforward ẏ = rowsums(Ẋ).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The matrix.</param>
    public static Diff<X, Vec> RowSums<X>(Diff<X, Mat> x) where X : notnull => Apply(M.RowSums, x);

    /// <summary>The column sums yⱼ = Σᵢ Xᵢⱼ of a B×n matrix: a vector of length n, summed over the batch.</summary>
    /// <remarks>Pullback X̄ᵢⱼ = ȳⱼ; pushforward ẏ = columnsums(Ẋ).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The matrix.</param>
    public static Diff<X, Vec> ColumnSums<X>(Diff<X, Mat> x) where X : notnull => Apply(M.ColumnSums, x);

    /// <summary>The row-major flattening vec(X), y[i·n + j] = Xᵢⱼ.</summary>
    /// <remarks>Linear: pullback X̄ = reshape(ȳ) to X's shape; pushforward ẏ = vec(Ẋ).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The matrix.</param>
    public static Diff<X, Vec> Flatten<X>(Diff<X, Mat> x) where X : notnull => Apply(M.Flatten, x);

    /// <summary>The row-major reshaping of a vector to a rows×cols matrix, Yᵢⱼ = x[i·cols + j].</summary>
    /// <remarks>Linear: pullback x̄ = vec(Ȳ); pushforward Ẏ = reshape(ẋ).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="cols">The number of columns.</param>
    /// <exception cref="ShapeException">At call time, when the vector's length is not rows·cols.</exception>
    public static Diff<X, Mat> Reshape<X>(Diff<X, Vec> x, int rows, int cols) where X : notnull => Apply(M.Reshape(rows, cols), x);

    /// <summary>The named broadcast M + 𝟙vᵀ: the vector v (length n) added to every row of the B×n matrix M.</summary>
    /// <remarks>Pullback (M̄, v̄) = (Ȳ, columnsums(Ȳ)); pushforward Ẏ = Ṁ + 𝟙v̇ᵀ. Never implicit: broadcasting is always named.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="m">The matrix.</param>
    /// <param name="v">The vector, one entry per column.</param>
    /// <exception cref="ShapeException">At call time, when v's length is not M's column count (the message names the op, the path and both shapes).</exception>
    public static Diff<X, Mat> AddToRows<X>(Diff<X, Mat> m, Diff<X, Vec> v) where X : notnull => DiffOperators.Binary<X, Mat>(M.AddToRowsRule, m.CheckedNode(), v.CheckedNode());

    /// <summary>The named broadcast M + v𝟙ᵀ: the vector v (length B) added to every column of the B×n matrix M.</summary>
    /// <remarks>Pullback (M̄, v̄) = (Ȳ, rowsums(Ȳ)); pushforward Ẏ = Ṁ + v̇𝟙ᵀ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="m">The matrix.</param>
    /// <param name="v">The vector, one entry per row.</param>
    /// <exception cref="ShapeException">At call time, when v's length is not M's row count.</exception>
    public static Diff<X, Mat> AddToColumns<X>(Diff<X, Mat> m, Diff<X, Vec> v) where X : notnull => DiffOperators.Binary<X, Mat>(M.AddToColumnsRule, m.CheckedNode(), v.CheckedNode());

    /// <summary>Row i of a matrix expression, y = X[i, :] (sample i of a batch).</summary>
    /// <remarks>Linear: pullback writes ȳ into row i only (X̄[i, :] += ȳ); pushforward ẏ = Ẋ[i, :].</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="m">The matrix.</param>
    /// <param name="row">The row index.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the index is negative; at call time, when it is outside the matrix.</exception>
    public static Diff<X, Vec> Row<X>(Diff<X, Mat> m, int row) where X : notnull => Apply(M.Row(row), m);

    /// <summary>Column j of a matrix expression, y = X[:, j].</summary>
    /// <remarks>Linear: pullback writes ȳ into column j only (X̄[:, j] += ȳ); pushforward ẏ = Ẋ[:, j].</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="m">The matrix.</param>
    /// <param name="column">The column index.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the index is negative; at call time, when it is outside the matrix.</exception>
    public static Diff<X, Vec> Column<X>(Diff<X, Mat> m, int column) where X : notnull => Apply(M.Column(column), m);

    /// <summary>The product A Bᵀ without forming Bᵀ (a dense layer on a batch: X Wᵀ).</summary>
    /// <remarks>Pullback (Ā, B̄) = (C̄ B, C̄ᵀ A); pushforward Ċ = Ȧ Bᵀ + A Ḃᵀ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The left factor, m×k.</param>
    /// <param name="b">The matrix whose transpose is the right factor, n×k.</param>
    public static Diff<X, Mat> MatMulTransposeB<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.MatMulTransposeBRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The product Aᵀ B without forming Aᵀ.</summary>
    /// <remarks>Pullback (Ā, B̄) = (B C̄ᵀ, A C̄); pushforward Ċ = Ȧᵀ B + Aᵀ Ḃ.</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The matrix whose transpose is the left factor, k×m.</param>
    /// <param name="b">The right factor, k×n.</param>
    public static Diff<X, Mat> MatMulTransposeA<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.MatMulTransposeARule, a.CheckedNode(), b.CheckedNode());
}
