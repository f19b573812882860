using System.Runtime.Intrinsics;

namespace Vjp.Functional;

/// <summary>The micro-kernel a <see cref="Gemm"/> call runs on; every path gives bit-identical results.</summary>
internal enum GemmPath
{
    /// <summary>Scalar <see cref="Math.FusedMultiplyAdd"/>, 4×4 tiles; runs everywhere.</summary>
    Portable,

    /// <summary><see cref="Vector128"/> fused multiply-adds (Arm64 AdvSimd, or x64 FMA), 6×8 tiles.</summary>
    Vector128,

    /// <summary><see cref="Vector256"/> fused multiply-adds (AVX2 + FMA), 6×8 tiles.</summary>
    Vector256,

    /// <summary><see cref="Vector512"/> fused multiply-adds (AVX-512F), 8×16 tiles (16×8 for narrow C).</summary>
    Vector512,
}
