using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Vjp.Functional;

/// <content>
/// The micro-kernels. Each computes one MR×NR tile over one packed depth block: A's micro-panel holds MR
/// values per step p, B's NR, and every step is one broadcast of each A value and one fused multiply-add
/// per register of the tile, Cᵣⱼ ← fma(Aᵣₚ, Bₚⱼ, Cᵣⱼ). They differ only in register width and tile shape,
/// which changes no rounding. The vector kernels are written out (generated, one line per register) so
/// that the JIT keeps the whole tile in registers.
/// </content>
internal static partial class Gemm
{
    /// <summary>The 4×4 portable micro-kernel: the vector kernels' fused chain per element, in scalar registers.</summary>
    private static void KernelPortable(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        double c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (load)
        {
            c00 = Unsafe.Add(ref c, 0);
            c01 = Unsafe.Add(ref c, 1);
            c02 = Unsafe.Add(ref c, 2);
            c03 = Unsafe.Add(ref c, 3);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Unsafe.Add(ref row1, 0);
            c11 = Unsafe.Add(ref row1, 1);
            c12 = Unsafe.Add(ref row1, 2);
            c13 = Unsafe.Add(ref row1, 3);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Unsafe.Add(ref row2, 0);
            c21 = Unsafe.Add(ref row2, 1);
            c22 = Unsafe.Add(ref row2, 2);
            c23 = Unsafe.Add(ref row2, 3);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Unsafe.Add(ref row3, 0);
            c31 = Unsafe.Add(ref row3, 1);
            c32 = Unsafe.Add(ref row3, 2);
            c33 = Unsafe.Add(ref row3, 3);
        }
        else
        {
            c00 = 0; c01 = 0; c02 = 0; c03 = 0;
            c10 = 0; c11 = 0; c12 = 0; c13 = 0;
            c20 = 0; c21 = 0; c22 = 0; c23 = 0;
            c30 = 0; c31 = 0; c32 = 0; c33 = 0;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Unsafe.Add(ref b, 0);
            var b1 = Unsafe.Add(ref b, 1);
            var b2 = Unsafe.Add(ref b, 2);
            var b3 = Unsafe.Add(ref b, 3);
            var a0 = Unsafe.Add(ref a, 0);
            c00 = Math.FusedMultiplyAdd(a0, b0, c00);
            c01 = Math.FusedMultiplyAdd(a0, b1, c01);
            c02 = Math.FusedMultiplyAdd(a0, b2, c02);
            c03 = Math.FusedMultiplyAdd(a0, b3, c03);
            var a1 = Unsafe.Add(ref a, 1);
            c10 = Math.FusedMultiplyAdd(a1, b0, c10);
            c11 = Math.FusedMultiplyAdd(a1, b1, c11);
            c12 = Math.FusedMultiplyAdd(a1, b2, c12);
            c13 = Math.FusedMultiplyAdd(a1, b3, c13);
            var a2 = Unsafe.Add(ref a, 2);
            c20 = Math.FusedMultiplyAdd(a2, b0, c20);
            c21 = Math.FusedMultiplyAdd(a2, b1, c21);
            c22 = Math.FusedMultiplyAdd(a2, b2, c22);
            c23 = Math.FusedMultiplyAdd(a2, b3, c23);
            var a3 = Unsafe.Add(ref a, 3);
            c30 = Math.FusedMultiplyAdd(a3, b0, c30);
            c31 = Math.FusedMultiplyAdd(a3, b1, c31);
            c32 = Math.FusedMultiplyAdd(a3, b2, c32);
            c33 = Math.FusedMultiplyAdd(a3, b3, c33);
            a = ref Unsafe.Add(ref a, 4);
            b = ref Unsafe.Add(ref b, 4);
        }

        Unsafe.Add(ref c, 0) = c00;
        Unsafe.Add(ref c, 1) = c01;
        Unsafe.Add(ref c, 2) = c02;
        Unsafe.Add(ref c, 3) = c03;
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        Unsafe.Add(ref out1, 0) = c10;
        Unsafe.Add(ref out1, 1) = c11;
        Unsafe.Add(ref out1, 2) = c12;
        Unsafe.Add(ref out1, 3) = c13;
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        Unsafe.Add(ref out2, 0) = c20;
        Unsafe.Add(ref out2, 1) = c21;
        Unsafe.Add(ref out2, 2) = c22;
        Unsafe.Add(ref out2, 3) = c23;
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        Unsafe.Add(ref out3, 0) = c30;
        Unsafe.Add(ref out3, 1) = c31;
        Unsafe.Add(ref out3, 2) = c32;
        Unsafe.Add(ref out3, 3) = c33;
    }

