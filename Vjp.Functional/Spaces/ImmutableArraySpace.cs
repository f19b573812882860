using System.Collections.Immutable;

namespace Vjp.Functional;

/// <summary>
/// An <see cref="ImmutableArray{T}"/> of differentiable values as a vector space: the direct sum of its
/// elements' spaces. Two arrays add element by element and must have the same length (and elements of the
/// same shapes); the inner product is the sum of the elements' inner products; the flat view concatenates the
/// elements' flat views. Built in, so <c>Diff&lt;ImmutableArray&lt;Vec&gt;, double&gt;</c> just works; it is the
/// type of a scan's states in Vjp.Combinators. A default (uninitialized) array is not a vector and is refused
/// with an <see cref="ArgumentException"/> naming the operation.
/// </summary>
/// <typeparam name="A">The element type; must be differentiable.</typeparam>
public sealed class ImmutableArraySpace<A> : VectorSpace<ImmutableArray<A>> where A : notnull
{
    /// <summary>The instance (the elements' space is resolved at once, so a non-differentiable element type fails here).</summary>
    public ImmutableArraySpace() => _ = VectorSpace<A>.Instance;

    private static VectorSpace<A> Space => VectorSpace<A>.Instance;

    private static ImmutableArray<A> Checked(ImmutableArray<A> x, string operation) =>
        x.IsDefault
            ? throw new ArgumentException($"ImmutableArray.{operation}: a default (uninitialized) ImmutableArray<{typeof(A).Name}> is not a vector; use ImmutableArray<{typeof(A).Name}>.Empty or build one with ImmutableArray.Create.", nameof(x))
            : x;

    private static void CheckLength(ImmutableArray<A> a, ImmutableArray<A> b, string operation)
    {
        if (Checked(a, operation).Length != Checked(b, operation).Length)
        {
            throw new ShapeException($"ImmutableArray.{operation}", $"lengths {a.Length} and {b.Length} differ");
        }
    }

    /// <inheritdoc/>
    public override ImmutableArray<A> Zero(ImmutableArray<A> like)
    {
        var z = ImmutableArray.CreateBuilder<A>(Checked(like, nameof(Zero)).Length);
        foreach (var e in like)
        {
            z.Add(Space.Zero(e));
        }

        return z.MoveToImmutable();
    }

    /// <inheritdoc/>
    public override ImmutableArray<A> Add(ImmutableArray<A> a, ImmutableArray<A> b)
    {
        CheckLength(a, b, nameof(Add));
        var s = ImmutableArray.CreateBuilder<A>(a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            s.Add(Space.Add(a[i], b[i]));
        }

        return s.MoveToImmutable();
    }

    /// <inheritdoc/>
    public override ImmutableArray<A> Scale(double s, ImmutableArray<A> a)
    {
        var r = ImmutableArray.CreateBuilder<A>(Checked(a, nameof(Scale)).Length);
        foreach (var e in a)
        {
            r.Add(Space.Scale(s, e));
        }

        return r.MoveToImmutable();
    }

    /// <inheritdoc/>
    public override double Inner(ImmutableArray<A> a, ImmutableArray<A> b)
    {
        CheckLength(a, b, nameof(Inner));
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Space.Inner(a[i], b[i]);
        }

        return sum;
    }

    /// <inheritdoc/>
    public override int Dimension(ImmutableArray<A> x)
    {
        var n = 0;
        foreach (var e in Checked(x, nameof(Dimension)))
        {
            n += Space.Dimension(e);
        }

        return n;
    }

    /// <inheritdoc/>
    public override void Flatten(ImmutableArray<A> x, Span<double> destination)
    {
        var offset = 0;
        foreach (var e in Checked(x, nameof(Flatten)))
        {
            var d = Space.Dimension(e);
            Space.Flatten(e, destination.Slice(offset, d));
            offset += d;
        }
    }

    /// <inheritdoc/>
    public override ImmutableArray<A> Unflatten(ImmutableArray<A> like, ReadOnlySpan<double> source)
    {
        var result = ImmutableArray.CreateBuilder<A>(Checked(like, nameof(Unflatten)).Length);
        var offset = 0;
        foreach (var e in like)
        {
            var d = Space.Dimension(e);
            result.Add(Space.Unflatten(e, source.Slice(offset, d)));
            offset += d;
        }

        return result.MoveToImmutable();
    }

    /// <inheritdoc/>
    public override string Shape(ImmutableArray<A> x)
    {
        if (x.IsDefault)
        {
            return "ImmutableArray[default]";
        }

        if (x.Length == 0)
        {
            return "ImmutableArray[0]";
        }

        var uniform = true;
        for (var i = 1; i < x.Length && uniform; i++)
        {
            uniform = Space.SameShape(x[0], x[i]);
        }

        return uniform
            ? $"ImmutableArray[{x.Length}] of {Space.Shape(x[0])}"
            : $"ImmutableArray[{x.Length}] of ({string.Join(", ", x.Take(3).Select(Space.Shape))}{(x.Length > 3 ? ", …" : "")})";
    }

    /// <inheritdoc/>
    public override bool SameShape(ImmutableArray<A> a, ImmutableArray<A> b)
    {
        if (a.IsDefault || b.IsDefault)
        {
            return a.IsDefault && b.IsDefault;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!Space.SameShape(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
