using System.Buffers;
using System.Numerics.Tensors;

namespace Vjp.Functional;

internal static partial class LinearKernels
{
    /// <summary>
    /// The blocked TensorPrimitives matrix products that preceded <see cref="Gemm"/>, kept as the baseline that
    /// benchmarks measure the packed kernel against (same signatures, same results up to rounding).
    /// </summary>
    internal static class Reference
    {
        /// <summary>
        /// C = A B (or C += A B) with A (m×k), B (k×n), C (m×n). Blocked i-k-j kernel: for each 64×256 tile of
        /// B, every row of C accumulates Cᵢ,ⱼ₀:ⱼ₁ += Aᵢₚ·Bₚ,ⱼ₀:ⱼ₁ with a vectorised multiply-add.
        /// </summary>
        internal static void MatMul(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false)
        {
            const string op = "LinearKernels.MatMul";
            RequireMatrix(op, a, m, k);
            RequireMatrix(op, b, k, n);
            RequireMatrix(op, c, m, n);
            RequireDisjoint(op, c, a, b);

            if (n == 1)
            {
                // B is a single column: C = A b is a matrix-vector product.
                MatVec(a, m, k, b, c, accumulate);
                return;
            }

            if (n < NarrowColumns && m > 1)
            {
                // Very narrow outputs: short multiply-adds would be dominated by call overhead, so
                // transpose B (n×k, small) and take row dot products instead.
                var bt = ArrayPool<double>.Shared.Rent(n * k);
                try
                {
                    var btSpan = bt.AsSpan(0, n * k);
                    Transpose(b, k, n, btSpan);
                    MatMulTransposeB(a, btSpan, c, m, k, n, accumulate);
                }
                finally
                {
                    ArrayPool<double>.Shared.Return(bt);
                }

                return;
            }

            if (!accumulate)
            {
                c.Clear();
            }

            for (var j0 = 0; j0 < n; j0 += ColumnBlock)
            {
                var jb = Math.Min(ColumnBlock, n - j0);
                for (var p0 = 0; p0 < k; p0 += DepthBlock)
                {
                    var pb = Math.Min(DepthBlock, k - p0);
                    for (var i = 0; i < m; i++)
                    {
                        var cRow = c.Slice(i * n + j0, jb);
                        var aRow = a.Slice(i * k + p0, pb);
                        for (var p = 0; p < pb; p++)
                        {
                            TensorPrimitives.MultiplyAdd(b.Slice((p0 + p) * n + j0, jb), aRow[p], cRow, cRow);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// C = A Bᵀ (or C += A Bᵀ) with A (m×k), B (n×k), C (m×n), without forming Bᵀ: Cᵢⱼ = ⟨Aᵢ,:, Bⱼ,:⟩.
        /// Rows of B are taken in cache-sized blocks and dotted against every row of A.
        /// </summary>
        internal static void MatMulTransposeB(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false)
        {
            const string op = "LinearKernels.MatMulTransposeB";
            RequireMatrix(op, a, m, k);
            RequireMatrix(op, b, n, k);
            RequireMatrix(op, c, m, n);
            RequireDisjoint(op, c, a, b);

            var jBlock = Math.Max(4, DotBlockElements / Math.Max(k, 1));
            for (var j0 = 0; j0 < n; j0 += jBlock)
            {
                var j1 = Math.Min(n, j0 + jBlock);
                for (var i = 0; i < m; i++)
                {
                    var aRow = a.Slice(i * k, k);
                    var cRow = c.Slice(i * n, n);
                    for (var j = j0; j < j1; j++)
                    {
                        var d = TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
                        cRow[j] = accumulate ? cRow[j] + d : d;
                    }
                }
            }
        }

        /// <summary>
        /// C = Aᵀ B (or C += Aᵀ B) with A (k×m), B (k×n), C (m×n), without forming Aᵀ: C = Σₚ Aₚ,:ᵀ Bₚ,:, a sum of
        /// outer products of matching rows, accumulated into 64×256 tiles of C.
        /// </summary>
        internal static void MatMulTransposeA(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate = false)
        {
            const string op = "LinearKernels.MatMulTransposeA";
            RequireMatrix(op, a, k, m);
            RequireMatrix(op, b, k, n);
            RequireMatrix(op, c, m, n);
            RequireDisjoint(op, c, a, b);

            if (n == 1)
            {
                // B is a single column: C = Aᵀ b.
                TransposeMatVec(a, k, m, b, c, accumulate);
                return;
            }

            if (!accumulate)
            {
                c.Clear();
            }

            for (var i0 = 0; i0 < m; i0 += RowBlock)
            {
                var ib = Math.Min(RowBlock, m - i0);
                for (var j0 = 0; j0 < n; j0 += ColumnBlock)
                {
                    var jb = Math.Min(ColumnBlock, n - j0);
                    for (var p = 0; p < k; p++)
                    {
                        var bSegment = b.Slice(p * n + j0, jb);
                        var aSegment = a.Slice(p * m + i0, ib);
                        for (var ii = 0; ii < ib; ii++)
                        {
                            var cSegment = c.Slice((i0 + ii) * n + j0, jb);
                            TensorPrimitives.MultiplyAdd(bSegment, aSegment[ii], cSegment, cSegment);
                        }
                    }
                }
            }
        }
    }
}