    /// <summary>The 6×8 Vector128 micro-kernel: C tile ← C tile (or 0) + Σₚ aₚ bₚᵀ over one packed depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        Vector128<double> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (load)
        {
            c00 = Vector128.LoadUnsafe(ref c, 0);
            c01 = Vector128.LoadUnsafe(ref c, 2);
            c02 = Vector128.LoadUnsafe(ref c, 4);
            c03 = Vector128.LoadUnsafe(ref c, 6);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Vector128.LoadUnsafe(ref row1, 0);
            c11 = Vector128.LoadUnsafe(ref row1, 2);
            c12 = Vector128.LoadUnsafe(ref row1, 4);
            c13 = Vector128.LoadUnsafe(ref row1, 6);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Vector128.LoadUnsafe(ref row2, 0);
            c21 = Vector128.LoadUnsafe(ref row2, 2);
            c22 = Vector128.LoadUnsafe(ref row2, 4);
            c23 = Vector128.LoadUnsafe(ref row2, 6);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Vector128.LoadUnsafe(ref row3, 0);
            c31 = Vector128.LoadUnsafe(ref row3, 2);
            c32 = Vector128.LoadUnsafe(ref row3, 4);
            c33 = Vector128.LoadUnsafe(ref row3, 6);
            ref var row4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = Vector128.LoadUnsafe(ref row4, 0);
            c41 = Vector128.LoadUnsafe(ref row4, 2);
            c42 = Vector128.LoadUnsafe(ref row4, 4);
            c43 = Vector128.LoadUnsafe(ref row4, 6);
            ref var row5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = Vector128.LoadUnsafe(ref row5, 0);
            c51 = Vector128.LoadUnsafe(ref row5, 2);
            c52 = Vector128.LoadUnsafe(ref row5, 4);
            c53 = Vector128.LoadUnsafe(ref row5, 6);
        }
        else
        {
            c00 = Vector128<double>.Zero;
            c01 = Vector128<double>.Zero;
            c02 = Vector128<double>.Zero;
            c03 = Vector128<double>.Zero;
            c10 = Vector128<double>.Zero;
            c11 = Vector128<double>.Zero;
            c12 = Vector128<double>.Zero;
            c13 = Vector128<double>.Zero;
            c20 = Vector128<double>.Zero;
            c21 = Vector128<double>.Zero;
            c22 = Vector128<double>.Zero;
            c23 = Vector128<double>.Zero;
            c30 = Vector128<double>.Zero;
            c31 = Vector128<double>.Zero;
            c32 = Vector128<double>.Zero;
            c33 = Vector128<double>.Zero;
            c40 = Vector128<double>.Zero;
            c41 = Vector128<double>.Zero;
            c42 = Vector128<double>.Zero;
            c43 = Vector128<double>.Zero;
            c50 = Vector128<double>.Zero;
            c51 = Vector128<double>.Zero;
            c52 = Vector128<double>.Zero;
            c53 = Vector128<double>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector128.LoadUnsafe(ref b, 0);
            var b1 = Vector128.LoadUnsafe(ref b, 2);
            var b2 = Vector128.LoadUnsafe(ref b, 4);
            var b3 = Vector128.LoadUnsafe(ref b, 6);
            var a0 = Vector128.Create(Unsafe.Add(ref a, 0));
            c00 = Vector128.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(a0, b2, c02);
            c03 = Vector128.FusedMultiplyAdd(a0, b3, c03);
            var a1 = Vector128.Create(Unsafe.Add(ref a, 1));
            c10 = Vector128.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(a1, b2, c12);
            c13 = Vector128.FusedMultiplyAdd(a1, b3, c13);
            var a2 = Vector128.Create(Unsafe.Add(ref a, 2));
            c20 = Vector128.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(a2, b2, c22);
            c23 = Vector128.FusedMultiplyAdd(a2, b3, c23);
            var a3 = Vector128.Create(Unsafe.Add(ref a, 3));
            c30 = Vector128.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(a3, b2, c32);
            c33 = Vector128.FusedMultiplyAdd(a3, b3, c33);
            var a4 = Vector128.Create(Unsafe.Add(ref a, 4));
            c40 = Vector128.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector128.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector128.FusedMultiplyAdd(a4, b2, c42);
            c43 = Vector128.FusedMultiplyAdd(a4, b3, c43);
            var a5 = Vector128.Create(Unsafe.Add(ref a, 5));
            c50 = Vector128.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector128.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector128.FusedMultiplyAdd(a5, b2, c52);
            c53 = Vector128.FusedMultiplyAdd(a5, b3, c53);
            a = ref Unsafe.Add(ref a, 6);
            b = ref Unsafe.Add(ref b, 8);
        }

