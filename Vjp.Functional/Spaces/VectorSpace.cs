using System.Collections.Concurrent;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The untyped view of a vector-space instance: what the differentiation engine, finite
/// differences, Jacobians and generators need to treat values of one type as vectors.
/// </summary>
/// <remarks>
/// A type is differentiable when it has an instance. Built in: <see cref="double"/>,
/// <see cref="Vec"/>, <see cref="Mat"/>, <see cref="System.Collections.Immutable.ImmutableArray{T}"/> of a differentiable
/// element type, value tuples of differentiable types (nested, up to
/// seven components), and any record or class whose public constructor parameters are all
/// differentiable and are exposed as properties of the same name (a derived instance, compiled
/// once with expression trees). A type can also name its own instance with
/// <see cref="VectorSpaceAttribute"/>. Instances are resolved once per type and cached; the
/// cache is filled, never changed.
/// </remarks>
public abstract class VectorSpace
{
    private static readonly ConcurrentDictionary<Type, Lazy<VectorSpace>> Cache = new();

    /// <summary>The type whose values this instance treats as vectors.</summary>
    public abstract Type Type { get; }

    /// <summary>The zero vector shaped like <paramref name="like"/>.</summary>
    public abstract object ZeroLikeObject(object like);

    /// <summary>The sum <c>a + b</c>; throws <see cref="ShapeException"/> when the shapes differ.</summary>
    public abstract object AddObject(object a, object b);

    /// <summary>The scaled vector <c>s·a</c>.</summary>
    public abstract object ScaleObject(double s, object a);

    /// <summary>
    /// Whether <see cref="AddInPlaceObject"/> adds into its first argument's storage, and
    /// <see cref="AddObject"/> always returns a fresh value that nothing else references.
    /// </summary>
    internal virtual bool AddsInPlace => false;

    /// <summary>
    /// <c>accumulator + value</c>, written into <paramref name="accumulator"/> where the space can
    /// (see <see cref="AddsInPlace"/>), else a new sum. <paramref name="accumulator"/> must be a value
    /// this space's <see cref="AddObject"/> returned and that nothing else references.
    /// </summary>
    internal virtual object AddInPlaceObject(object accumulator, object value) => AddObject(accumulator, value);

    /// <summary>The path of a null member inside <paramref name="x"/> (<c>W1</c>, <c>Item2.W1</c>), or null when there is none.</summary>
    internal virtual string? NullMember(object x) => null;

    /// <summary>Whether a value of this space can hold a null inside it (a record or tuple with a reference-typed member), so that <see cref="NullMember"/> has work to do.</summary>
    internal virtual bool MayHoldNull => false;

    /// <summary>
    /// Throws <see cref="ArgumentNullException"/> naming the argument <paramref name="name"/> when
    /// <paramref name="x"/> is null, and naming the member too when a member of a record or tuple is.
    /// </summary>
    internal void RequireValue(object? x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (MayHoldNull && NullMember(x) is { } member)
        {
            throw new ArgumentNullException(name, $"{name}.{member} is null: every member of {SpaceResolver.Pretty(Type)} must hold a value (a zero where there is nothing to hold).");
        }
    }

    /// <summary>The inner product <c>⟨a, b⟩</c>.</summary>
    public abstract double InnerObject(object a, object b);

    /// <summary>The number of real coordinates of <paramref name="x"/>.</summary>
    public abstract int DimensionObject(object x);

    /// <summary>Writes the coordinates of <paramref name="x"/> into <paramref name="destination"/>.</summary>
    public abstract void FlattenObject(object x, Span<double> destination);

    /// <summary>Builds a value shaped like <paramref name="like"/> from coordinates.</summary>
    public abstract object UnflattenObject(object like, ReadOnlySpan<double> source);

    /// <summary>A short description of the shape of <paramref name="x"/>, e.g. <c>Vec[3]</c> or <c>(double, Mat[2×3])</c>.</summary>
    public abstract string ShapeObject(object x);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> have the same shape.</summary>
    public abstract bool SameShapeObject(object a, object b);

    /// <summary>The instance for <typeparamref name="T"/>; see <see cref="VectorSpace{T}.Instance"/>.</summary>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="T"/> is not differentiable.</exception>
    public static VectorSpace<T> Of<T>() where T : notnull => VectorSpace<T>.Instance;

    /// <summary>The instance for <paramref name="type"/>.</summary>
    /// <exception cref="MissingVectorSpaceException">When <paramref name="type"/> is not differentiable.</exception>
    public static VectorSpace Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Cache.GetOrAdd(type, static t => new Lazy<VectorSpace>(() => SpaceResolver.Resolve(t))).Value;
    }

    /// <summary>Whether <paramref name="type"/> has a vector-space instance.</summary>
    public static bool IsDifferentiable(Type type)
    {
        try
        {
            _ = Of(type);
            return true;
        }
        catch (MissingVectorSpaceException)
        {
            return false;
        }
    }
}

