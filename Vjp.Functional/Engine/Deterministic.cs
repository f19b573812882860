using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Vjp.Functional.Engine;

/// <summary>
/// Elementwise span kernels made independent of where their buffers lie in memory. <see cref="TensorPrimitives"/>
/// aligns its main loop to the destination's address once a span is longer than eight vectors, so which elements
/// share a SIMD vector depends on that address; and its transcendental kernels (sin, cos, tanh, exp, …) compute a
/// whole vector by the scalar <c>Math</c> function when one lane lies outside the polynomial's range. Together:
/// the same x gave results 1 ulp apart in two calls whose fresh output arrays happened to lie at different
/// addresses (Invoke against ValueWithPullback, or two Invokes). Calling the kernel on consecutive chunks of at
/// most eight vectors each keeps TensorPrimitives off its aligning path, so the grouping of elements into vectors
/// depends on the length alone, and every call on the same x gives the same bits — for one compiled version of the
/// kernel. The precompiled (ReadyToRun) code of a TensorPrimitives kernel and the JIT's tier-1 code that replaces it
/// group lanes differently (by all signs different vector widths), so a transcendental kernel with a scalar fallback (tanh, exp) still changed its bits
/// at tier-up: those are computed by the scalar <c>Math</c> function instead (<see cref="Exp"/>, Vec tanh).
/// </summary>
internal static class Deterministic
{
    /// <summary>Eight of the widest vectors TensorPrimitives uses on this machine: no longer span is aligned.</summary>
    internal static readonly int Chunk =
        8 * (Vector512.IsHardwareAccelerated ? Vector512<double>.Count
            : Vector256.IsHardwareAccelerated ? Vector256<double>.Count
            : Vector128<double>.Count);

    /// <summary>The kernel applied chunk by chunk (null for null).</summary>
    public static SpanMap? Chunked(SpanMap? kernel) =>
        kernel is null ? null : (x, destination) =>
        {
            for (var i = 0; i < x.Length; i += Chunk)
            {
                var n = Math.Min(Chunk, x.Length - i);
                kernel(x.Slice(i, n), destination.Slice(i, n));
            }
        };

    /// <summary>The derivative kernel applied chunk by chunk (null for null).</summary>
    public static SpanDerivative? Chunked(SpanDerivative? kernel) =>
        kernel is null ? null : (x, y, destination) =>
        {
            for (var i = 0; i < x.Length; i += Chunk)
            {
                var n = Math.Min(Chunk, x.Length - i);
                kernel(x.Slice(i, n), y.Slice(i, n), destination.Slice(i, n));
            }
        };

    /// <summary>
    /// <c>destination = exp(x)</c> elementwise by <see cref="Math.Exp"/> (in place allowed). Not
    /// <c>TensorPrimitives.Exp</c>: chunking fixes its grouping for one compiled version of it, but its precompiled
    /// code and the JIT's tier-1 code group lanes differently (by all signs different vector widths), so its bits changed at tier-up.
    /// </summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> destination)
    {
        for (var i = 0; i < x.Length; i++)
        {
            destination[i] = Math.Exp(x[i]);
        }
    }

    /// <summary>Σᵢ xᵢ, as the sum of the chunks' sums, in order (see the type's summary: reductions align too).</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        if (x.Length <= Chunk)
        {
            return TensorPrimitives.Sum(x);
        }

        var s = 0.0;
        for (var i = 0; i < x.Length; i += Chunk)
        {
            s += TensorPrimitives.Sum(x.Slice(i, Math.Min(Chunk, x.Length - i)));
        }

        return s;
    }

    /// <summary>⟨a, b⟩, as the sum of the chunks' inner products, in order.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length <= Chunk || a.Length != b.Length)
        {
            return TensorPrimitives.Dot(a, b); // short, or throws its own length error
        }

        var s = 0.0;
        for (var i = 0; i < a.Length; i += Chunk)
        {
            var n = Math.Min(Chunk, a.Length - i);
            s += TensorPrimitives.Dot(a.Slice(i, n), b.Slice(i, n));
        }

        return s;
    }

    /// <summary>‖x‖₂, as TensorPrimitives.Norm (√Σxᵢ²) over chunks.</summary>
    public static double Norm(ReadOnlySpan<double> x)
    {
        if (x.Length <= Chunk)
        {
            return TensorPrimitives.Norm(x);
        }

        var s = 0.0;
        for (var i = 0; i < x.Length; i += Chunk)
        {
            s += TensorPrimitives.SumOfSquares(x.Slice(i, Math.Min(Chunk, x.Length - i)));
        }

        return Math.Sqrt(s);
    }
}