        c00.StoreUnsafe(ref c, 0);
        c01.StoreUnsafe(ref c, 2);
        c02.StoreUnsafe(ref c, 4);
        c03.StoreUnsafe(ref c, 6);
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        c10.StoreUnsafe(ref out1, 0);
        c11.StoreUnsafe(ref out1, 2);
        c12.StoreUnsafe(ref out1, 4);
        c13.StoreUnsafe(ref out1, 6);
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        c20.StoreUnsafe(ref out2, 0);
        c21.StoreUnsafe(ref out2, 2);
        c22.StoreUnsafe(ref out2, 4);
        c23.StoreUnsafe(ref out2, 6);
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        c30.StoreUnsafe(ref out3, 0);
        c31.StoreUnsafe(ref out3, 2);
        c32.StoreUnsafe(ref out3, 4);
        c33.StoreUnsafe(ref out3, 6);
        ref var out4 = ref Unsafe.Add(ref c, 4 * ldc);
        c40.StoreUnsafe(ref out4, 0);
        c41.StoreUnsafe(ref out4, 2);
        c42.StoreUnsafe(ref out4, 4);
        c43.StoreUnsafe(ref out4, 6);
        ref var out5 = ref Unsafe.Add(ref c, 5 * ldc);
        c50.StoreUnsafe(ref out5, 0);
        c51.StoreUnsafe(ref out5, 2);
        c52.StoreUnsafe(ref out5, 4);
        c53.StoreUnsafe(ref out5, 6);
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

