using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Vjp.Functional;

/// <summary>
/// General matrix product C = op(A)·op(B) (or C += op(A)·op(B)) on row-major doubles, where op is the
/// identity or the transpose: the engine behind <see cref="LinearKernels.MatMul(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/>,
/// <see cref="LinearKernels.MatMulTransposeA(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/> and <see cref="LinearKernels.MatMulTransposeB(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, bool)"/>.
/// </summary>
/// <remarks>
/// <para>
/// The Goto–van de Geijn design (K. Goto, R. van de Geijn, "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 34(3), 2008; the BLIS framework): five loops around a register-tiled MR×NR
/// micro-kernel. Outside in: columns of C in panels of NC; depth in blocks of at most KC, for which a
/// KC×NC panel of op(B) is packed into NR-wide micro-panels (kept in L2); rows of C in blocks of MC, for
/// which an MC×KC block of op(A) is packed into MR-tall micro-panels; then each MR×KC micro-panel of A
/// (in L1) meets every KC×NR micro-panel of B. The micro-kernel holds its MR×NR tile of C in registers
/// for the whole depth block: C is read once before the block (or not at all, when the tile starts
/// from zero) and written once after it. The transposes live only in the packing routines, so one
/// micro-kernel serves A·B, Aᵀ·B and A·Bᵀ. Ragged edges are packed with zero padding and computed in a
/// scratch tile, of which only the valid part reaches C. The side that packing must transpose (A of A·B
/// and A·Bᵀ, B of A·Bᵀ) moves in 8×8 AVX-512 register transposes where the hardware has them.
/// </para>
/// <para>
/// Micro-kernels, one per <see cref="GemmPath"/>, chosen at run time: Vector512 8×16 (16×8 when C is at
/// most 8 columns wide), Vector256 6×8, Vector128 6×8, scalar 4×4. A product with k = 1 is a rank-one
/// update and skips packing; <see cref="LinearKernels"/> sends row- and column-vector products (m = 1 or
/// n = 1) to its matrix–vector kernels before they reach here.
/// </para>
/// <para>
/// Rounding: every Cᵢⱼ is one chain of fused multiply-adds in increasing p, starting from 0 (or from
/// the old Cᵢⱼ when accumulating), on every path and for every tile size; the depth blocks split k by
/// a rule that depends on k alone. Hence all <see cref="GemmPath"/>s agree bit for bit, and for
/// k ≤ KC the result equals the naive fused triple loop. The error bound is the usual
/// |Ĉᵢⱼ − Cᵢⱼ| ≤ γₖ₊₁ (|C⁰ᵢⱼ| + Σₚ |Aᵢₚ||Bₚⱼ|), with C⁰ the old C when accumulating and 0 otherwise
/// (Higham, "Accuracy and Stability of Numerical Algorithms", §3.5), γₖ = ku/(1 − ku), u = 2⁻⁵³. No block is skipped for being zero, so NaN and ∞ propagate as IEEE arithmetic says.
/// </para>
/// <para>
/// Packing buffers are per thread ([ThreadStatic]), allocated on the pinned object heap and aligned to
/// 64 bytes, grown on demand up to one MC×KC block plus one KC×NC panel; steady-state calls allocate
/// nothing, and concurrent calls on different threads share nothing mutable.
/// </para>
/// </remarks>
internal static partial class Gemm
{
    /// <summary>Largest depth block KC; k is split into ⌈k/KC⌉ blocks of near-equal size (a rule shared by every path).</summary>
    internal const int DepthBlock = 256;

    /// <summary>Largest tile a micro-kernel computes (8×16 or 16×8), the size of the scratch tile for edges.</summary>
    private const int MaxTile = 8 * 16;

    /// <summary>Doubles per 64-byte cache line, the alignment of the packed buffers.</summary>
    private const int LineDoubles = 8;

    [ThreadStatic]
    private static double[]? t_pack;

    [ThreadStatic]
    private static int t_packSkew;

