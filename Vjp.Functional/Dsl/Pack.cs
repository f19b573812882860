using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// A record-valued (or tuple-valued) function built from expressions: <c>Pack&lt;R&gt;.Of(a, b, …)</c> is
/// x ↦ new R(a(x), b(x), …), the parts given in the order of the parameters of the constructor R's vector space is
/// built on (the order of <see cref="IProductSpace.ComponentNames"/>). It is the fan-out of the parts packed into R,
/// the inverse of <see cref="DiffExtensions.Get{X, R, T}(Diff{X, R}, System.Linq.Expressions.Expression{Func{R, T}})"/>.
/// </summary>
/// <remarks>
/// Pushforward: ẏ = new R(ȧ, ḃ, …). Pullback: the cotangent ȳ of the record is taken apart member by member and
/// each part's pullback gets its member, x̄ = ∂aᵀ ȳ.A + ∂bᵀ ȳ.B + … (fan-out sums cotangents).
/// The parts are checked against R's members when the function is built: their number, and each part's output
/// type against its member's type.
/// </remarks>
/// <typeparam name="R">The record (or value tuple) type; its members must be differentiable.</typeparam>
/// <example>
/// <code>
/// public sealed record Affine(Mat W, Vec B);
/// var (w, b) = Diff.Input&lt;(Mat W, Vec B)&gt;();
/// Diff&lt;(Mat W, Vec B), Affine&gt; affine = Pack&lt;Affine&gt;.Of(2.0 * w, Fn.Tanh(b));
/// </code>
/// </example>
public static class Pack<R> where R : notnull
{
    /// <summary>x ↦ new R(first(x)), for a record of 1 member.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 1 member, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A>(Diff<X, A> first)
        where X : notnull where A : notnull =>
        new(Build([first.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x)), for a record of 2 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 2 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B>(Diff<X, A> first, Diff<X, B> second)
        where X : notnull where A : notnull where B : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x)), for a record of 3 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 3 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third)
        where X : notnull where A : notnull where B : notnull where C : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x), fourth(x)), for a record of 4 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <typeparam name="D">The type of member 3.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <param name="fourth">The part for member 3 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 4 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C, D>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third, Diff<X, D> fourth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode(), fourth.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x), fourth(x), fifth(x)), for a record of 5 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <typeparam name="D">The type of member 3.</typeparam>
    /// <typeparam name="E">The type of member 4.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <param name="fourth">The part for member 3 of <typeparamref name="R"/>.</param>
    /// <param name="fifth">The part for member 4 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 5 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C, D, E>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third, Diff<X, D> fourth, Diff<X, E> fifth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode(), fourth.CheckedNode(), fifth.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x), fourth(x), fifth(x), sixth(x)), for a record of 6 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <typeparam name="D">The type of member 3.</typeparam>
    /// <typeparam name="E">The type of member 4.</typeparam>
    /// <typeparam name="F">The type of member 5.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <param name="fourth">The part for member 3 of <typeparamref name="R"/>.</param>
    /// <param name="fifth">The part for member 4 of <typeparamref name="R"/>.</param>
    /// <param name="sixth">The part for member 5 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 6 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C, D, E, F>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third, Diff<X, D> fourth, Diff<X, E> fifth, Diff<X, F> sixth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode(), fourth.CheckedNode(), fifth.CheckedNode(), sixth.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x), fourth(x), fifth(x), sixth(x), seventh(x)), for a record of 7 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <typeparam name="D">The type of member 3.</typeparam>
    /// <typeparam name="E">The type of member 4.</typeparam>
    /// <typeparam name="F">The type of member 5.</typeparam>
    /// <typeparam name="G">The type of member 6.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <param name="fourth">The part for member 3 of <typeparamref name="R"/>.</param>
    /// <param name="fifth">The part for member 4 of <typeparamref name="R"/>.</param>
    /// <param name="sixth">The part for member 5 of <typeparamref name="R"/>.</param>
    /// <param name="seventh">The part for member 6 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 7 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C, D, E, F, G>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third, Diff<X, D> fourth, Diff<X, E> fifth, Diff<X, F> sixth, Diff<X, G> seventh)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull where G : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode(), fourth.CheckedNode(), fifth.CheckedNode(), sixth.CheckedNode(), seventh.CheckedNode()]));

    /// <summary>x ↦ new R(first(x), second(x), third(x), fourth(x), fifth(x), sixth(x), seventh(x), eighth(x)), for a record of 8 members.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The type of member 0.</typeparam>
    /// <typeparam name="B">The type of member 1.</typeparam>
    /// <typeparam name="C">The type of member 2.</typeparam>
    /// <typeparam name="D">The type of member 3.</typeparam>
    /// <typeparam name="E">The type of member 4.</typeparam>
    /// <typeparam name="F">The type of member 5.</typeparam>
    /// <typeparam name="G">The type of member 6.</typeparam>
    /// <typeparam name="H">The type of member 7.</typeparam>
    /// <param name="first">The part for member 0 of <typeparamref name="R"/>.</param>
    /// <param name="second">The part for member 1 of <typeparamref name="R"/>.</param>
    /// <param name="third">The part for member 2 of <typeparamref name="R"/>.</param>
    /// <param name="fourth">The part for member 3 of <typeparamref name="R"/>.</param>
    /// <param name="fifth">The part for member 4 of <typeparamref name="R"/>.</param>
    /// <param name="sixth">The part for member 5 of <typeparamref name="R"/>.</param>
    /// <param name="seventh">The part for member 6 of <typeparamref name="R"/>.</param>
    /// <param name="eighth">The part for member 7 of <typeparamref name="R"/>.</param>
    /// <returns>The record-valued function.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="R"/> does not have 8 members, or a part's type is not its member's; the message names the record, the member and both types.</exception>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="R"/> is not differentiable.</exception>
    public static Diff<X, R> Of<X, A, B, C, D, E, F, G, H>(Diff<X, A> first, Diff<X, B> second, Diff<X, C> third, Diff<X, D> fourth, Diff<X, E> fifth, Diff<X, F> sixth, Diff<X, G> seventh, Diff<X, H> eighth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull where G : notnull where H : notnull =>
        new(Build([first.CheckedNode(), second.CheckedNode(), third.CheckedNode(), fourth.CheckedNode(), fifth.CheckedNode(), sixth.CheckedNode(), seventh.CheckedNode(), eighth.CheckedNode()]));

    private static Node Build(Node[] parts)
    {
        var space = VectorSpace<R>.Instance;
        var name = SpaceResolver.Pretty(typeof(R));
        if (space is not IProductSpace product)
        {
            throw new ArgumentException($"Pack<{name}>.Of: {name} is not a record or tuple of differentiable members, so it cannot be packed from parts.");
        }

        if (product.Arity != parts.Length)
        {
            throw new ArgumentException(
                $"Pack<{name}>.Of: {name} has {product.Arity} differentiable member{(product.Arity == 1 ? "" : "s")} ({Members(product)}), but {parts.Length} part{(parts.Length == 1 ? " was" : "s were")} given.");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var expected = product.ComponentSpaces[i].Type;
            var actual = parts[i].OutputSpace.Type;
            if (expected != actual)
            {
                throw new ArgumentException(
                    $"Pack<{name}>.Of: member {i} of {name}, '{product.ComponentNames[i]}', is {SpaceResolver.Pretty(expected)}, but the part given for it, '{Printer.Short(parts[i])}', is {SpaceResolver.Pretty(actual)} (members: {Members(product)}).");
            }
        }

        return new FanoutNode(parts, space);
    }

    private static string Members(IProductSpace product) =>
        string.Join(", ", product.ComponentNames.Select((n, i) => $"{n}: {SpaceResolver.Pretty(product.ComponentSpaces[i].Type)}"));
}