    /// <summary>The 8×16 Vector512 micro-kernel: C tile ← C tile (or 0) + Σₚ aₚ bₚᵀ over one packed depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Wide(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        Vector512<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load)
        {
            c00 = Vector512.LoadUnsafe(ref c, 0);
            c01 = Vector512.LoadUnsafe(ref c, 8);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Vector512.LoadUnsafe(ref row1, 0);
            c11 = Vector512.LoadUnsafe(ref row1, 8);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Vector512.LoadUnsafe(ref row2, 0);
            c21 = Vector512.LoadUnsafe(ref row2, 8);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Vector512.LoadUnsafe(ref row3, 0);
            c31 = Vector512.LoadUnsafe(ref row3, 8);
            ref var row4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = Vector512.LoadUnsafe(ref row4, 0);
            c41 = Vector512.LoadUnsafe(ref row4, 8);
            ref var row5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = Vector512.LoadUnsafe(ref row5, 0);
            c51 = Vector512.LoadUnsafe(ref row5, 8);
            ref var row6 = ref Unsafe.Add(ref c, 6 * ldc);
            c60 = Vector512.LoadUnsafe(ref row6, 0);
            c61 = Vector512.LoadUnsafe(ref row6, 8);
            ref var row7 = ref Unsafe.Add(ref c, 7 * ldc);
            c70 = Vector512.LoadUnsafe(ref row7, 0);
            c71 = Vector512.LoadUnsafe(ref row7, 8);
        }
        else
        {
            c00 = Vector512<double>.Zero;
            c01 = Vector512<double>.Zero;
            c10 = Vector512<double>.Zero;
            c11 = Vector512<double>.Zero;
            c20 = Vector512<double>.Zero;
            c21 = Vector512<double>.Zero;
            c30 = Vector512<double>.Zero;
            c31 = Vector512<double>.Zero;
            c40 = Vector512<double>.Zero;
            c41 = Vector512<double>.Zero;
            c50 = Vector512<double>.Zero;
            c51 = Vector512<double>.Zero;
            c60 = Vector512<double>.Zero;
            c61 = Vector512<double>.Zero;
            c70 = Vector512<double>.Zero;
            c71 = Vector512<double>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, 0);
            var b1 = Vector512.LoadUnsafe(ref b, 8);
            var a0 = Vector512.Create(Unsafe.Add(ref a, 0));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a = ref Unsafe.Add(ref a, 8);
            b = ref Unsafe.Add(ref b, 16);
        }

        c00.StoreUnsafe(ref c, 0);
        c01.StoreUnsafe(ref c, 8);
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        c10.StoreUnsafe(ref out1, 0);
        c11.StoreUnsafe(ref out1, 8);
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        c20.StoreUnsafe(ref out2, 0);
        c21.StoreUnsafe(ref out2, 8);
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        c30.StoreUnsafe(ref out3, 0);
        c31.StoreUnsafe(ref out3, 8);
        ref var out4 = ref Unsafe.Add(ref c, 4 * ldc);
        c40.StoreUnsafe(ref out4, 0);
        c41.StoreUnsafe(ref out4, 8);
        ref var out5 = ref Unsafe.Add(ref c, 5 * ldc);
        c50.StoreUnsafe(ref out5, 0);
        c51.StoreUnsafe(ref out5, 8);
        ref var out6 = ref Unsafe.Add(ref c, 6 * ldc);
        c60.StoreUnsafe(ref out6, 0);
        c61.StoreUnsafe(ref out6, 8);
        ref var out7 = ref Unsafe.Add(ref c, 7 * ldc);
        c70.StoreUnsafe(ref out7, 0);
        c71.StoreUnsafe(ref out7, 8);
    }

    /// <summary>The 16×8 Vector512 micro-kernel: C tile ← C tile (or 0) + Σₚ aₚ bₚᵀ over one packed depth block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Narrow(int kc, ref double a, ref double b, ref double c, nint ldc, bool load)
    {
        Vector512<double> c00, c10, c20, c30, c40, c50, c60, c70, c80, c90, c100, c110, c120, c130, c140, c150;
        if (load)
        {
            c00 = Vector512.LoadUnsafe(ref c, 0);
            ref var row1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = Vector512.LoadUnsafe(ref row1, 0);
            ref var row2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = Vector512.LoadUnsafe(ref row2, 0);
            ref var row3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = Vector512.LoadUnsafe(ref row3, 0);
            ref var row4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = Vector512.LoadUnsafe(ref row4, 0);
            ref var row5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = Vector512.LoadUnsafe(ref row5, 0);
            ref var row6 = ref Unsafe.Add(ref c, 6 * ldc);
            c60 = Vector512.LoadUnsafe(ref row6, 0);
            ref var row7 = ref Unsafe.Add(ref c, 7 * ldc);
            c70 = Vector512.LoadUnsafe(ref row7, 0);
            ref var row8 = ref Unsafe.Add(ref c, 8 * ldc);
            c80 = Vector512.LoadUnsafe(ref row8, 0);
            ref var row9 = ref Unsafe.Add(ref c, 9 * ldc);
            c90 = Vector512.LoadUnsafe(ref row9, 0);
            ref var row10 = ref Unsafe.Add(ref c, 10 * ldc);
            c100 = Vector512.LoadUnsafe(ref row10, 0);
            ref var row11 = ref Unsafe.Add(ref c, 11 * ldc);
            c110 = Vector512.LoadUnsafe(ref row11, 0);
            ref var row12 = ref Unsafe.Add(ref c, 12 * ldc);
            c120 = Vector512.LoadUnsafe(ref row12, 0);
            ref var row13 = ref Unsafe.Add(ref c, 13 * ldc);
            c130 = Vector512.LoadUnsafe(ref row13, 0);
            ref var row14 = ref Unsafe.Add(ref c, 14 * ldc);
            c140 = Vector512.LoadUnsafe(ref row14, 0);
            ref var row15 = ref Unsafe.Add(ref c, 15 * ldc);
            c150 = Vector512.LoadUnsafe(ref row15, 0);
        }
        else
        {
            c00 = Vector512<double>.Zero;
            c10 = Vector512<double>.Zero;
            c20 = Vector512<double>.Zero;
            c30 = Vector512<double>.Zero;
            c40 = Vector512<double>.Zero;
            c50 = Vector512<double>.Zero;
            c60 = Vector512<double>.Zero;
            c70 = Vector512<double>.Zero;
            c80 = Vector512<double>.Zero;
            c90 = Vector512<double>.Zero;
            c100 = Vector512<double>.Zero;
            c110 = Vector512<double>.Zero;
            c120 = Vector512<double>.Zero;
            c130 = Vector512<double>.Zero;
            c140 = Vector512<double>.Zero;
            c150 = Vector512<double>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, 0);
            var a0 = Vector512.Create(Unsafe.Add(ref a, 0));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            var a1 = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            var a2 = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            var a3 = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            var a4 = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            var a5 = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            var a6 = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            var a7 = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            var a8 = Vector512.Create(Unsafe.Add(ref a, 8));
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            var a9 = Vector512.Create(Unsafe.Add(ref a, 9));
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            var a10 = Vector512.Create(Unsafe.Add(ref a, 10));
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            var a11 = Vector512.Create(Unsafe.Add(ref a, 11));
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            var a12 = Vector512.Create(Unsafe.Add(ref a, 12));
            c120 = Vector512.FusedMultiplyAdd(a12, b0, c120);
            var a13 = Vector512.Create(Unsafe.Add(ref a, 13));
            c130 = Vector512.FusedMultiplyAdd(a13, b0, c130);
            var a14 = Vector512.Create(Unsafe.Add(ref a, 14));
            c140 = Vector512.FusedMultiplyAdd(a14, b0, c140);
            var a15 = Vector512.Create(Unsafe.Add(ref a, 15));
            c150 = Vector512.FusedMultiplyAdd(a15, b0, c150);
            a = ref Unsafe.Add(ref a, 16);
            b = ref Unsafe.Add(ref b, 8);
        }

        c00.StoreUnsafe(ref c, 0);
        ref var out1 = ref Unsafe.Add(ref c, 1 * ldc);
        c10.StoreUnsafe(ref out1, 0);
        ref var out2 = ref Unsafe.Add(ref c, 2 * ldc);
        c20.StoreUnsafe(ref out2, 0);
        ref var out3 = ref Unsafe.Add(ref c, 3 * ldc);
        c30.StoreUnsafe(ref out3, 0);
        ref var out4 = ref Unsafe.Add(ref c, 4 * ldc);
        c40.StoreUnsafe(ref out4, 0);
        ref var out5 = ref Unsafe.Add(ref c, 5 * ldc);
        c50.StoreUnsafe(ref out5, 0);
        ref var out6 = ref Unsafe.Add(ref c, 6 * ldc);
        c60.StoreUnsafe(ref out6, 0);
        ref var out7 = ref Unsafe.Add(ref c, 7 * ldc);
        c70.StoreUnsafe(ref out7, 0);
        ref var out8 = ref Unsafe.Add(ref c, 8 * ldc);
        c80.StoreUnsafe(ref out8, 0);
        ref var out9 = ref Unsafe.Add(ref c, 9 * ldc);
        c90.StoreUnsafe(ref out9, 0);
        ref var out10 = ref Unsafe.Add(ref c, 10 * ldc);
        c100.StoreUnsafe(ref out10, 0);
        ref var out11 = ref Unsafe.Add(ref c, 11 * ldc);
        c110.StoreUnsafe(ref out11, 0);
        ref var out12 = ref Unsafe.Add(ref c, 12 * ldc);
        c120.StoreUnsafe(ref out12, 0);
        ref var out13 = ref Unsafe.Add(ref c, 13 * ldc);
        c130.StoreUnsafe(ref out13, 0);
        ref var out14 = ref Unsafe.Add(ref c, 14 * ldc);
        c140.StoreUnsafe(ref out14, 0);
        ref var out15 = ref Unsafe.Add(ref c, 15 * ldc);
        c150.StoreUnsafe(ref out15, 0);
    }
}
