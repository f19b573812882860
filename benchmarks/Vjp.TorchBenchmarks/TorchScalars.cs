using TorchSharp;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The scalars the TorchSharp rows use, created once, outside any dispose scope, and held for the process.
/// </summary>
/// <remarks>
/// TorchSharp turns a <c>double</c> operand (and the implicit <c>alpha = 1</c> of <c>Tensor.add</c> and
/// <c>+</c>) into a temporary <see cref="Scalar"/> and passes its native handle to libtorch without keeping
/// the managed object alive for the call. When a collection runs during that call (the interleaved Vjp rows
/// allocate megabytes), the temporary's finaliser can free the native scalar while libtorch reads it, which
/// surfaced as <c>ExternalException: Expected false to be true … toDouble at c10/core/Scalar.h</c> in
/// one run of three. Every TorchSharp row therefore passes these long-lived scalars explicitly.
/// </remarks>
public static class TorchScalars
{
    /// <summary>1.</summary>
    public static readonly Scalar One;

    /// <summary>½.</summary>
    public static readonly Scalar Half;

    /// <summary>1/√2.</summary>
    public static readonly Scalar InvSqrt2;

    static TorchScalars()
    {
        One = 1.0.ToScalar();
        Half = 0.5.ToScalar();
        InvSqrt2 = (1 / Math.Sqrt(2)).ToScalar();
    }

    /// <summary>Creates the scalars now (call before any dispose scope opens, so that none owns them).</summary>
    public static void Create() => GC.KeepAlive(One);
}
