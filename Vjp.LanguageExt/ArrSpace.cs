using LanguageExt;
using Vjp.Functional;

namespace Vjp.LanguageExt;

/// <summary>
/// LanguageExt's immutable array <see cref="Arr{A}"/> of differentiable values as a vector space, the
/// direct sum of its elements' spaces; see <see cref="SeqSpace{A}"/>, which it mirrors.
/// </summary>
/// <typeparam name="A">The element type; must be differentiable.</typeparam>
public sealed class ArrSpace<A> : VectorSpace<Arr<A>> where A : notnull
{
    /// <summary>The instance (the elements' space is resolved on first use).</summary>
    public ArrSpace() => _ = VectorSpace<A>.Instance;

    private static A[] Items(Arr<A> s) => [.. s];

    private static Arr<A> Wrap(A[] items) => new(items);

    /// <inheritdoc/>
    public override Arr<A> Zero(Arr<A> like) => Wrap(Elements<A>.Zero(Items(like)));

    /// <inheritdoc/>
    public override Arr<A> Add(Arr<A> a, Arr<A> b) => Wrap(Elements<A>.Add(Items(a), Items(b), "Arr"));

    /// <inheritdoc/>
    public override Arr<A> Scale(double s, Arr<A> a) => Wrap(Elements<A>.Scale(s, Items(a)));

    /// <inheritdoc/>
    public override double Inner(Arr<A> a, Arr<A> b) => Elements<A>.Inner(Items(a), Items(b), "Arr");

    /// <inheritdoc/>
    public override int Dimension(Arr<A> x) => Elements<A>.Dimension(Items(x));

    /// <inheritdoc/>
    public override void Flatten(Arr<A> x, Span<double> destination) => Elements<A>.Flatten(Items(x), destination);

    /// <inheritdoc/>
    public override Arr<A> Unflatten(Arr<A> like, ReadOnlySpan<double> source) => Wrap(Elements<A>.Unflatten(Items(like), source));

    /// <inheritdoc/>
    public override string Shape(Arr<A> x) => Elements<A>.Shape(Items(x), "Arr");

    /// <inheritdoc/>
    public override bool SameShape(Arr<A> a, Arr<A> b) => Elements<A>.SameShape(Items(a), Items(b));
}
