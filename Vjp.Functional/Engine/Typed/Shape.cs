using System.Linq.Expressions;
using System.Reflection;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// The layout of a slot the typed compiler can hold in doubles: a double, or a value tuple or record
/// whose components are themselves such layouts (read by field or property, built by constructor).
/// </summary>
internal sealed class Shape
{
    public static readonly Shape Double = new(typeof(double), null, null, null);

    private static readonly FieldInfo VecValues = typeof(Vec).GetField("_values", BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo VecWrap = typeof(Vec).GetMethod(nameof(Vec.Wrap), BindingFlags.NonPublic | BindingFlags.Static)!;

    private Shape(Type type, Shape[]? parts, MemberInfo[]? members, ConstructorInfo? ctor)
    {
        Type = type;
        Parts = parts;
        Members = members;
        Ctor = ctor;
    }

    public Type Type { get; }

    /// <summary>The component layouts of a product, or null for a double.</summary>
    public Shape[]? Parts { get; }

    private MemberInfo[]? Members { get; }

    private ConstructorInfo? Ctor { get; }

    public bool IsDouble => Parts is null;

    /// <summary>Whether this is a <see cref="Vec"/> of a length fixed when the sweeps were compiled (<see cref="VecOf"/>).</summary>
    public bool IsVec => Type == typeof(Vec);

    /// <summary>
    /// The layout of a <see cref="Vec"/> of exactly <paramref name="length"/> doubles: its elements are read from its
    /// buffer and a new one is built around a fresh array. Only for a tape's own input, output and stacked slots, whose
    /// lengths the compiled sweeps fix (they check them at every call and hand any other length to the interpreter).
    /// </summary>
    public static Shape VecOf(int length) => new(typeof(Vec), [.. Enumerable.Repeat(Double, length)], null, null);

    /// <summary>The number of doubles a value of this layout holds.</summary>
    public int Leaves => Parts is null ? 1 : Parts.Sum(p => p.Leaves);

    /// <summary>The layout of <paramref name="space"/>, or null when it holds anything but doubles (vectors, matrices, sequences).</summary>
    public static Shape? Of(VectorSpace space, Dictionary<VectorSpace, Shape?> cache)
    {
        if (cache.TryGetValue(space, out var known))
        {
            return known;
        }

        var shape = Build(space, cache);
        cache[space] = shape;
        return shape;
    }

    private static Shape? Build(VectorSpace space, Dictionary<VectorSpace, Shape?> cache)
    {
        var t = space.Type;
        if (t == typeof(double))
        {
            return Double;
        }

        if (space is not IProductSpace product || product.Arity == 0)
        {
            return null;
        }

        var parts = new Shape[product.Arity];
        for (var i = 0; i < parts.Length; i++)
        {
            if (Of(product.ComponentSpaces[i], cache) is not { } part)
            {
                return null;
            }

            parts[i] = part;
        }

        var types = parts.Select(p => p.Type).ToArray();
        var isTuple = t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);
        var members = new MemberInfo[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            MemberInfo? m = isTuple
                ? t.GetField("Item" + (i + 1))
                : t.GetProperty(product.ComponentNames[i], BindingFlags.Public | BindingFlags.Instance);
            var memberType = m switch
            {
                FieldInfo f => f.FieldType,
                PropertyInfo p when p.CanRead && p.GetIndexParameters().Length == 0 => p.PropertyType,
                _ => null,
            };
            if (memberType != types[i])
            {
                return null;
            }

            members[i] = m!;
        }

        // The constructor the product space itself builds values with: a tuple's, or the record's whose parameters are its components in order.
        var ctor = isTuple
            ? t.GetConstructor(types)
            : t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(c =>
            {
                var ps = c.GetParameters();
                return ps.Length == parts.Length && ps.Select((p, i) => p.ParameterType == types[i]
                    && string.Equals(p.Name, product.ComponentNames[i], StringComparison.OrdinalIgnoreCase)).All(ok => ok);
            });
        return ctor is null ? null : new Shape(t, parts, members, ctor);
    }

    /// <summary>Component <paramref name="index"/> of <paramref name="value"/>, an expression of this product type.</summary>
    public Expression Read(Expression value, int index) => IsVec ? Expression.ArrayIndex(Expression.Field(value, VecValues), Expression.Constant(index)) : Members![index] switch
    {
        FieldInfo f => Expression.Field(value, f),
        PropertyInfo p => Expression.Property(value, p),
        _ => throw new InvalidOperationException("Internal error: a product member is neither a field nor a property."),
    };

    /// <summary>A new value of this product type from its components.</summary>
    public Expression Build(IEnumerable<Expression> components) =>
        IsVec ? Expression.Call(VecWrap, Expression.NewArrayInit(typeof(double), components)) : Expression.New(Ctor!, components);
}
