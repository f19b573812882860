using System.Linq.Expressions;
using System.Reflection;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The untyped view of a product space (a value tuple or a record): the components, their
/// spaces, and packing and unpacking. The engine uses it to route cotangents to components
/// without materialising zero components.
/// </summary>
public interface IProductSpace
{
    /// <summary>The number of components.</summary>
    int Arity { get; }

    /// <summary>The component names (<c>Item1</c>…, or a record's property names).</summary>
    IReadOnlyList<string> ComponentNames { get; }

    /// <summary>The component spaces, in order.</summary>
    IReadOnlyList<VectorSpace> ComponentSpaces { get; }

    /// <summary>Component <paramref name="index"/> of <paramref name="value"/>.</summary>
    object Component(object value, int index);

    /// <summary>Builds a value from its components.</summary>
    object Pack(ReadOnlySpan<object> components);
}

/// <summary>
/// The product of the component spaces of <typeparamref name="T"/>, a value tuple or a record:
/// every operation is componentwise; the inner product is the sum of the components' inner
/// products; the flat view concatenates the components' flat views.
/// </summary>
/// <typeparam name="T">A value tuple or record of differentiable components.</typeparam>
public sealed class ProductSpace<T> : VectorSpace<T>, IProductSpace where T : notnull
{
    private readonly Func<T, object>[] _getters;
    private readonly Func<object[], T> _constructor;
    private readonly VectorSpace[] _spaces;
    private readonly string[] _names;
    private readonly bool _isTuple;
    private bool? _mayHoldNull;

    internal ProductSpace(string[] names, VectorSpace[] spaces, Func<T, object>[] getters, Func<object[], T> constructor, bool isTuple)
    {
        _names = names;
        _spaces = spaces;
        _getters = getters;
        _constructor = constructor;
        _isTuple = isTuple;
    }

    /// <inheritdoc/>
    public int Arity => _spaces.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentNames => _names;

    /// <inheritdoc/>
    public IReadOnlyList<VectorSpace> ComponentSpaces => _spaces;

    /// <inheritdoc/>
    public object Component(object value, int index) => _getters[index]((T)value.NotNull());

    /// <inheritdoc/>
    public object Pack(ReadOnlySpan<object> components) => _constructor(components.ToArray());

    internal override bool MayHoldNull => _mayHoldNull ??= _spaces.Any(s => !s.Type.IsValueType || s.MayHoldNull);

    internal override string? NullMember(object x)
    {
        for (var i = 0; i < _spaces.Length; i++)
        {
            // Only components that can be null, or hold one, are read: reading a double component would box it.
            if (_spaces[i].Type.IsValueType && !_spaces[i].MayHoldNull)
            {
                continue;
            }

            var c = _getters[i]((T)x);
            if (c is null)
            {
                return _names[i];
            }

            if (_spaces[i].NullMember(c) is { } inner)
            {
                return $"{_names[i]}.{inner}";
            }
        }

        return null;
    }

    private T Map(T a, Func<VectorSpace, object, object> f)
    {
        var parts = new object[_spaces.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = f(_spaces[i], _getters[i](a));
        }

        return _constructor(parts);
    }

    /// <inheritdoc/>
    public override T Zero(T like) => Map(like.NotNull(), static (s, c) => s.ZeroLikeObject(c));

    /// <inheritdoc/>
    public override T Add(T a, T b)
    {
        _ = a.NotNull();
        _ = b.NotNull();
        var parts = new object[_spaces.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = _spaces[i].AddObject(_getters[i](a), _getters[i](b));
        }

        return _constructor(parts);
    }

    /// <inheritdoc/>
    public override T Scale(double s, T a) => Map(a.NotNull(), (space, c) => space.ScaleObject(s, c));

    /// <inheritdoc/>
    public override double Inner(T a, T b)
    {
        _ = a.NotNull();
        _ = b.NotNull();
        var sum = 0.0;
        for (var i = 0; i < _spaces.Length; i++)
        {
            sum += _spaces[i].InnerObject(_getters[i](a), _getters[i](b));
        }

        return sum;
    }

    /// <inheritdoc/>
    public override int Dimension(T x)
    {
        _ = x.NotNull();
        var n = 0;
        for (var i = 0; i < _spaces.Length; i++)
        {
            n += _spaces[i].DimensionObject(_getters[i](x));
        }

        return n;
    }

    /// <inheritdoc/>
    public override void Flatten(T x, Span<double> destination)
    {
        _ = x.NotNull();
        var offset = 0;
        for (var i = 0; i < _spaces.Length; i++)
        {
            var c = _getters[i](x);
            var d = _spaces[i].DimensionObject(c);
            _spaces[i].FlattenObject(c, destination.Slice(offset, d));
            offset += d;
        }
    }

