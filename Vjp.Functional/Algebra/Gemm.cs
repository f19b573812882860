using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vjp.Functional;

/// <summary>The micro-kernel a <see cref="Gemm"/> call runs on; every path gives bit-identical results.</summary>
internal enum GemmPath
{
    /// <summary>Scalar <see cref="Math.FusedMultiplyAdd"/>, 4×4 tiles; runs everywhere.</summary>
    Portable,

    /// <summary><see cref="Vector256"/> fused multiply-adds (AVX2 + FMA), 6×8 tiles.</summary>
    Vector256,

    /// <summary><see cref="Vector512"/> fused multiply-adds (AVX-512F), 8×24 tiles.</summary>
    Vector512,
}

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
/// scratch tile, of which only the valid part reaches C.
/// </para>
/// <para>
/// Rounding: every Cᵢⱼ is one chain of fused multiply-adds in increasing p, starting from 0 (or from
/// the old Cᵢⱼ when accumulating), on every path and for every tile size; the depth blocks split k by
/// a rule that depends on k alone. Hence all <see cref="GemmPath"/>s agree bit for bit, and for
/// k ≤ KC the result equals the naive fused triple loop. The error bound is the usual
/// |Ĉᵢⱼ − Cᵢⱼ| ≤ γₖ Σₚ |Aᵢₚ||Bₚⱼ| (Higham, "Accuracy and Stability of Numerical Algorithms", §3.5),
/// γₖ = kε/(1 − kε). No block is skipped for being zero, so NaN and ∞ propagate as IEEE arithmetic says.
/// </para>
/// <para>
/// Packing buffers are per thread ([ThreadStatic]), allocated on the pinned object heap and aligned to
/// 64 bytes, grown on demand up to one MC×KC block plus one KC×NC panel; steady-state calls allocate
/// nothing, and concurrent calls on different threads share nothing mutable.
/// </para>
/// </remarks>
internal static class Gemm
{
    /// <summary>Largest depth block KC; k is split into ⌈k/KC⌉ blocks of near-equal size (a rule shared by every path).</summary>
    internal const int DepthBlock = 256;

    /// <summary>Largest tile a micro-kernel computes (8×24), the size of the scratch tile for edges.</summary>
    private const int MaxTile = 8 * 24;

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
        : GemmPath.Portable;

