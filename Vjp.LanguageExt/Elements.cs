using Vjp.Functional;

namespace Vjp.LanguageExt;

/// <summary>
/// The vector-space operations of a finite sequence of differentiable values, on arrays: the direct
/// sum of the elements' spaces (componentwise operations, the sum of inner products, the
/// concatenation of flat views). <see cref="SeqSpace{A}"/> and <see cref="ArrSpace{A}"/> adapt it.
/// </summary>
/// <typeparam name="A">The element type.</typeparam>
internal static class Elements<A> where A : notnull
{
    private static VectorSpace<A> Space => VectorSpace<A>.Instance;

    public static A[] Zero(A[] like)
    {
        var z = new A[like.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = Space.Zero(like[i]);
        }

        return z;
    }

    public static A[] Add(A[] a, A[] b, string kind)
    {
        CheckLength(a, b, kind, "Add");
        var s = new A[a.Length];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = Space.Add(a[i], b[i]);
        }

        return s;
    }

    public static A[] Scale(double c, A[] a)
    {
        var s = new A[a.Length];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = Space.Scale(c, a[i]);
        }

        return s;
    }

    public static double Inner(A[] a, A[] b, string kind)
    {
        CheckLength(a, b, kind, "Inner");
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Space.Inner(a[i], b[i]);
        }

        return sum;
    }

    public static int Dimension(A[] x)
    {
        var n = 0;
        foreach (var e in x)
        {
            n += Space.Dimension(e);
        }

        return n;
    }

    public static void Flatten(A[] x, Span<double> destination)
    {
        var offset = 0;
        foreach (var e in x)
        {
            var d = Space.Dimension(e);
            Space.Flatten(e, destination.Slice(offset, d));
            offset += d;
        }
    }

    public static A[] Unflatten(A[] like, ReadOnlySpan<double> source)
    {
        var result = new A[like.Length];
        var offset = 0;
        for (var i = 0; i < like.Length; i++)
        {
            var d = Space.Dimension(like[i]);
            result[i] = Space.Unflatten(like[i], source.Slice(offset, d));
            offset += d;
        }

        return result;
    }

    public static string Shape(A[] x, string kind)
    {
        if (x.Length == 0)
        {
            return $"{kind}[0]";
        }

        var first = Space.Shape(x[0]);
        var uniform = true;
        for (var i = 1; i < x.Length && uniform; i++)
        {
            uniform = Space.SameShape(x[0], x[i]);
        }

        return uniform
            ? $"{kind}[{x.Length}] of {first}"
            : $"{kind}[{x.Length}] of ({string.Join(", ", x.Take(3).Select(Space.Shape))}{(x.Length > 3 ? ", …" : "")})";
    }

    public static bool SameShape(A[] a, A[] b)
    {
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

    private static void CheckLength(A[] a, A[] b, string kind, string operation)
    {
        if (a.Length != b.Length)
        {
            throw new ShapeException($"{kind}.{operation}", $"lengths {a.Length} and {b.Length} differ");
        }
    }
}