    /// <inheritdoc/>
    public override T Unflatten(T like, ReadOnlySpan<double> source)
    {
        _ = like.NotNull();
        var parts = new object[_spaces.Length];
        var offset = 0;
        for (var i = 0; i < _spaces.Length; i++)
        {
            var c = _getters[i](like);
            var d = _spaces[i].DimensionObject(c);
            parts[i] = _spaces[i].UnflattenObject(c, source.Slice(offset, d));
            offset += d;
        }

        return _constructor(parts);
    }

    /// <inheritdoc/>
    public override string Shape(T x)
    {
        _ = x.NotNull();
        var parts = new string[_spaces.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var s = _spaces[i].ShapeObject(_getters[i](x));
            parts[i] = _isTuple ? s : $"{_names[i]}: {s}";
        }

        return _isTuple ? $"({string.Join(", ", parts)})" : $"{typeof(T).Name}({string.Join(", ", parts)})";
    }

    /// <inheritdoc/>
    public override bool SameShape(T a, T b)
    {
        _ = a.NotNull();
        _ = b.NotNull();
        for (var i = 0; i < _spaces.Length; i++)
        {
            if (!_spaces[i].SameShapeObject(_getters[i](a), _getters[i](b)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Finds or derives the vector-space instance of a type.</summary>
internal static class SpaceResolver
{
    public static VectorSpace Resolve(Type t)
    {
        if (t == typeof(double))
        {
            return DoubleSpace.Default;
        }

        if (t == typeof(Vec))
        {
            return VecSpace.Default;
        }

        if (t == typeof(Mat))
        {
            return MatSpace.Default;
        }

        if (t.GetCustomAttribute<VectorSpaceAttribute>() is { } attr)
        {
            var expected = typeof(VectorSpace<>).MakeGenericType(t);
            if (!expected.IsAssignableFrom(attr.SpaceType))
            {
                throw new MissingVectorSpaceException(t, $"its [VectorSpace] names {Pretty(attr.SpaceType)}, which does not derive from {Pretty(expected)}");
            }

            return (VectorSpace)Activator.CreateInstance(attr.SpaceType)!;
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>))
        {
            var element = t.GetGenericArguments()[0];
            if (!VectorSpace.IsDifferentiable(element))
            {
                throw new MissingVectorSpaceException(t, $"its elements of type '{Pretty(element)}' are not differentiable");
            }

            return (VectorSpace)Activator.CreateInstance(typeof(ImmutableArraySpace<>).MakeGenericType(element))!;
        }

        LoadCompanion(t);
        foreach (var provided in FromProviders(t))
        {
            return provided;
        }

        if (IsValueTuple(t))
        {
            return Tuple(t);
        }

        if (t.IsArray || t.IsPointer || t.IsByRef)
        {
            throw new MissingVectorSpaceException(t, "arrays and pointers are not vector spaces (use Vec for a vector of doubles, or a record of differentiable members)");
        }

        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t.IsInterface || t.IsAbstract)
        {
            throw new MissingVectorSpaceException(t, "it is not a vector space");
        }

        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            // A List<double> has a public constructor and properties (Capacity, Count), but they are not its contents.
            throw new MissingVectorSpaceException(t, "collections are not vector spaces (use Vec for a vector of doubles, Mat for a matrix, a record of differentiable members, ImmutableArray<T> of a differentiable T, or LanguageExt's Seq<T>/Arr<T> with Vjp.LanguageExt referenced)");
        }

        return Record(t);
    }

    /// <summary>
    /// For a LanguageExt type, loads Vjp.LanguageExt (the package that supplies its spaces) when the application
    /// references it but has not touched it yet, so that its <see cref="VectorSpaceProviderAttribute"/> is seen.
    /// Nothing happens when it is not there: the type then resolves as it would without it.
    /// </summary>
    private static void LoadCompanion(Type t)
    {
        if (!t.IsGenericType || t.Assembly.GetName().Name != "LanguageExt.Core"
            || AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Vjp.LanguageExt"))
        {
            return;
        }

        try
        {
            _ = Assembly.Load(new AssemblyName("Vjp.LanguageExt"));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // Not referenced: the resolver goes on without it.
        }
    }

    private static IEnumerable<VectorSpace> FromProviders(Type t)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            foreach (var p in assembly.GetCustomAttributes<VectorSpaceProviderAttribute>())
            {
                var provider = Activator.CreateInstance(p.ProviderType);
                var method = p.ProviderType.GetMethod("TryCreate", [typeof(Type)]);
                // DoNotWrapExceptions: a provider's MissingVectorSpaceException reaches the caller as itself.
                if (method?.Invoke(provider, BindingFlags.DoNotWrapExceptions, null, [t], null) is VectorSpace space)
                {
                    yield return space;
                }
            }
        }
    }

    private static bool IsValueTuple(Type t) =>
        t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    private static VectorSpace Tuple(Type t)
    {
        var args = t.GetGenericArguments();
        if (args.Length > 7)
        {
            throw new MissingVectorSpaceException(t, "value tuples of more than seven components are not supported; nest them or use a record");
        }

        var fields = Enumerable.Range(1, args.Length).Select(i => t.GetField("Item" + i)!).ToArray();
        var ctor = t.GetConstructor(args)!;
        return Build(t, fields.Select(f => f.Name).ToArray(), args, fields.Cast<MemberInfo>().ToArray(), ctor, isTuple: true);
    }

    /// <summary>
    /// Whether resolving <paramref name="from"/> would resolve <paramref name="target"/> again: through the
    /// components of tuples, the parameters of the constructor a record's space is built on
    /// (<see cref="RecordConstructor"/>, the same one) and the type arguments of generic types.
    /// Checked before resolving members, since a recursive resolution would otherwise re-enter the cache.
    /// </summary>
    private static bool Reaches(Type from, Type target, HashSet<Type> seen)
    {
        if (from == target)
        {
            return true;
        }

        if (from == typeof(double) || from == typeof(Vec) || from == typeof(Mat) || from.IsPrimitive || from.IsEnum
            || from == typeof(string) || !seen.Add(from) || from.GetCustomAttribute<VectorSpaceAttribute>() is not null)
        {
            return false;
        }

        IEnumerable<Type> parts = from.IsGenericType ? from.GetGenericArguments() : [];
        if (!IsValueTuple(from) && !from.IsInterface && !from.IsAbstract && !from.IsArray
            && !typeof(System.Collections.IEnumerable).IsAssignableFrom(from))
        {
            parts = parts.Concat(RecordConstructor(from).Ctor?.GetParameters().Select(p => p.ParameterType) ?? []);
        }

        return parts.Any(p => Reaches(p, target, seen));
    }

    /// <summary>
    /// The constructor a record's derived space is built on: the public one with the most parameters, all exposed
    /// as readable properties of the same name and type (null when there is none), with those properties by name.
    /// </summary>
    private static (ConstructorInfo? Ctor, Dictionary<string, PropertyInfo> Props) RecordConstructor(Type t)
    {
        var props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var ctor = t.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters().Length > 0 &&
                        c.GetParameters().All(p => p.Name is { } name && props.TryGetValue(name, out var prop) && prop.PropertyType == p.ParameterType))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        return (ctor, props);
    }

