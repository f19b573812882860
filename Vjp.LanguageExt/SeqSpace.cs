using LanguageExt;
using Vjp.Functional;

namespace Vjp.LanguageExt;

/// <summary>
/// LanguageExt's immutable <see cref="Seq{A}"/> of differentiable values as a vector space: the direct
/// sum of its elements' spaces. Two sequences add element by element and must have the same length
/// (and elements of the same shapes); the inner product is the sum of the elements' inner products; the
/// flat view concatenates the elements' flat views. Resolved automatically for any differentiable
/// <typeparamref name="A"/> once Vjp.Combinators is loaded, so <c>Diff&lt;Seq&lt;Vec&gt;, double&gt;</c> just works.
/// </summary>
/// <typeparam name="A">The element type; must be differentiable.</typeparam>
public sealed class SeqSpace<A> : VectorSpace<Seq<A>> where A : notnull
{
    /// <summary>The instance (the elements' space is resolved on first use).</summary>
    public SeqSpace() => _ = VectorSpace<A>.Instance;

    private static A[] Items(Seq<A> s) => [.. s];

    private static Seq<A> Wrap(A[] items) => Prelude.toSeq(items);

    /// <inheritdoc/>
    public override Seq<A> Zero(Seq<A> like) => Wrap(Elements<A>.Zero(Items(like)));

    /// <inheritdoc/>
    public override Seq<A> Add(Seq<A> a, Seq<A> b) => Wrap(Elements<A>.Add(Items(a), Items(b), "Seq"));

    /// <inheritdoc/>
    public override Seq<A> Scale(double s, Seq<A> a) => Wrap(Elements<A>.Scale(s, Items(a)));

    /// <inheritdoc/>
    public override double Inner(Seq<A> a, Seq<A> b) => Elements<A>.Inner(Items(a), Items(b), "Seq");

    /// <inheritdoc/>
    public override int Dimension(Seq<A> x) => Elements<A>.Dimension(Items(x));

    /// <inheritdoc/>
    public override void Flatten(Seq<A> x, Span<double> destination) => Elements<A>.Flatten(Items(x), destination);

    /// <inheritdoc/>
    public override Seq<A> Unflatten(Seq<A> like, ReadOnlySpan<double> source) => Wrap(Elements<A>.Unflatten(Items(like), source));

    /// <inheritdoc/>
    public override string Shape(Seq<A> x) => Elements<A>.Shape(Items(x), "Seq");

    /// <inheritdoc/>
    public override bool SameShape(Seq<A> a, Seq<A> b) => Elements<A>.SameShape(Items(a), Items(b));
}