    /// <summary>Whether <paramref name="path"/> runs in hardware here (every path runs anywhere, emulated if need be).</summary>
    internal static bool IsAccelerated(GemmPath path) => path switch
    {
        GemmPath.Vector512 => Vector512.IsHardwareAccelerated,
        GemmPath.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
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

        var (mr, nr, mcMax, ncMax) = Geometry(path);
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

        Span<double> scratch = stackalloc double[MaxTile];
        ref var tile = ref MemoryMarshal.GetReference(scratch);

        for (var jc = 0; jc < n; jc += nc)
        {
            var nb = Math.Min(nc, n - jc);
            var pc = 0;
            for (var q = 0; q < kBlocks; q++)
            {
                var kc = kBase + (q < kRem ? 1 : 0);
                if (transposeB)
                {
                    PackBTransposed(ref b0, k, pc, kc, jc, nb, nr, ref packB);
                }
                else
                {
                    PackB(ref b0, n, pc, kc, jc, nb, nr, ref packB);
                }

                // The first depth block starts each tile from zero unless accumulating; later blocks continue it.
                var load = accumulate || q > 0;
                for (var ic = 0; ic < m; ic += mc)
                {
                    var mb = Math.Min(mc, m - ic);
                    if (transposeA)
                    {
                        PackATransposed(ref a0, m, pc, kc, ic, mb, mr, ref packA);
                    }
                    else
                    {
                        PackA(ref a0, k, pc, kc, ic, mb, mr, ref packA);
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
                                Kernel(path, kc, ref aPanel, ref bPanel, ref cTile, n, load);
                            }
                            else
                            {
                                EdgeTile(path, kc, ref aPanel, ref bPanel, ref cTile, n, load, rows, cols, nr, ref tile);
                            }
                        }
                    }
                }

                pc += kc;
            }
        }
    }

    /// <summary>(MR, NR, MC, NC) of a path: the register tile and the largest A block and B panel.</summary>
    private static (int Mr, int Nr, int Mc, int Nc) Geometry(GemmPath path) => path switch
    {
        GemmPath.Vector512 => (8, 24, 96, 240),
        GemmPath.Vector256 => (6, 8, 96, 256),
        _ => (4, 4, 64, 256),
    };

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>This thread's packing buffer, at least <paramref name="size"/> doubles from a 64-byte-aligned start.</summary>
    private static double[] Buffer(int size, out int skew)
    {
        var buffer = t_pack;
        if (buffer is null || buffer.Length < size + t_packSkew)
        {
            // Pinned, so the alignment computed once stays true; grown to the request rounded up to 64 Ki doubles.
            buffer = GC.AllocateUninitializedArray<double>(RoundUp(size + LineDoubles, 1 << 16), pinned: true);
            var address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
            t_packSkew = (int)((LineDoubles - (address.ToInt64() / sizeof(double) % LineDoubles)) % LineDoubles);
            t_pack = buffer;
        }

        skew = t_packSkew;
        return buffer;
    }

    /// <summary>
    /// Packs rows ic..ic+mb of A (stored m×k, row-major) over depth pc..pc+kc into MR-tall micro-panels:
    /// panel i holds A[ic+i·MR+r, pc+p] at p·MR + r, with rows past the edge zero.
    /// </summary>
    private static void PackA(ref double a, int k, int pc, int kc, int ic, int mb, int mr, ref double dst)
    {
        for (var ir = 0; ir < mb; ir += mr)
        {
            var rows = Math.Min(mr, mb - ir);
            ref var panel = ref Unsafe.Add(ref dst, ir * kc);
            for (var r = 0; r < rows; r++)
            {
                ref var src = ref Unsafe.Add(ref a, (nint)(ic + ir + r) * k + pc);
                for (var p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref panel, p * mr + r) = Unsafe.Add(ref src, p);
                }
            }

            ZeroRows(ref panel, kc, mr, rows);
        }
    }

    /// <summary>As <see cref="PackA"/> for A stored transposed (k×m): each packed row of MR is a contiguous run of A.</summary>
    private static void PackATransposed(ref double a, int m, int pc, int kc, int ic, int mb, int mr, ref double dst)
    {
        for (var ir = 0; ir < mb; ir += mr)
        {
            var rows = Math.Min(mr, mb - ir);
            ref var panel = ref Unsafe.Add(ref dst, ir * kc);
            for (var p = 0; p < kc; p++)
            {
                Copy(ref Unsafe.Add(ref a, (nint)(pc + p) * m + ic + ir), ref Unsafe.Add(ref panel, p * mr), rows);
            }

            ZeroRows(ref panel, kc, mr, rows);
        }
    }

    /// <summary>
    /// Packs columns jc..jc+nb of B (stored k×n, row-major) over depth pc..pc+kc into NR-wide micro-panels:
    /// panel j holds B[pc+p, jc+j·NR+c] at p·NR + c, with columns past the edge zero.
    /// </summary>
    private static void PackB(ref double b, int n, int pc, int kc, int jc, int nb, int nr, ref double dst)
    {
        for (var jr = 0; jr < nb; jr += nr)
        {
            var cols = Math.Min(nr, nb - jr);
            ref var panel = ref Unsafe.Add(ref dst, jr * kc);
            for (var p = 0; p < kc; p++)
            {
                Copy(ref Unsafe.Add(ref b, (nint)(pc + p) * n + jc + jr), ref Unsafe.Add(ref panel, p * nr), cols);
            }

            ZeroRows(ref panel, kc, nr, cols);
        }
    }

    /// <summary>As <see cref="PackB"/> for B stored transposed (n×k): each column of a micro-panel is a contiguous run of B.</summary>
    private static void PackBTransposed(ref double b, int k, int pc, int kc, int jc, int nb, int nr, ref double dst)
    {
        for (var jr = 0; jr < nb; jr += nr)
        {
            var cols = Math.Min(nr, nb - jr);
            ref var panel = ref Unsafe.Add(ref dst, jr * kc);
            for (var j = 0; j < cols; j++)
            {
                ref var src = ref Unsafe.Add(ref b, (nint)(jc + jr + j) * k + pc);
                for (var p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref panel, p * nr + j) = Unsafe.Add(ref src, p);
                }
            }

            ZeroRows(ref panel, kc, nr, cols);
        }
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

        if (count == 24 && Vector512.IsHardwareAccelerated)
        {
            Vector512.LoadUnsafe(ref src).StoreUnsafe(ref dst);
            Vector512.LoadUnsafe(ref src, 8).StoreUnsafe(ref dst, 8);
            Vector512.LoadUnsafe(ref src, 16).StoreUnsafe(ref dst, 16);
            return;
        }

        MemoryMarshal.CreateReadOnlySpan(ref src, count).CopyTo(MemoryMarshal.CreateSpan(ref dst, count));
    }

    /// <summary>A ragged tile: computed whole in a scratch tile (from the valid part of C when loading), of which rows×cols go back to C.</summary>
    private static void EdgeTile(GemmPath path, int kc, ref double aPanel, ref double bPanel, ref double c, int ldc, bool load, int rows, int cols, int nr, ref double tile)
    {
        if (load)
        {
            for (var r = 0; r < rows; r++)
            {
                Copy(ref Unsafe.Add(ref c, (nint)r * ldc), ref Unsafe.Add(ref tile, r * nr), cols);
            }
        }

        Kernel(path, kc, ref aPanel, ref bPanel, ref tile, nr, load);
        for (var r = 0; r < rows; r++)
        {
            Copy(ref Unsafe.Add(ref tile, r * nr), ref Unsafe.Add(ref c, (nint)r * ldc), cols);
        }
    }

    private static void Kernel(GemmPath path, int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        switch (path)
        {
            case GemmPath.Vector512:
                Kernel512(kc, ref a, ref b, ref c, ldc, load);
                break;
            case GemmPath.Vector256:
                Kernel256(kc, ref a, ref b, ref c, ldc, load);
                break;
            default:
                KernelPortable(kc, ref a, ref b, ref c, ldc, load);
                break;
        }
    }

    /// <summary>The 4×4 portable micro-kernel: the same fused chain per element as the vector kernels, in scalars.</summary>
    private static void KernelPortable(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        const int mr = 4, nr = 4;
        Span<double> acc = stackalloc double[mr * nr];
        if (load)
        {
            for (var r = 0; r < mr; r++)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref c, r * ldc), nr).CopyTo(acc.Slice(r * nr, nr));
            }
        }
        else
        {
            acc.Clear();
        }

        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < mr; r++)
            {
                var ar = Unsafe.Add(ref a, r);
                for (var j = 0; j < nr; j++)
                {
                    acc[r * nr + j] = Math.FusedMultiplyAdd(ar, Unsafe.Add(ref b, j), acc[r * nr + j]);
                }
            }

            a = ref Unsafe.Add(ref a, mr);
            b = ref Unsafe.Add(ref b, nr);
        }

        for (var r = 0; r < mr; r++)
        {
            acc.Slice(r * nr, nr).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, r * ldc), nr));
        }
    }

    /// <summary>The 8×24 Vector512 micro-kernel: C tile ← C tile (or 0) + Σₚ aₚ bₚᵀ over one packed depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        Vector512<double> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (load)
        {
            c00 = Vector512.LoadUnsafe(ref c, 0);
            c01 = Vector512.LoadUnsafe(ref c, 8);
            c02 = Vector512.LoadUnsafe(ref c, 16);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Vector512.LoadUnsafe(ref row1, 0);
            c11 = Vector512.LoadUnsafe(ref row1, 8);
            c12 = Vector512.LoadUnsafe(ref row1, 16);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Vector512.LoadUnsafe(ref row2, 0);
            c21 = Vector512.LoadUnsafe(ref row2, 8);
            c22 = Vector512.LoadUnsafe(ref row2, 16);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Vector512.LoadUnsafe(ref row3, 0);
            c31 = Vector512.LoadUnsafe(ref row3, 8);
            c32 = Vector512.LoadUnsafe(ref row3, 16);
            ref var row4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = Vector512.LoadUnsafe(ref row4, 0);
            c41 = Vector512.LoadUnsafe(ref row4, 8);
            c42 = Vector512.LoadUnsafe(ref row4, 16);
            ref var row5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = Vector512.LoadUnsafe(ref row5, 0);
            c51 = Vector512.LoadUnsafe(ref row5, 8);
            c52 = Vector512.LoadUnsafe(ref row5, 16);
            ref var row6 = ref Unsafe.Add(ref c, 6 * ldc);
            c60 = Vector512.LoadUnsafe(ref row6, 0);
            c61 = Vector512.LoadUnsafe(ref row6, 8);
            c62 = Vector512.LoadUnsafe(ref row6, 16);
            ref var row7 = ref Unsafe.Add(ref c, 7 * ldc);
            c70 = Vector512.LoadUnsafe(ref row7, 0);
            c71 = Vector512.LoadUnsafe(ref row7, 8);
            c72 = Vector512.LoadUnsafe(ref row7, 16);
        }
        else
        {
            c00 = Vector512<double>.Zero;
            c01 = Vector512<double>.Zero;
            c02 = Vector512<double>.Zero;
            c10 = Vector512<double>.Zero;
            c11 = Vector512<double>.Zero;
            c12 = Vector512<double>.Zero;
            c20 = Vector512<double>.Zero;
            c21 = Vector512<double>.Zero;
            c22 = Vector512<double>.Zero;
            c30 = Vector512<double>.Zero;
            c31 = Vector512<double>.Zero;
            c32 = Vector512<double>.Zero;
            c40 = Vector512<double>.Zero;
            c41 = Vector512<double>.Zero;
            c42 = Vector512<double>.Zero;
            c50 = Vector512<double>.Zero;
            c51 = Vector512<double>.Zero;
            c52 = Vector512<double>.Zero;
            c60 = Vector512<double>.Zero;
            c61 = Vector512<double>.Zero;
            c62 = Vector512<double>.Zero;
            c70 = Vector512<double>.Zero;
            c71 = Vector512<double>.Zero;
            c72 = Vector512<double>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, 0);
            var b1 = Vector512.LoadUnsafe(ref b, 8);
            var b2 = Vector512.LoadUnsafe(ref b, 16);
            var a0 = Vector512.Create(Unsafe.Add(ref a, 0));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            var a1 = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
            var a2 = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
            var a3 = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
            var a4 = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
            var a5 = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
            var a6 = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            c62 = Vector512.FusedMultiplyAdd(a6, b2, c62);
            var a7 = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            c72 = Vector512.FusedMultiplyAdd(a7, b2, c72);
            a = ref Unsafe.Add(ref a, 8);
            b = ref Unsafe.Add(ref b, 24);
        }

        c00.StoreUnsafe(ref c, 0);
        c01.StoreUnsafe(ref c, 8);
        c02.StoreUnsafe(ref c, 16);
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        c10.StoreUnsafe(ref out1, 0);
        c11.StoreUnsafe(ref out1, 8);
        c12.StoreUnsafe(ref out1, 16);
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        c20.StoreUnsafe(ref out2, 0);
        c21.StoreUnsafe(ref out2, 8);
        c22.StoreUnsafe(ref out2, 16);
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        c30.StoreUnsafe(ref out3, 0);
        c31.StoreUnsafe(ref out3, 8);
        c32.StoreUnsafe(ref out3, 16);
        ref var out4 = ref Unsafe.Add(ref c, 4 * ldc);
        c40.StoreUnsafe(ref out4, 0);
        c41.StoreUnsafe(ref out4, 8);
        c42.StoreUnsafe(ref out4, 16);
        ref var out5 = ref Unsafe.Add(ref c, 5 * ldc);
        c50.StoreUnsafe(ref out5, 0);
        c51.StoreUnsafe(ref out5, 8);
        c52.StoreUnsafe(ref out5, 16);
        ref var out6 = ref Unsafe.Add(ref c, 6 * ldc);
        c60.StoreUnsafe(ref out6, 0);
        c61.StoreUnsafe(ref out6, 8);
        c62.StoreUnsafe(ref out6, 16);
        ref var out7 = ref Unsafe.Add(ref c, 7 * ldc);
        c70.StoreUnsafe(ref out7, 0);
        c71.StoreUnsafe(ref out7, 8);
        c72.StoreUnsafe(ref out7, 16);
    }

    /// <summary>The 6×8 Vector256 micro-kernel: C tile ← C tile (or 0) + Σₚ aₚ bₚᵀ over one packed depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load)
        {
            c00 = Vector256.LoadUnsafe(ref c, 0);
            c01 = Vector256.LoadUnsafe(ref c, 4);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Vector256.LoadUnsafe(ref row1, 0);
            c11 = Vector256.LoadUnsafe(ref row1, 4);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Vector256.LoadUnsafe(ref row2, 0);
            c21 = Vector256.LoadUnsafe(ref row2, 4);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Vector256.LoadUnsafe(ref row3, 0);
            c31 = Vector256.LoadUnsafe(ref row3, 4);
            ref var row4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = Vector256.LoadUnsafe(ref row4, 0);
            c41 = Vector256.LoadUnsafe(ref row4, 4);
            ref var row5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = Vector256.LoadUnsafe(ref row5, 0);
            c51 = Vector256.LoadUnsafe(ref row5, 4);
        }
        else
        {
            c00 = Vector256<double>.Zero;
            c01 = Vector256<double>.Zero;
            c10 = Vector256<double>.Zero;
            c11 = Vector256<double>.Zero;
            c20 = Vector256<double>.Zero;
            c21 = Vector256<double>.Zero;
            c30 = Vector256<double>.Zero;
            c31 = Vector256<double>.Zero;
            c40 = Vector256<double>.Zero;
            c41 = Vector256<double>.Zero;
            c50 = Vector256<double>.Zero;
            c51 = Vector256<double>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b, 0);
            var b1 = Vector256.LoadUnsafe(ref b, 4);
            var a0 = Vector256.Create(Unsafe.Add(ref a, 0));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a = ref Unsafe.Add(ref a, 6);
            b = ref Unsafe.Add(ref b, 8);
        }

        c00.StoreUnsafe(ref c, 0);
        c01.StoreUnsafe(ref c, 4);
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        c10.StoreUnsafe(ref out1, 0);
        c11.StoreUnsafe(ref out1, 4);
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        c20.StoreUnsafe(ref out2, 0);
        c21.StoreUnsafe(ref out2, 4);
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        c30.StoreUnsafe(ref out3, 0);
        c31.StoreUnsafe(ref out3, 4);
        ref var out4 = ref Unsafe.Add(ref c, 4 * ldc);
        c40.StoreUnsafe(ref out4, 0);
        c41.StoreUnsafe(ref out4, 4);
        ref var out5 = ref Unsafe.Add(ref c, 5 * ldc);
        c50.StoreUnsafe(ref out5, 0);
        c51.StoreUnsafe(ref out5, 4);
    }
}