    private static VectorSpace Record(Type t)
    {
        var (ctor, props) = RecordConstructor(t);
        if (ctor is null)
        {
            throw new MissingVectorSpaceException(t, "it has no public constructor whose parameters are all exposed as properties of the same name and type");
        }

        var ps = ctor.GetParameters();
        var members = ps.Select(p => (MemberInfo)props[p.Name!]).ToArray();
        return Build(t, members.Select(m => m.Name).ToArray(), ps.Select(p => p.ParameterType).ToArray(), members, ctor, isTuple: false);
    }

    private static VectorSpace Build(Type t, string[] names, Type[] types, MemberInfo[] members, ConstructorInfo ctor, bool isTuple)
    {
        var spaces = new VectorSpace[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            if (Reaches(types[i], t, []))
            {
                throw new MissingVectorSpaceException(t, types[i] == t
                    ? $"it contains itself (member '{names[i]}'); a vector space has a fixed dimension, so a recursive type is not differentiable"
                    : $"it contains itself through its member '{names[i]}' of type '{Pretty(types[i])}'; a vector space has a fixed dimension, so a recursive type is not differentiable");
            }

            try
            {
                spaces[i] = VectorSpace.Of(types[i]);
            }
            catch (MissingVectorSpaceException e)
            {
                throw new MissingVectorSpaceException(t, $"its member '{names[i]}' of type '{Pretty(types[i])}' is not differentiable: {e.Reason}");
            }
        }

        var getters = Array.CreateInstance(typeof(Func<,>).MakeGenericType(t, typeof(object)), types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            var p = Expression.Parameter(t, "x");
            Expression access = members[i] is FieldInfo f ? Expression.Field(p, f) : Expression.Property(p, (PropertyInfo)members[i]);
            getters.SetValue(Expression.Lambda(Expression.Convert(access, typeof(object)), p).Compile(), i);
        }

        var arr = Expression.Parameter(typeof(object[]), "parts");
        var newExpr = Expression.New(ctor, types.Select((ty, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(arr, Expression.Constant(i)), ty)));
        var construct = Expression.Lambda(Expression.Convert(newExpr, t), arr).Compile();
        var spaceType = typeof(ProductSpace<>).MakeGenericType(t);
        return (VectorSpace)Activator.CreateInstance(
            spaceType, BindingFlags.NonPublic | BindingFlags.Instance, null,
            [names, spaces, getters, construct, isTuple], null)!;
    }

    public static string Pretty(Type t)
    {
        if (t == typeof(double))
        {
            return "double";
        }

        if (!t.IsGenericType)
        {
            return t.Name;
        }

        var args = string.Join(", ", t.GetGenericArguments().Select(Pretty));
        return IsValueTuple(t) ? $"({args})" : $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{args}>";
    }
}
