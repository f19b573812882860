using System.Linq.Expressions;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// A slot's value (primal, cotangent or tangent) during typed compilation: a double expression (a local,
/// a frame element or a constant), or a product of such values. Packing and unpacking a tuple only
/// rearranges these trees; no tuple exists at run time until the result is built.
/// </summary>
internal sealed class Val
{
    private Val(Shape shape, Expression? leaf, Val[]? parts)
    {
        Shape = shape;
        Leaf = leaf;
        Parts = parts;
    }

    public Shape Shape { get; }

    /// <summary>The double, for a value of <see cref="Shape.Double"/>.</summary>
    public Expression? Leaf { get; }

    /// <summary>The components, for a product.</summary>
    public Val[]? Parts { get; }

    public Expression Scalar => Leaf ?? throw new NotSupportedException("A product value where a double was expected.");

    public static Val Of(Expression leaf) => new(Shape.Double, leaf, null);

    public static Val Product(Shape shape, Val[] parts) => new(shape, null, parts);

    /// <summary>A zero shaped like <paramref name="shape"/> (<see cref="VectorSpace.ZeroLikeObject"/>: 0.0 in every double).</summary>
    public static Val Zero(Shape shape) =>
        shape.IsDouble ? Of(Zero0) : Product(shape, [.. shape.Parts!.Select(Zero)]);

    public static readonly ConstantExpression Zero0 = Expression.Constant(0.0);

    /// <summary>A constant of a double layout, decomposed with the product space's own accessors.</summary>
    public static Val Constant(object value, VectorSpace space, Shape shape)
    {
        if (shape.IsDouble)
        {
            return Of(Expression.Constant((double)value));
        }

        var product = (IProductSpace)space;
        var parts = new Val[shape.Parts!.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Constant(product.Component(value, i), product.ComponentSpaces[i], shape.Parts[i]);
        }

        return Product(shape, parts);
    }

    /// <summary>The value as one expression of its type (builds tuples and records).</summary>
    public Expression Build() => Leaf ?? Shape.Build(Parts!.Select(p => p.Build()));
}
