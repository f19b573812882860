using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// An immutable dense real matrix A ∈ ℝ^(m×n) of doubles, stored row-major in a private contiguous array
/// (element (i, j) at index i·n + j) that is never exposed mutably. Element-wise arithmetic and all
/// products are vectorised through <see cref="TensorPrimitives"/>; every operation returns a fresh
/// <see cref="Mat"/> or <see cref="Vec"/>.
/// </summary>
/// <remarks>
/// Operations on non-conformable shapes throw <see cref="ShapeException"/> naming the operation and
/// both shapes, e.g. <c>Mat.MatMul: inner dimensions differ: (2×3) · (4×5)</c>.
/// In JSON (System.Text.Json, default options) a matrix is <c>{"rows": m, "cols": n, "data": [m·n numbers, row-major]}</c>,
/// round-tripping finite doubles bit for bit; NaN and ±∞ need <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>,
/// and a wrong count, a missing or unknown property throws <see cref="System.Text.Json.JsonException"/> naming the problem.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.MatJsonConverter))]
public sealed class Mat : IEquatable<Mat>
{
    private const string DefaultFormat = "G10";
    private const int ShortLimit = 6;
    private const int Corner = 3;

    private readonly double[] _values;

    private Mat(int rows, int cols, double[] values)
    {
        Rows = rows;
        Cols = cols;
        _values = values;
    }

    /// <summary>The number of rows m of A ∈ ℝ^(m×n).</summary>
    public int Rows { get; }

    /// <summary>The number of columns n of A ∈ ℝ^(m×n).</summary>
    public int Cols { get; }

    /// <summary>The shape (m, n) of A ∈ ℝ^(m×n).</summary>
    public (int Rows, int Cols) Shape => (Rows, Cols);