    /// <summary>The fastest path this machine supports.</summary>
    internal static GemmPath Best { get; } =
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmPath.Vector256
        : Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || Fma.IsSupported) ? GemmPath.Vector128
        : GemmPath.Portable;

    /// <summary>Whether <paramref name="path"/> runs in hardware here (every path runs anywhere, emulated if need be).</summary>
    internal static bool IsAccelerated(GemmPath path) => path switch
    {
        GemmPath.Vector512 => Vector512.IsHardwareAccelerated,
        GemmPath.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        GemmPath.Vector128 => Vector128.IsHardwareAccelerated && (AdvSimd.Arm64.IsSupported || Fma.IsSupported),
        _ => true,
    };

    /// <summary>
    /// C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/>, with C (m×n) and op(A) (m×k),
    /// op(B) (k×n). A is stored (m×k), or (k×m) when <paramref name="transposeA"/>; B is stored (k×n), or
    /// (n×k) when <paramref name="transposeB"/>. Shapes and overlap are the caller's to check.
    /// </summary>
    internal static void Multiply(
        ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c,
        int m, int k, int n, bool accumulate, GemmPath path)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c.Clear();
            }

            return;
        }

        if (k == 1)
        {
            // A rank-one update C = a bᵀ (a weight gradient at batch 1): op(A) and op(B) are contiguous vectors
            // whichever way they are stored, and packing would only add traffic.
            Outer(a, b, c, n, accumulate);
            return;
        }

        var tile = Choose(path, n);
        var (mr, nr, mcMax, ncMax) = Geometry(tile);
        var kBlocks = (k + DepthBlock - 1) / DepthBlock;
        var kBase = k / kBlocks;
        var kRem = k % kBlocks;
        var kcMax = kBase + (kRem > 0 ? 1 : 0);
        var mc = Math.Min(mcMax, RoundUp(m, mr));
        var nc = Math.Min(ncMax, RoundUp(n, nr));

        var aSize = RoundUp(mc * kcMax, LineDoubles);
        var bSize = nc * kcMax;
        var pack = Buffer(aSize + bSize, out var skew);
        ref var packA = ref pack[skew];
        ref var packB = ref pack[skew + aSize];
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);

        Span<double> scratchTile = stackalloc double[MaxTile];
        ref var scratch = ref MemoryMarshal.GetReference(scratchTile);

        for (var jc = 0; jc < n; jc += nc)
        {
            var nb = Math.Min(nc, n - jc);
            var pc = 0;
            for (var q = 0; q < kBlocks; q++)
            {
                var kc = kBase + (q < kRem ? 1 : 0);
                if (transposeB)
                {
                    PackRows(ref b0, k, jc, nb, pc, kc, nr, ref packB);
                }
                else
                {
                    PackColumns(ref b0, n, jc, nb, pc, kc, nr, ref packB);
                }

                // The first depth block starts each tile from zero unless accumulating; later blocks continue it.
                var load = accumulate || q > 0;
                for (var ic = 0; ic < m; ic += mc)
                {
                    var mb = Math.Min(mc, m - ic);
                    if (transposeA)
                    {
                        PackColumns(ref a0, m, ic, mb, pc, kc, mr, ref packA);
                    }
                    else
                    {
                        PackRows(ref a0, k, ic, mb, pc, kc, mr, ref packA);
                    }

                    for (var ir = 0; ir < mb; ir += mr)
                    {
                        var rows = Math.Min(mr, mb - ir);
                        ref var aPanel = ref Unsafe.Add(ref packA, ir * kc);
                        ref var cRow = ref Unsafe.Add(ref c0, (nint)(ic + ir) * n + jc);
                        for (var jr = 0; jr < nb; jr += nr)
                        {
                            var cols = Math.Min(nr, nb - jr);
                            ref var bPanel = ref Unsafe.Add(ref packB, jr * kc);
                            ref var cTile = ref Unsafe.Add(ref cRow, jr);
                            if (rows == mr && cols == nr)
                            {
                                Kernel(tile, kc, ref aPanel, ref bPanel, ref cTile, n, load);
                            }
                            else
                            {
                                EdgeTile(tile, kc, ref aPanel, ref bPanel, ref cTile, n, load, rows, cols, nr, ref scratch);
                            }
                        }
                    }
                }

                pc += kc;
            }
        }
    }

    /// <summary>
    /// C = a bᵀ or C += a bᵀ, row by row as Cᵢⱼ = fma(aᵢ, bⱼ, C⁰ᵢⱼ) with C⁰ = +0 when overwriting: the same
    /// one-step fused chain the micro-kernels compute for k = 1, so the result is theirs bit for bit.
    /// </summary>
    private static void Outer(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, bool accumulate)
    {
        for (var i = 0; i < a.Length; i++)
        {
            // Clearing row by row keeps the row in L1 for the multiply-add that follows.
            var row = c.Slice(i * n, n);
            if (!accumulate)
            {
                row.Clear();
            }

            TensorPrimitives.FusedMultiplyAdd(b, a[i], row, row);
        }
    }

    /// <summary>A micro-kernel and its register tile MR×NR.</summary>
    private enum Tile
    {
        /// <summary><see cref="KernelPortable"/>, 4×4.</summary>
        Portable4x4,

        /// <summary><see cref="Kernel128"/>, 6×8 (24 of Arm64's 32 vector registers hold C).</summary>
        Vector128x6x8,

        /// <summary><see cref="Kernel256"/>, 6×8 (12 of the 16 ymm registers hold C).</summary>
        Vector256x6x8,

        /// <summary><see cref="Kernel512Wide"/>, 8×16 (16 zmm registers hold C).</summary>
        Vector512x8x16,

        /// <summary><see cref="Kernel512Narrow"/>, 16×8, for C at most 8 columns wide.</summary>
        Vector512x16x8,
    }

    /// <summary>
    /// The tile for a path and shape. The tile never changes a result (each Cᵢⱼ is the same fused chain in any
    /// tile), only how much of the zero padding is computed: 8×16 measured as fast as 8×24, 12×16, 24×8 or
    /// 6×32 at 512³ on Zen 4 and has no padding at the MLP's 64, 128 and 784; 16×8 halves it for narrow C.
    /// </summary>
    private static Tile Choose(GemmPath path, int n) => path switch
    {
        GemmPath.Vector512 => n <= 8 ? Tile.Vector512x16x8 : Tile.Vector512x8x16,
        GemmPath.Vector256 => Tile.Vector256x6x8,
        GemmPath.Vector128 => Tile.Vector128x6x8,
        _ => Tile.Portable4x4,
    };

    /// <summary>(MR, NR, MC, NC) of a tile: the register tile, the largest A block (MC×KC) and B panel (KC×NC, 512 KiB at most).</summary>
    private static (int Mr, int Nr, int Mc, int Nc) Geometry(Tile tile) => tile switch
    {
        Tile.Vector512x8x16 => (8, 16, 96, 256),
        Tile.Vector512x16x8 => (16, 8, 96, 256),
        Tile.Vector256x6x8 or Tile.Vector128x6x8 => (6, 8, 96, 256),
        _ => (4, 4, 64, 256),
    };

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>This thread's packing buffer, at least <paramref name="size"/> doubles from a 64-byte-aligned start.</summary>
    private static double[] Buffer(int size, out int skew)
    {
        var buffer = t_pack;
        if (buffer is null || buffer.Length < size + t_packSkew)
        {
            // Pinned, so the alignment computed once stays true; grown to the request rounded up to 32 KiB, so at
            // most one A block and one B panel (96·256 + 256·256 doubles, 704 KiB) per thread.
            buffer = GC.AllocateUninitializedArray<double>(RoundUp(size + LineDoubles, 1 << 12), pinned: true);
            var address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
            t_packSkew = (int)((LineDoubles - (address.ToInt64() / sizeof(double) % LineDoubles)) % LineDoubles);
            t_pack = buffer;
        }

        skew = t_packSkew;
        return buffer;
    }

    /// <summary>
    /// Packs rows first..first+count of a row-major matrix (leading dimension ld) over columns pc..pc+kc into
    /// width-tall micro-panels: panel g holds M[first+g·width+r, pc+p] at g·width·kc + p·width + r, with rows
    /// past the edge zero. This packs A of A·B and A·Bᵀ (stored m×k) and B of A·Bᵀ (stored n×k): each packed
    /// row of a panel gathers a column of the source, a transpose done in 8×8 AVX-512 register blocks.
    /// </summary>
    private static void PackRows(ref double src, int ld, int first, int count, int pc, int kc, int width, ref double dst)
    {
        for (var g = 0; g < count; g += width)
        {
            var rows = Math.Min(width, count - g);
            ref var panel = ref Unsafe.Add(ref dst, g * kc);
            ref var block = ref Unsafe.Add(ref src, (nint)(first + g) * ld + pc);
            var r0 = 0;
            if (Avx512F.IsSupported)
            {
                for (; r0 + 8 <= rows; r0 += 8)
                {
                    ref var eight = ref Unsafe.Add(ref block, (nint)r0 * ld);
                    var p = 0;
                    for (; p + 8 <= kc; p += 8)
                    {
                        Transpose8x8(ref Unsafe.Add(ref eight, p), ld, ref Unsafe.Add(ref panel, p * width + r0), width);
                    }

                    for (var r = r0; r < r0 + 8; r++)
                    {
                        for (var q = p; q < kc; q++)
                        {
                            Unsafe.Add(ref panel, q * width + r) = Unsafe.Add(ref block, (nint)r * ld + q);
                        }
                    }
                }
            }

            for (var r = r0; r < rows; r++)
            {
                ref var row = ref Unsafe.Add(ref block, (nint)r * ld);
                for (var p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref panel, p * width + r) = Unsafe.Add(ref row, p);
                }
            }

            ZeroRows(ref panel, kc, width, rows);
        }
    }

    /// <summary>
    /// Packs columns first..first+count of a row-major matrix (leading dimension ld) over rows pc..pc+kc into
    /// width-wide micro-panels: panel g holds M[pc+p, first+g·width+j] at g·width·kc + p·width + j, with columns
    /// past the edge zero. This packs B of A·B and Aᵀ·B (stored k×n) and A of Aᵀ·B (stored k×m): every packed
    /// row is a contiguous run of the source.
    /// </summary>
    private static void PackColumns(ref double src, int ld, int first, int count, int pc, int kc, int width, ref double dst)
    {
        for (var g = 0; g < count; g += width)
        {
            var cols = Math.Min(width, count - g);
            ref var panel = ref Unsafe.Add(ref dst, g * kc);
            if (cols == width)
            {
                for (var p = 0; p < kc; p++)
                {
                    Copy(ref Unsafe.Add(ref src, (nint)(pc + p) * ld + first + g), ref Unsafe.Add(ref panel, p * width), width);
                }
            }
            else
            {
                // The ragged last panel: a few scalars and zeros per row, cheaper element by element than as spans.
                for (var p = 0; p < kc; p++)
                {
                    ref var from = ref Unsafe.Add(ref src, (nint)(pc + p) * ld + first + g);
                    ref var to = ref Unsafe.Add(ref panel, p * width);
                    var j = 0;
                    for (; j < cols; j++)
                    {
                        Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
                    }

                    for (; j < width; j++)
                    {
                        Unsafe.Add(ref to, j) = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8×8 block at <paramref name="src"/> (row stride <paramref name="ld"/>) to
    /// <paramref name="dst"/> (row stride <paramref name="dstStride"/>): three rounds of 2×2 block swaps at
    /// distances 1, 2 and 4 (unpack, two-source permute, 128-bit lane shuffle).
    /// </summary>
    private static void Transpose8x8(ref double src, int ld, ref double dst, int dstStride)
    {
        var r0 = Vector512.LoadUnsafe(ref src);
        var r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, ld));
        var r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 2 * ld));
        var r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 3 * ld));
        var r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 4 * ld));
        var r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 5 * ld));
        var r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 6 * ld));
        var r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, 7 * ld));

        // tᵢ pairs rows 2i, 2i+1: even columns (low) and odd columns (high).
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);

        // uⱼ holds column j (rows 0–3) in its low 256 bits and column j+4 in its high 256 bits; vⱼ the same for rows 4–7.
        var even = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
        var odd = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        var u0 = Avx512F.PermuteVar8x64x2(t0, even, t2);
        var u2 = Avx512F.PermuteVar8x64x2(t0, odd, t2);
        var u1 = Avx512F.PermuteVar8x64x2(t1, even, t3);
        var u3 = Avx512F.PermuteVar8x64x2(t1, odd, t3);
        var v0 = Avx512F.PermuteVar8x64x2(t4, even, t6);
        var v2 = Avx512F.PermuteVar8x64x2(t4, odd, t6);
        var v1 = Avx512F.PermuteVar8x64x2(t5, even, t7);
        var v3 = Avx512F.PermuteVar8x64x2(t5, odd, t7);

        // 0x44 takes the low 256 bits of both, 0xEE the high.
        Avx512F.Shuffle4x128(u0, v0, 0x44).StoreUnsafe(ref dst);
        Avx512F.Shuffle4x128(u1, v1, 0x44).StoreUnsafe(ref Unsafe.Add(ref dst, dstStride));
        Avx512F.Shuffle4x128(u2, v2, 0x44).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * dstStride));
        Avx512F.Shuffle4x128(u3, v3, 0x44).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * dstStride));
        Avx512F.Shuffle4x128(u0, v0, 0xEE).StoreUnsafe(ref Unsafe.Add(ref dst, 4 * dstStride));
        Avx512F.Shuffle4x128(u1, v1, 0xEE).StoreUnsafe(ref Unsafe.Add(ref dst, 5 * dstStride));
        Avx512F.Shuffle4x128(u2, v2, 0xEE).StoreUnsafe(ref Unsafe.Add(ref dst, 6 * dstStride));
        Avx512F.Shuffle4x128(u3, v3, 0xEE).StoreUnsafe(ref Unsafe.Add(ref dst, 7 * dstStride));
    }

    /// <summary>Zeroes entries valid..width−1 of each of the kc packed rows of a micro-panel (its padding).</summary>
    private static void ZeroRows(ref double panel, int kc, int width, int valid)
    {
        if (valid == width)
        {
            return;
        }

        for (var p = 0; p < kc; p++)
        {
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref panel, p * width + valid), width - valid).Clear();
        }
    }

    private static void Copy(ref double src, ref double dst, int count)
    {
        if (count == 8 && Vector512.IsHardwareAccelerated)
        {
            Vector512.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            return;
        }

        if (count == 16 && Vector512.IsHardwareAccelerated)
        {
            Vector512.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            Vector512.LoadUnsafe(ref src, 8).StoreUnsafe(ref dst, 8);
            return;
        }

        MemoryMarshal.CreateReadOnlySpan(ref src, count).CopyTo(MemoryMarshal.CreateSpan(ref dst, count));
    }

    /// <summary>A ragged tile: computed whole in a scratch tile (from the valid part of C when loading), of which rows×cols go back to C.</summary>
    private static void EdgeTile(Tile tile, int kc, ref double aPanel, ref double bPanel, ref double c, int ldc, bool load, int rows, int cols, int nr, ref double scratch)
    {
        if (load)
        {
            for (var r = 0; r < rows; r++)
            {
                Copy(ref Unsafe.Add(ref c, (nint)r * ldc), ref Unsafe.Add(ref scratch, r * nr), cols);
            }
        }

        Kernel(tile, kc, ref aPanel, ref bPanel, ref scratch, nr, load);
        for (var r = 0; r < rows; r++)
        {
            Copy(ref Unsafe.Add(ref scratch, r * nr), ref Unsafe.Add(ref c, (nint)r * ldc), cols);
        }
    }

    private static void Kernel(Tile tile, int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        switch (tile)
        {
            case Tile.Vector512x8x16:
                Kernel512Wide(kc, ref a, ref b, ref c, ldc, load);
                break;
            case Tile.Vector512x16x8:
                Kernel512Narrow(kc, ref a, ref b, ref c, ldc, load);
                break;
            case Tile.Vector256x6x8:
                Kernel256(kc, ref a, ref b, ref c, ldc, load);
                break;
            case Tile.Vector128x6x8:
                Kernel128(kc, ref a, ref b, ref c, ldc, load);
                break;
            default:
                KernelPortable(kc, ref a, ref b, ref c, ldc, load);
                break;
        }
    }
}
