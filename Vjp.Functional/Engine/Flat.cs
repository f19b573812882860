using System.Runtime.InteropServices;

namespace Vjp.Functional.Engine;

/// <summary>
/// A space whose values are one contiguous array of doubles (<see cref="Vec"/>, <see cref="Mat"/>): what an
/// elementwise lifting needs to run a scalar rule over any shape, and the shape-preserving rules its
/// differentiable forms use (⊙ and scaling). The maths of an elementwise rule is the scalar rule's in every
/// flat space; only the wrapping of the result differs.
/// </summary>
internal abstract class Flat
{
    /// <summary>Vectors, ℝⁿ.</summary>
    public static readonly Flat Vector = new VecFlat();

    /// <summary>Matrices, ℝ^(m×n) as m·n row-major doubles.</summary>
    public static readonly Flat Matrix = new MatFlat();

    public abstract VectorSpace Space { get; }

    /// <summary>The entries, row-major.</summary>
    public abstract ReadOnlySpan<double> Read(object x);

    /// <summary>A value shaped like <paramref name="like"/> that owns <paramref name="values"/>.</summary>
    public abstract object Wrap(object like, double[] values);

    /// <summary>(a, b) ↦ a ⊙ b in this space.</summary>
    public abstract Rule Hadamard { get; }

    /// <summary>(s, a) ↦ s·a in this space.</summary>
    public abstract Rule Scale { get; }

    /// <summary>
    /// The storage of a value the differentiation sweep owns (a fresh cotangent that nothing else references), for
    /// adding into it in place. Never used on a value a caller can see.
    /// </summary>
    public static Span<double> Owned(ReadOnlySpan<double> values) => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(values), values.Length);

    /// <summary>The storage of an owned matrix (see <see cref="Owned(ReadOnlySpan{double})"/>).</summary>
    public static Span<double> Owned(Mat m) => Owned(m.AsSpan());

    /// <summary>The storage of an owned vector (see <see cref="Owned(ReadOnlySpan{double})"/>).</summary>
    public static Span<double> Owned(Vec v) => Owned(v.AsSpan());

    private sealed class VecFlat : Flat
    {
        public override VectorSpace Space => VecSpace.Default;

        public override ReadOnlySpan<double> Read(object x) => ((Vec)x).AsSpan();

        public override object Wrap(object like, double[] values) => Vec.Wrap(values);

        public override Rule Hadamard => VecPrimitives.HadamardRule;

        public override Rule Scale => VecPrimitives.ScaleRule;
    }

    private sealed class MatFlat : Flat
    {
        public override VectorSpace Space => MatSpace.Default;

        public override ReadOnlySpan<double> Read(object x) => ((Mat)x).AsSpan();

        public override object Wrap(object like, double[] values)
        {
            var m = (Mat)like;
            return Mat.Wrap(m.Rows, m.Cols, values);
        }

        public override Rule Hadamard => MatPrimitives.HadamardRule;

        public override Rule Scale => MatPrimitives.ScaleRule;
    }
}
