using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// Dense row-major linear-algebra kernels on spans, shared by <see cref="Vec"/>, <see cref="Mat"/> and
/// the autodiff layer (which calls them with preallocated outputs). Matrix–vector products are
/// <see cref="TensorPrimitives"/> calls on contiguous rows; matrix–matrix products run on the packed,
/// register-tiled <see cref="Gemm"/>. The previous blocked kernels remain as <see cref="Reference"/>.
/// </summary>
/// <remarks>
/// Conventions: a matrix of shape (r×c) is a span of length r·c, element (i, j) at index i·c + j.
/// Output spans must not overlap any input (checked). When <c>accumulate</c> is true the result is
/// added to the output's existing contents; otherwise the output is overwritten.
/// Shape mismatches throw <see cref="ShapeException"/> naming the kernel.
/// </remarks>
internal static partial class LinearKernels
{
    /// <summary>Rows of B (depth k) kept hot per tile in <see cref="Reference.MatMul"/>.</summary>
    internal const int DepthBlock = 64;

    /// <summary>Columns per tile: 256 doubles = 2 KiB per row segment, a 64×256 tile is 128 KiB.</summary>
    internal const int ColumnBlock = 256;

    /// <summary>Rows of C per tile in <see cref="Reference.MatMulTransposeA"/>.</summary>
    internal const int RowBlock = 64;

    /// <summary>Column segment of the accumulator in <see cref="TransposeMatVec"/> (16 KiB, L1-sized).</summary>
    internal const int VectorBlock = 2048;

    /// <summary>Square tile edge for <see cref="Transpose"/>.</summary>
    internal const int TransposeBlock = 32;

    /// <summary>Below this many output columns, <see cref="Reference.MatMul"/> transposes B and uses row dot products.</summary>
    internal const int NarrowColumns = 8;

    /// <summary>Floor of the number of B rows per block in <see cref="Reference.MatMulTransposeB"/> (about 64 KiB of B).</summary>
    private const int DotBlockElements = 8192;

    /// <summary>y = A x (or y += A x), A of shape (rows×cols): yᵢ = ⟨Aᵢ,:, x⟩, one vectorised dot per row.</summary>
    public static void MatVec(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y, bool accumulate = false)
    {
        const string op = "LinearKernels.MatVec";
        RequireMatrix(op, a, rows, cols);
        RequireLength(op, "x", x.Length, cols);
        RequireLength(op, "y", y.Length, rows);
        RequireDisjoint(op, y, a, x);

        // Each row is one SIMD dot product; rows are visited in blocks of four so x stays hot in cache.
        var i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            var d0 = Deterministic.Dot(a.Slice(i * cols, cols), x);
            var d1 = Deterministic.Dot(a.Slice((i + 1) * cols, cols), x);
            var d2 = Deterministic.Dot(a.Slice((i + 2) * cols, cols), x);
            var d3 = Deterministic.Dot(a.Slice((i + 3) * cols, cols), x);
            if (accumulate)
            {
                y[i] += d0;
                y[i + 1] += d1;
                y[i + 2] += d2;
                y[i + 3] += d3;
            }
            else
            {
                y[i] = d0;
                y[i + 1] = d1;
                y[i + 2] = d2;
                y[i + 3] = d3;
            }
        }