    /// <summary>The entry A[r, c] (zero-based row <paramref name="r"/>, column <paramref name="c"/>).</summary>
    /// <param name="r">The row, 0 ≤ r &lt; <see cref="Rows"/>.</param>
    /// <param name="c">The column, 0 ≤ c &lt; <see cref="Cols"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index lies outside the matrix.</exception>
    public double this[int r, int c]
    {
        get
        {
            if ((uint)r >= (uint)Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(r), r, $"Row {r} is outside a ({Rows}×{Cols}) Mat.");
            }

            if ((uint)c >= (uint)Cols)
            {
                throw new ArgumentOutOfRangeException(nameof(c), c, $"Column {c} is outside a ({Rows}×{Cols}) Mat.");
            }

            return _values[r * Cols + c];
        }
    }

    /// <summary>A read-only row-major view of all m·n entries (A₀₀, A₀₁, …, Aₘ₋₁,ₙ₋₁), without copying.</summary>
    /// <returns>The entries in row-major order.</returns>
    public ReadOnlySpan<double> AsSpan() => _values;

    /// <summary>A read-only view of row r, (A[r, 0], …, A[r, n − 1]), without copying.</summary>
    /// <param name="r">The row, 0 ≤ r &lt; <see cref="Rows"/>.</param>
    /// <returns>The n entries of the row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="r"/> lies outside the matrix.</exception>
    public ReadOnlySpan<double> RowSpan(int r)
    {
        RequireRow(r);
        return _values.AsSpan(r * Cols, Cols);
    }

    /// <summary>Row r as a vector, A[r, :] ∈ ℝⁿ (a copy).</summary>
    /// <param name="r">The row, 0 ≤ r &lt; <see cref="Rows"/>.</param>
    /// <returns>(A[r, 0], …, A[r, n − 1]).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="r"/> lies outside the matrix.</exception>
    public Vec Row(int r) => Vec.Wrap(RowSpan(r).ToArray());

    /// <summary>Column c as a vector, A[:, c] ∈ ℝᵐ (a copy).</summary>
    /// <param name="c">The column, 0 ≤ c &lt; <see cref="Cols"/>.</param>
    /// <returns>(A[0, c], …, A[m − 1, c]).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> lies outside the matrix.</exception>
    public Vec Column(int c)
    {
        if ((uint)c >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, $"Column {c} is outside a ({Rows}×{Cols}) Mat.");
        }

        var result = GC.AllocateUninitializedArray<double>(Rows);
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = _values[r * Cols + c];
        }

        return Vec.Wrap(result);
    }

    // ---------------------------------------------------------------- factories

    /// <summary>The (rows×cols) matrix whose row-major entries are a copy of <paramref name="rowMajor"/>: Aᵢⱼ = rowMajor[i·cols + j].</summary>
    /// <param name="rows">The number of rows m ≥ 0.</param>
    /// <param name="cols">The number of columns n ≥ 0.</param>
    /// <param name="rowMajor">Exactly m·n entries, row after row; copied.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ShapeException"><paramref name="rowMajor"/> does not hold exactly rows·cols entries.</exception>
    public static Mat Create(int rows, int cols, ReadOnlySpan<double> rowMajor)
    {
        var size = LinearKernels.CheckedSize(rows, cols);
        if (rowMajor.Length != size)
        {
            throw new ShapeException("Mat.Create", $"a ({rows}×{cols}) matrix needs {size} values, got {rowMajor.Length}");
        }

        return new Mat(rows, cols, rowMajor.ToArray());
    }

    /// <summary>The matrix whose i-th row is <c>rows[i]</c>; all rows must have the same length n. No rows gives the (0×0) matrix.</summary>
    /// <param name="rows">The rows, in order; copied.</param>
    /// <returns>The (rows.Length × n) matrix.</returns>
    /// <exception cref="ShapeException">The rows have different lengths.</exception>
    public static Mat FromRows(params ReadOnlySpan<Vec> rows)
    {
        if (rows.IsEmpty)
        {
            return new Mat(0, 0, []);
        }

        var cols = rows[0].Length;
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i].Length != cols)
            {
                throw new ShapeException("Mat.FromRows", $"row {i} has length {rows[i].Length} but row 0 has length {cols}");
            }
        }

        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(rows.Length, cols));
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].AsSpan().CopyTo(values.AsSpan(i * cols, cols));
        }

        return new Mat(rows.Length, cols, values);
    }

    /// <summary>The matrix with Aᵢⱼ = values[i, j] (a copy; later changes to the array do not affect it).</summary>
    /// <param name="values">The entries, first index the row.</param>
    /// <returns>The (values.GetLength(0) × values.GetLength(1)) matrix.</returns>
    public static Mat FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var result = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(rows, cols));
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                result[i * cols + j] = values[i, j];
            }
        }

        return new Mat(rows, cols, result);
    }

    /// <summary>Takes ownership of the row-major array <paramref name="owned"/> without copying. The caller must never write to it again.</summary>
    /// <param name="rows">The number of rows m.</param>
    /// <param name="cols">The number of columns n.</param>
    /// <param name="owned">A freshly computed array of exactly m·n entries that nothing else references.</param>
    /// <returns>A matrix backed by <paramref name="owned"/>.</returns>
    /// <exception cref="ShapeException"><paramref name="owned"/> does not hold exactly rows·cols entries.</exception>
    internal static Mat Wrap(int rows, int cols, double[] owned)
    {
        var size = LinearKernels.CheckedSize(rows, cols);
        if (owned.Length != size)
        {
            throw new ShapeException("Mat.Wrap", $"a ({rows}×{cols}) matrix needs {size} values, got {owned.Length}");
        }

        return new Mat(rows, cols, owned);
    }

    /// <summary>The zero matrix 0 ∈ ℝ^(rows×cols).</summary>
    /// <param name="rows">The number of rows m ≥ 0.</param>
    /// <param name="cols">The number of columns n ≥ 0.</param>
    /// <returns>The (m×n) matrix of zeros.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static Mat Zeros(int rows, int cols) => new(rows, cols, new double[LinearKernels.CheckedSize(rows, cols)]);

    /// <summary>The identity Iₙ ∈ ℝ^(n×n): Iᵢⱼ = 1 if i = j, else 0.</summary>
    /// <param name="n">The size n ≥ 0.</param>
    /// <returns>Iₙ.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Mat Identity(int n)
    {
        var values = new double[LinearKernels.CheckedSize(n, n)];
        for (var i = 0; i < n; i++)
        {
            values[i * n + i] = 1.0;
        }

        return new Mat(n, n, values);
    }

    /// <summary>The (rows×cols) matrix with Aᵢⱼ = f(i, j), f called once per entry in row-major order.</summary>
    /// <param name="rows">The number of rows m ≥ 0.</param>
    /// <param name="cols">The number of columns n ≥ 0.</param>
    /// <param name="f">The entry function of (row, column).</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static Mat Generate(int rows, int cols, Func<int, int, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(rows, cols));
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                values[i * cols + j] = f(i, j);
            }
        }

        return new Mat(rows, cols, values);
    }

    /// <summary>The outer product a bᵀ ∈ ℝ^(m×n) of a ∈ ℝᵐ and b ∈ ℝⁿ: (a bᵀ)ᵢⱼ = aᵢ·bⱼ.</summary>
    /// <param name="a">The column factor.</param>
    /// <param name="b">The row factor.</param>
    /// <returns>a bᵀ.</returns>
    public static Mat Outer(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(a.Length, b.Length));
        LinearKernels.Outer(a.AsSpan(), b.AsSpan(), values);
        return new Mat(a.Length, b.Length, values);
    }

    // ---------------------------------------------------------------- element-wise algebra

    /// <summary>The transpose Aᵀ ∈ ℝ^(n×m), (Aᵀ)ⱼᵢ = Aᵢⱼ, copied in cache-friendly tiles.</summary>
    /// <returns>Aᵀ.</returns>
    public Mat Transpose()
    {
        var values = GC.AllocateUninitializedArray<double>(_values.Length);
        LinearKernels.Transpose(_values, Rows, Cols, values);
        return new Mat(Cols, Rows, values);
    }

    /// <summary>
    /// Adds <paramref name="other"/> into this matrix's own storage. Only for a matrix that nothing else
    /// references (the differentiation engine's accumulator of a fan-in cotangent); every matrix a user
    /// sees stays immutable.
    /// </summary>
    internal void AddInPlace(Mat other)
    {
        RequireSameShape("Mat.Add", this, other);
        TensorPrimitives.Add(_values, other._values, _values);
    }

    /// <summary>The sum A + B, (A + B)ᵢⱼ = Aᵢⱼ + Bᵢⱼ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same shape.</param>
    /// <returns>A + B.</returns>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Mat operator +(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameShape("Mat.Add", a, b);
        var values = GC.AllocateUninitializedArray<double>(a._values.Length);
        TensorPrimitives.Add(a._values, b._values, values);
        return new Mat(a.Rows, a.Cols, values);
    }

    /// <summary>The difference A − B, (A − B)ᵢⱼ = Aᵢⱼ − Bᵢⱼ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same shape.</param>
    /// <returns>A − B.</returns>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Mat operator -(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameShape("Mat.Subtract", a, b);
        var values = GC.AllocateUninitializedArray<double>(a._values.Length);
        TensorPrimitives.Subtract(a._values, b._values, values);
        return new Mat(a.Rows, a.Cols, values);
    }

    /// <summary>The negation −A, (−A)ᵢⱼ = −Aᵢⱼ.</summary>
    /// <param name="a">The operand.</param>
    /// <returns>−A.</returns>
    public static Mat operator -(Mat a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var values = GC.AllocateUninitializedArray<double>(a._values.Length);
        TensorPrimitives.Negate(a._values, values);
        return new Mat(a.Rows, a.Cols, values);
    }

    /// <summary>The scalar multiple s·A, (s·A)ᵢⱼ = s·Aᵢⱼ.</summary>
    /// <param name="s">The scalar.</param>
    /// <param name="a">The matrix.</param>
    /// <returns>s·A.</returns>
    public static Mat operator *(double s, Mat a) => Scale(a, s);

    /// <summary>The scalar multiple A·s, (A·s)ᵢⱼ = Aᵢⱼ·s.</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="s">The scalar.</param>
    /// <returns>A·s.</returns>
    public static Mat operator *(Mat a, double s) => Scale(a, s);

    /// <summary>The Hadamard (element-wise) product A ⊙ B, (A ⊙ B)ᵢⱼ = Aᵢⱼ·Bᵢⱼ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same shape.</param>
    /// <returns>A ⊙ B.</returns>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Mat Hadamard(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameShape("Mat.Hadamard", a, b);
        var values = GC.AllocateUninitializedArray<double>(a._values.Length);
        TensorPrimitives.Multiply(a._values, b._values, values);
        return new Mat(a.Rows, a.Cols, values);
    }

    /// <summary>The sum of all entries Σᵢⱼ Aᵢⱼ (0 for an empty matrix).</summary>
    /// <returns>Σᵢⱼ Aᵢⱼ.</returns>
    public double Sum() => Deterministic.Sum(_values);

    /// <summary>The Frobenius norm ‖A‖_F = √(Σᵢⱼ Aᵢⱼ²).</summary>
    /// <returns>‖A‖_F.</returns>
    public double FrobeniusNorm() => Deterministic.Norm(_values);

    /// <summary>The Frobenius inner product ⟨A, B⟩_F = Σᵢⱼ Aᵢⱼ·Bᵢⱼ = tr(Aᵀ B).</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same shape.</param>
    /// <returns>⟨A, B⟩_F.</returns>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static double Inner(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameShape("Mat.Inner", a, b);
        return Deterministic.Dot(a._values, b._values);
    }

    // ---------------------------------------------------------------- products

    /// <summary>The matrix-vector product y = A x ∈ ℝᵐ, yᵢ = Σⱼ Aᵢⱼ·xⱼ.</summary>
    /// <param name="a">The (m×n) matrix.</param>
    /// <param name="x">The vector of length n.</param>
    /// <returns>A x.</returns>
    /// <exception cref="ShapeException">x.Length ≠ n.</exception>
    public static Vec operator *(Mat a, Vec x) => MatVec(a, x);

    /// <summary>The matrix-vector product y = A x ∈ ℝᵐ, yᵢ = Σⱼ Aᵢⱼ·xⱼ (one vectorised dot product per row).</summary>
    /// <param name="a">The (m×n) matrix.</param>
    /// <param name="x">The vector of length n.</param>
    /// <returns>A x.</returns>
    /// <exception cref="ShapeException">x.Length ≠ n.</exception>
    public static Vec MatVec(Mat a, Vec x)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != a.Cols)
        {
            throw new ShapeException("Mat.MatVec", $"({a.Rows}×{a.Cols}) · vector of length {x.Length}");
        }

        var result = GC.AllocateUninitializedArray<double>(a.Rows);
        LinearKernels.MatVec(a._values, a.Rows, a.Cols, x.AsSpan(), result);
        return Vec.Wrap(result);
    }

    /// <summary>The transposed product x = Aᵀ y ∈ ℝⁿ, xⱼ = Σᵢ Aᵢⱼ·yᵢ, computed as Σᵢ yᵢ·Aᵢ,: without forming Aᵀ.</summary>
    /// <param name="a">The (m×n) matrix.</param>
    /// <param name="y">The vector of length m.</param>
    /// <returns>Aᵀ y.</returns>
    /// <exception cref="ShapeException">y.Length ≠ m.</exception>
    public static Vec TransposeMatVec(Mat a, Vec y)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != a.Rows)
        {
            throw new ShapeException("Mat.TransposeMatVec", $"({a.Rows}×{a.Cols})ᵀ · vector of length {y.Length}");
        }

        var result = new double[a.Cols];
        LinearKernels.TransposeMatVec(a._values, a.Rows, a.Cols, y.AsSpan(), result, accumulate: true);
        return Vec.Wrap(result);
    }

    /// <summary>The matrix product C = A B ∈ ℝ^(m×n), Cᵢⱼ = Σₚ Aᵢₚ·Bₚⱼ.</summary>
    /// <param name="a">The (m×k) left factor.</param>
    /// <param name="b">The (k×n) right factor.</param>
    /// <returns>A B.</returns>
    /// <exception cref="ShapeException">The inner dimensions differ.</exception>
    public static Mat operator *(Mat a, Mat b) => MatMul(a, b);

    /// <summary>
    /// The matrix product C = A B ∈ ℝ^(m×n), Cᵢⱼ = Σₚ Aᵢₚ·Bₚⱼ, computed by a packed, register-tiled GEMM
    /// (each Cᵢⱼ one chain of fused multiply-adds in increasing p).
    /// </summary>
    /// <param name="a">The (m×k) left factor.</param>
    /// <param name="b">The (k×n) right factor.</param>
    /// <returns>A B.</returns>
    /// <exception cref="ShapeException">a.Cols ≠ b.Rows.</exception>
    public static Mat MatMul(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Cols != b.Rows)
        {
            throw new ShapeException("Mat.MatMul", $"inner dimensions differ: ({a.Rows}×{a.Cols}) · ({b.Rows}×{b.Cols})");
        }

        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(a.Rows, b.Cols));
        LinearKernels.MatMul(a._values, b._values, values, a.Rows, a.Cols, b.Cols);
        return new Mat(a.Rows, b.Cols, values);
    }

    /// <summary>The product C = A Bᵀ ∈ ℝ^(m×n), Cᵢⱼ = ⟨Aᵢ,:, Bⱼ,:⟩, computed by the same packed GEMM as <see cref="MatMul"/> without forming Bᵀ.</summary>
    /// <param name="a">The (m×k) left factor.</param>
    /// <param name="b">The (n×k) matrix whose transpose is the right factor.</param>
    /// <returns>A Bᵀ.</returns>
    /// <exception cref="ShapeException">a.Cols ≠ b.Cols.</exception>
    public static Mat MatMulTransposeB(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Cols != b.Cols)
        {
            throw new ShapeException("Mat.MatMulTransposeB", $"inner dimensions differ: ({a.Rows}×{a.Cols}) · ({b.Rows}×{b.Cols})ᵀ");
        }

        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(a.Rows, b.Rows));
        LinearKernels.MatMulTransposeB(a._values, b._values, values, a.Rows, a.Cols, b.Rows);
        return new Mat(a.Rows, b.Rows, values);
    }

    /// <summary>The product C = Aᵀ B ∈ ℝ^(m×n), C = Σₚ (Aₚ,:)ᵀ Bₚ,:, computed by the same packed GEMM as <see cref="MatMul"/> without forming Aᵀ.</summary>
    /// <param name="a">The (k×m) matrix whose transpose is the left factor.</param>
    /// <param name="b">The (k×n) right factor.</param>
    /// <returns>Aᵀ B.</returns>
    /// <exception cref="ShapeException">a.Rows ≠ b.Rows.</exception>
    public static Mat MatMulTransposeA(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows)
        {
            throw new ShapeException("Mat.MatMulTransposeA", $"inner dimensions differ: ({a.Rows}×{a.Cols})ᵀ · ({b.Rows}×{b.Cols})");
        }

        var values = GC.AllocateUninitializedArray<double>(LinearKernels.CheckedSize(a.Cols, b.Cols));
        LinearKernels.MatMulTransposeA(a._values, b._values, values, a.Cols, a.Rows, b.Cols);
        return new Mat(a.Cols, b.Cols, values);
    }

    // ---------------------------------------------------------------- equality

    /// <summary>
    /// Exact equality: same shape and Aᵢⱼ.Equals(Bᵢⱼ) for every entry (so NaN equals NaN and 0 equals −0,
    /// which keeps this an equivalence relation consistent with <see cref="GetHashCode"/>).
    /// </summary>
    /// <param name="other">The matrix to compare with.</param>
    /// <returns>Whether the matrices are identical entry by entry.</returns>
    public bool Equals(Mat? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Rows == other.Rows && Cols == other.Cols && _values.AsSpan().SequenceEqual(other._values)));

    /// <summary>Exact equality with another <see cref="Mat"/>; see <see cref="Equals(Mat)"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>Whether <paramref name="obj"/> is an equal <see cref="Mat"/>.</returns>
    public override bool Equals(object? obj) => obj is Mat other && Equals(other);

    /// <summary>A hash of the shape and every entry, consistent with <see cref="Equals(Mat)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Rows);
        hash.Add(Cols);
        foreach (var x in _values)
        {
            hash.Add(x);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Approximate equality: same shape and |Aᵢⱼ − Bᵢⱼ| ≤ absTol + relTol·max(|Aᵢⱼ|, |Bᵢⱼ|) for every entry.
    /// Identical entries (including equal infinities) always match; otherwise a NaN or an infinity on either side never matches.
    /// </summary>
    /// <param name="other">The matrix to compare with.</param>
    /// <param name="absTol">The absolute tolerance, ≥ 0.</param>
    /// <param name="relTol">The relative tolerance, ≥ 0.</param>
    /// <returns>Whether every entry pair is within tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or NaN.</exception>
    public bool ApproxEquals(Mat other, double absTol = 1e-12, double relTol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(other);
        LinearKernels.RequireTolerance(absTol, nameof(absTol));
        LinearKernels.RequireTolerance(relTol, nameof(relTol));
        return Rows == other.Rows && Cols == other.Cols && LinearKernels.ApproxEquals(_values, other._values, absTol, relTol);
    }

    // ---------------------------------------------------------------- text

    /// <summary>
    /// The entries in the invariant culture with format "G10". Matrices up to 6×6 print in full on one
    /// line, e.g. <c>[[1, 2], [3, 4]]</c>; larger ones print their shape and top-left 3×3 corner,
    /// e.g. <c>Mat(100×200) [[1, 2, 3, …], [4, 5, 6, …], [7, 8, 9, …], …]</c>. Empty matrices print
    /// <c>Mat(0×3)</c>.
    /// </summary>
    /// <returns>The text form of the matrix.</returns>
    public override string ToString() => ToString(null);

    /// <summary>The entries formatted with <paramref name="format"/> in the invariant culture, laid out as in <see cref="ToString()"/>.</summary>
    /// <param name="format">A numeric format string for each entry; null or empty means "G10".</param>
    /// <returns>The text form of the matrix.</returns>
    public string ToString(string? format)
    {
        format = string.IsNullOrEmpty(format) ? DefaultFormat : format;
        var culture = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        if (Rows == 0 || Cols == 0)
        {
            return sb.Append("Mat(").Append(Rows.ToString(culture)).Append('×').Append(Cols.ToString(culture)).Append(')').ToString();
        }

        var small = Rows <= ShortLimit && Cols <= ShortLimit;
        var shownRows = small ? Rows : Math.Min(Rows, Corner);
        var shownCols = small ? Cols : Math.Min(Cols, Corner);
        if (!small)
        {
            sb.Append("Mat(").Append(Rows.ToString(culture)).Append('×').Append(Cols.ToString(culture)).Append(") ");
        }

        sb.Append('[');
        for (var i = 0; i < shownRows; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append('[');
            for (var j = 0; j < shownCols; j++)
            {
                if (j > 0)
                {
                    sb.Append(", ");
                }

                sb.Append(_values[i * Cols + j].ToString(format, culture));
            }

            if (shownCols < Cols)
            {
                sb.Append(", …");
            }

            sb.Append(']');
        }

        if (shownRows < Rows)
        {
            sb.Append(", …");
        }

        return sb.Append(']').ToString();
    }

    // ---------------------------------------------------------------- helpers

    private static Mat Scale(Mat a, double s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var values = GC.AllocateUninitializedArray<double>(a._values.Length);
        TensorPrimitives.Multiply(a._values, s, values);
        return new Mat(a.Rows, a.Cols, values);
    }

    private static void RequireSameShape(string operation, Mat a, Mat b)
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols)
        {
            throw new ShapeException(operation, $"shapes ({a.Rows}×{a.Cols}) and ({b.Rows}×{b.Cols}) differ");
        }
    }

    private void RequireRow(int r)
    {
        if ((uint)r >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, $"Row {r} is outside a ({Rows}×{Cols}) Mat.");
        }
    }
}