/// <summary>
/// A vector-space instance for <typeparamref name="T"/>: zero, addition, scaling, inner product
/// and a flat view (dimension, to and from a span of <see cref="double"/>).
/// </summary>
/// <typeparam name="T">The differentiable type.</typeparam>
public abstract class VectorSpace<T> : VectorSpace where T : notnull
{
    /// <summary>The instance for <typeparamref name="T"/>, resolved once.</summary>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="T"/> is not differentiable.</exception>
    public static VectorSpace<T> Instance => Holder.Value;

    private static class Holder
    {
        // Resolution errors are not cached as a type initializer failure (which would surface as
        // TypeInitializationException); the Lazy rethrows the original, readable exception.
        private static readonly Lazy<VectorSpace<T>> Lazy = new(() => (VectorSpace<T>)Of(typeof(T)));

        public static VectorSpace<T> Value => Lazy.Value;
    }

    /// <inheritdoc/>
    public sealed override Type Type => typeof(T);

    /// <summary>The zero vector shaped like <paramref name="like"/>.</summary>
    public abstract T Zero(T like);

    /// <summary>The sum <c>a + b</c>.</summary>
    /// <exception cref="ShapeException">When the shapes of <paramref name="a"/> and <paramref name="b"/> differ.</exception>
    public abstract T Add(T a, T b);

    /// <summary>The scaled vector <c>s·a</c>.</summary>
    public abstract T Scale(double s, T a);

    /// <summary>The inner product <c>⟨a, b⟩ = Σᵢ aᵢbᵢ</c> over the flat coordinates.</summary>
    /// <exception cref="ShapeException">When the shapes differ.</exception>
    public abstract double Inner(T a, T b);

    /// <summary>The number of real coordinates of <paramref name="x"/>.</summary>
    public abstract int Dimension(T x);

    /// <summary>Writes the coordinates of <paramref name="x"/> into <paramref name="destination"/>, whose length must be <see cref="Dimension"/>.</summary>
    public abstract void Flatten(T x, Span<double> destination);

    /// <summary>Builds a value shaped like <paramref name="like"/> from <paramref name="source"/>, whose length must be <c>Dimension(like)</c>.</summary>
    public abstract T Unflatten(T like, ReadOnlySpan<double> source);

    /// <summary>A short description of the shape of <paramref name="x"/>.</summary>
    public abstract string Shape(T x);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> have the same shape.</summary>
    public abstract bool SameShape(T a, T b);

    /// <summary>The difference <c>a − b</c>.</summary>
    public T Subtract(T a, T b) => Add(a.NotNull(), Scale(-1, b.NotNull()));

    /// <summary>The coordinates of <paramref name="x"/> as a new array.</summary>
    public double[] ToArray(T x)
    {
        var a = new double[Dimension(x.NotNull())];
        Flatten(x, a);
        return a;
    }

    /// <summary>The Euclidean norm <c>‖x‖ = √⟨x, x⟩</c>.</summary>
    public double Norm(T x) => Math.Sqrt(Inner(x.NotNull(), x));

    /// <inheritdoc/>
    public sealed override object ZeroLikeObject(object like) => Zero((T)like.NotNull());

    /// <inheritdoc/>
    public sealed override object AddObject(object a, object b) => Add((T)a.NotNull(), (T)b.NotNull());

    /// <inheritdoc/>
    public sealed override object ScaleObject(double s, object a) => Scale(s, (T)a.NotNull());

    /// <inheritdoc/>
    public sealed override double InnerObject(object a, object b) => Inner((T)a.NotNull(), (T)b.NotNull());

    /// <inheritdoc/>
    public sealed override int DimensionObject(object x) => Dimension((T)x.NotNull());

    /// <inheritdoc/>
    public sealed override void FlattenObject(object x, Span<double> destination) => Flatten((T)x.NotNull(), destination);

    /// <inheritdoc/>
    public sealed override object UnflattenObject(object like, ReadOnlySpan<double> source) => Unflatten((T)like.NotNull(), source);

    /// <inheritdoc/>
    public sealed override string ShapeObject(object x) => Shape((T)x.NotNull());

    /// <inheritdoc/>
    public sealed override bool SameShapeObject(object a, object b) => SameShape((T)a.NotNull(), (T)b.NotNull());

    /// <summary>Throws <see cref="ShapeException"/> naming <paramref name="operation"/> when the shapes differ.</summary>
    internal void CheckSameShape(T a, T b, string operation, string what)
    {
        if (!SameShape(a, b))
        {
            throw new ShapeException(operation, $"{what} {Shape(b)} does not match {Shape(a)}");
        }
    }
}