        for (; i < rows; i++)
        {
            var d = Deterministic.Dot(a.Slice(i * cols, cols), x);
            y[i] = accumulate ? y[i] + d : d;
        }
    }

    /// <summary>x = Aᵀ y (or x += Aᵀ y), A of shape (rows×cols), without forming Aᵀ: x = Σᵢ yᵢ·Aᵢ,:.</summary>
    public static void TransposeMatVec(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> y, Span<double> x, bool accumulate = false)
    {
        const string op = "LinearKernels.TransposeMatVec";
        RequireMatrix(op, a, rows, cols);
        RequireLength(op, "y", y.Length, rows);
        RequireLength(op, "x", x.Length, cols);
        RequireDisjoint(op, x, a, y);

        if (!accumulate)
        {
            x.Clear();
        }

        // Accumulate scaled rows into x, a column segment at a time so the accumulator stays in L1. Each xⱼ is
        // one chain of fused multiply-adds in increasing i, as Gemm computes every element, so a row-vector
        // product routed here gives the packed kernel's result bit for bit.
        for (var j0 = 0; j0 < cols; j0 += VectorBlock)
        {
            var jb = Math.Min(VectorBlock, cols - j0);
            var acc = x.Slice(j0, jb);
            var i = 0;
            if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            {
                // Four rows per pass over the accumulator, so that it is loaded and stored a quarter as often.
                for (; i + 4 <= rows; i += 4)
                {
                    FusedFourRows(acc, a.Slice(i * cols + j0), cols, y.Slice(i, 4));
                }
            }

            for (; i < rows; i++)
            {
                TensorPrimitives.FusedMultiplyAdd(a.Slice(i * cols + j0, jb), y[i], acc, acc);
            }
        }
    }

    /// <summary>
    /// accⱼ ← fma(A₃ⱼ, y₃, fma(A₂ⱼ, y₂, fma(A₁ⱼ, y₁, fma(A₀ⱼ, y₀, accⱼ)))) for the four rows of A that start at
    /// <paramref name="rows"/> (row stride <paramref name="stride"/>): the chain one row at a time would give, in one pass.
    /// </summary>
    private static void FusedFourRows(Span<double> acc, ReadOnlySpan<double> rows, int stride, ReadOnlySpan<double> y)
    {
        ref var x = ref MemoryMarshal.GetReference(acc);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var r1 = ref Unsafe.Add(ref r0, stride);
        ref var r2 = ref Unsafe.Add(ref r1, stride);
        ref var r3 = ref Unsafe.Add(ref r2, stride);
        double y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3];
        var y0v = Vector256.Create(y0);
        var y1v = Vector256.Create(y1);
        var y2v = Vector256.Create(y2);
        var y3v = Vector256.Create(y3);
        var n = acc.Length;
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            var xv = Vector256.LoadUnsafe(ref x, (nuint)j);
            xv = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)j), y0v, xv);
            xv = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)j), y1v, xv);
            xv = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)j), y2v, xv);
            xv = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)j), y3v, xv);
            xv.StoreUnsafe(ref x, (nuint)j);
        }

        for (; j < n; j++)
        {
            var xj = Unsafe.Add(ref x, j);
            xj = Math.FusedMultiplyAdd(Unsafe.Add(ref r0, j), y0, xj);
            xj = Math.FusedMultiplyAdd(Unsafe.Add(ref r1, j), y1, xj);
            xj = Math.FusedMultiplyAdd(Unsafe.Add(ref r2, j), y2, xj);
            Unsafe.Add(ref x, j) = Math.FusedMultiplyAdd(Unsafe.Add(ref r3, j), y3, xj);
        }
    }

    /// <summary>
    /// C = A B (or C += A B) with A (m×k), B (k×n), C (m×n), by the packed, register-tiled <see cref="Gemm"/>
    /// (a row vector A or a column vector B goes to the matrix–vector kernels instead).
    /// </summary>
    public static void MatMul(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false) =>
        MatMul(a, b, c, m, k, n, accumulate, Gemm.Best);

    /// <summary>As <see cref="MatMul(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/> on the given micro-kernel path.</summary>
    internal static void MatMul(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate, GemmPath path)
    {
        const string op = "LinearKernels.MatMul";
        RequireMatrix(op, a, m, k);
        RequireMatrix(op, b, k, n);
        RequireMatrix(op, c, m, n);
        RequireDisjoint(op, c, a, b);

        if (n == 1)
        {
            // B is a column: C = A b, one dot product per row.
            MatVec(a, m, k, b, c, accumulate);
        }
        else if (m == 1)
        {
            // A is a row: C = aᵀB = (Bᵀ a)ᵀ, a sum of scaled rows of B.
            TransposeMatVec(b, k, n, a, c, accumulate);
        }
        else
        {
            Gemm.Multiply(a, transposeA: false, b, transposeB: false, c, m, k, n, accumulate, path);
        }
    }

    /// <summary>
    /// C = A Bᵀ (or C += A Bᵀ) with A (m×k), B (n×k), C (m×n), without forming Bᵀ: the packed <see cref="Gemm"/>
    /// reads B transposed while packing it (a row vector A or a single row B goes to <see cref="MatVec"/>).
    /// </summary>
    public static void MatMulTransposeB(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false) =>
        MatMulTransposeB(a, b, c, m, k, n, accumulate, Gemm.Best);

    /// <summary>As <see cref="MatMulTransposeB(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/> on the given micro-kernel path.</summary>
    internal static void MatMulTransposeB(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate, GemmPath path)
    {
        const string op = "LinearKernels.MatMulTransposeB";
        RequireMatrix(op, a, m, k);
        RequireMatrix(op, b, n, k);
        RequireMatrix(op, c, m, n);
        RequireDisjoint(op, c, a, b);

        if (n == 1)
        {
            // B is one row b: C = A b.
            MatVec(a, m, k, b, c, accumulate);
        }
        else if (m == 1)
        {
            // A is one row a: Cⱼ = ⟨Bⱼ,:, a⟩, i.e. C = B a.
            MatVec(b, n, k, a, c, accumulate);
        }
        else
        {
            Gemm.Multiply(a, transposeA: false, b, transposeB: true, c, m, k, n, accumulate, path);
        }
    }

    /// <summary>
    /// C = Aᵀ B (or C += Aᵀ B) with A (k×m), B (k×n), C (m×n), without forming Aᵀ: the packed <see cref="Gemm"/>
    /// reads A transposed while packing it (a single column of A or of B goes to <see cref="TransposeMatVec"/>).
    /// </summary>
    public static void MatMulTransposeA(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false) =>
        MatMulTransposeA(a, b, c, m, k, n, accumulate, Gemm.Best);

    /// <summary>As <see cref="MatMulTransposeA(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/> on the given micro-kernel path.</summary>
    internal static void MatMulTransposeA(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate, GemmPath path)
    {
        const string op = "LinearKernels.MatMulTransposeA";
        RequireMatrix(op, a, k, m);
        RequireMatrix(op, b, k, n);
        RequireMatrix(op, c, m, n);
        RequireDisjoint(op, c, a, b);

        if (n == 1)
        {
            // B is a column b: C = Aᵀ b.
            TransposeMatVec(a, k, m, b, c, accumulate);
        }
        else if (m == 1)
        {
            // A is a column a: C = aᵀ B = (Bᵀ a)ᵀ.
            TransposeMatVec(b, k, n, a, c, accumulate);
        }
        else
        {
            Gemm.Multiply(a, transposeA: true, b, transposeB: false, c, m, k, n, accumulate, path);
        }
    }

    /// <summary>C = x yᵀ (or C += x yᵀ) with C of shape (x.Length × y.Length): Cᵢ,: = xᵢ·y.</summary>
    public static void Outer(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> c, bool accumulate = false)
    {
        const string op = "LinearKernels.Outer";
        RequireMatrix(op, c, x.Length, y.Length);
        RequireDisjoint(op, c, x, y);

        var n = y.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var cRow = c.Slice(i * n, n);
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(y, x[i], cRow, cRow);
            }
            else
            {
                TensorPrimitives.Multiply(y, x[i], cRow);
            }
        }
    }

    /// <summary>T = Aᵀ with A (rows×cols) and T (cols×rows), copied in 32×32 tiles for cache locality.</summary>
    public static void Transpose(ReadOnlySpan<double> a, int rows, int cols, Span<double> t)
    {
        const string op = "LinearKernels.Transpose";
        RequireMatrix(op, a, rows, cols);
        RequireMatrix(op, t, cols, rows);
        RequireDisjoint(op, t, a, default);

        for (var i0 = 0; i0 < rows; i0 += TransposeBlock)
        {
            var i1 = Math.Min(rows, i0 + TransposeBlock);
            for (var j0 = 0; j0 < cols; j0 += TransposeBlock)
            {
                var j1 = Math.Min(cols, j0 + TransposeBlock);
                for (var i = i0; i < i1; i++)
                {
                    var aRow = a.Slice(i * cols, cols);
                    for (var j = j0; j < j1; j++)
                    {
                        t[j * rows + i] = aRow[j];
                    }
                }
            }
        }
    }

    /// <summary>‖a − b‖∞ = maxᵢ |aᵢ − bᵢ| for equal-length spans (0 when empty, NaN if any difference is NaN).</summary>
    public static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        RequireLength("LinearKernels.MaxAbsDiff", "b", b.Length, a.Length);
        const int chunk = 256;
        Span<double> diff = stackalloc double[chunk];
        var max = 0.0;
        for (var i = 0; i < a.Length; i += chunk)
        {
            var len = Math.Min(chunk, a.Length - i);
            var d = diff[..len];
            TensorPrimitives.Subtract(a.Slice(i, len), b.Slice(i, len), d);
            max = Math.Max(max, Math.Abs(TensorPrimitives.MaxMagnitude<double>(d)));
        }

        return max;
    }

    /// <summary>
    /// Whether |aᵢ − bᵢ| ≤ absTol + relTol·max(|aᵢ|, |bᵢ|) for all i (identical values always match; otherwise a NaN or an infinity on either side never does).
    /// The spans must have equal length.
    /// </summary>
    public static bool ApproxEquals(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double absTol, double relTol)
    {
        RequireLength("LinearKernels.ApproxEquals", "b", b.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y)
            {
                continue;
            }

            // Infinities match only an identical infinity (handled above); NaN never matches.
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                return false;
            }

            if (!(Math.Abs(x - y) <= absTol + relTol * Math.Max(Math.Abs(x), Math.Abs(y))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="tolerance"/> is a non-negative number.</summary>
    public static void RequireTolerance(double tolerance, string name)
    {
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(name, tolerance, "A tolerance must be a non-negative number.");
        }
    }

    /// <summary>
    /// The element count rows·cols, or an exception if a dimension is negative or the product exceeds an
    /// array's capacity; its message names rows × cols and the bytes the doubles would take.
    /// </summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="cols">The number of columns.</param>
    /// <param name="what">What would be allocated, e.g. <c>matrix</c> or <c>Jacobian</c>.</param>
    /// <param name="paramName">The argument the exception names.</param>
    public static int CheckedSize(int rows, int cols, string what = "matrix", string paramName = "rows")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        var size = (long)rows * cols;
        if (size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"A ({rows}×{cols}) {what} has {size:N0} elements ({size * sizeof(double):N0} bytes, {size * sizeof(double) / (double)(1L << 30):F1} GiB), more than an array can hold ({Array.MaxLength:N0} elements)."));
        }

        return (int)size;
    }

    private static void RequireMatrix(string op, ReadOnlySpan<double> span, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || (long)rows * cols != span.Length)
        {
            throw new ShapeException(op, $"a ({rows}×{cols}) matrix needs {(long)rows * cols} elements, span has {span.Length}");
        }
    }

    private static void RequireLength(string op, string name, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ShapeException(op, $"{name} has length {actual}, expected {expected}");
        }
    }

    private static void RequireDisjoint(string op, ReadOnlySpan<double> output, ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (output.Overlaps(first) || output.Overlaps(second))
        {
            throw new ArgumentException($"{op}: the output span overlaps an input span.", nameof(output));
        }
    }
}
