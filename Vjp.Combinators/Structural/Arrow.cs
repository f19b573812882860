using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// The arrow vocabulary over differentiable functions: identity, projections, fan-out, parallel
/// composition, <c>First</c>/<c>Second</c>, duplication and swapping, elementwise maps and zips,
/// reductions and broadcasting. Every combinator is built from the core's structure (composition,
/// fan-out, projection) or is a rule with its pullback and pushforward beside it, so it composes with
/// everything else, stays stack-safe and shares sub-expressions.
/// </summary>
/// <remarks>
/// <para>
/// Sequential composition is <see cref="Diff{TIn, TOut}.Then{TNext}"/> and
/// <see cref="Diff.Compose{TIn, TMid, TOut}"/>; constants are <see cref="Diff.Const{TIn, TOut}"/> (or
/// <see cref="Fn.Const{X, T}"/> inside expressions). Where a value fans out (<see cref="Dup{A}"/>,
/// <see cref="Fanout{X, A, B}"/>), the pullback adds the cotangents of the branches.
/// </para>
/// <para>Use it as <c>using static Vjp.Combinators.Arrow;</c> beside <c>using static Vjp.Functional.Fn;</c>.</para>
/// </remarks>
public static partial class Arrow
{
    /// <summary>The identity <c>x ↦ x</c>; pullback and pushforward are the identity.</summary>
    /// <typeparam name="T">The type.</typeparam>
    public static Diff<T, T> Id<T>() where T : notnull => Diff.Id<T>();

    /// <summary>The first component, <c>(a, b) ↦ a</c>; pullback <c>ā ↦ (ā, 0)</c>.</summary>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    public static Diff<(A, B), A> Fst<A, B>() where A : notnull where B : notnull => Diff.Fst<A, B>();

    /// <summary>The second component, <c>(a, b) ↦ b</c>; pullback <c>b̄ ↦ (0, b̄)</c>.</summary>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    public static Diff<(A, B), B> Snd<A, B>() where A : notnull where B : notnull => Diff.Snd<A, B>();

    /// <summary>Duplication, <c>x ↦ (x, x)</c>; pullback <c>(ā, b̄) ↦ ā + b̄</c> (cotangents add where a value fans out).</summary>
    /// <typeparam name="A">The type.</typeparam>
    public static Diff<A, (A, A)> Dup<A>() where A : notnull => Diff.Fanout(Diff.Id<A>(), Diff.Id<A>());

    /// <summary>Swap, <c>(a, b) ↦ (b, a)</c>; pullback <c>(b̄, ā) ↦ (ā, b̄)</c>.</summary>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    public static Diff<(A, B), (B, A)> Swap<A, B>() where A : notnull where B : notnull =>
        Diff.Fanout(Diff.Snd<A, B>(), Diff.Fst<A, B>());

    /// <summary>Both from one input, <c>x ↦ (f(x), g(x))</c>; the pullback sums the branches' cotangents.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    public static Diff<X, (A, B)> Fanout<X, A, B>(Diff<X, A> f, Diff<X, B> g)
        where X : notnull where A : notnull where B : notnull => Diff.Fanout(f, g);

    /// <summary>Three from one input, <c>x ↦ (f(x), g(x), h(x))</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <typeparam name="C">The third output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    public static Diff<X, (A, B, C)> Fanout<X, A, B, C>(Diff<X, A> f, Diff<X, B> g, Diff<X, C> h)
        where X : notnull where A : notnull where B : notnull where C : notnull => Diff.Fanout(f, g, h);

    /// <summary>Four from one input.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <typeparam name="C">The third output type.</typeparam>
    /// <typeparam name="D">The fourth output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    /// <param name="k">The fourth branch.</param>
    public static Diff<X, (A, B, C, D)> Fanout<X, A, B, C, D>(Diff<X, A> f, Diff<X, B> g, Diff<X, C> h, Diff<X, D> k)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull => Diff.Fanout(f, g, h, k);

    /// <summary>Five from one input.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <typeparam name="C">The third output type.</typeparam>
    /// <typeparam name="D">The fourth output type.</typeparam>
    /// <typeparam name="E">The fifth output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    /// <param name="k">The fourth branch.</param>
    /// <param name="l">The fifth branch.</param>
    public static Diff<X, (A, B, C, D, E)> Fanout<X, A, B, C, D, E>(Diff<X, A> f, Diff<X, B> g, Diff<X, C> h, Diff<X, D> k, Diff<X, E> l)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode(), h.CheckedNode(), k.CheckedNode(), l.CheckedNode()], VectorSpace<(A, B, C, D, E)>.Instance));

    /// <summary>Six from one input.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <typeparam name="C">The third output type.</typeparam>
    /// <typeparam name="D">The fourth output type.</typeparam>
    /// <typeparam name="E">The fifth output type.</typeparam>
    /// <typeparam name="F">The sixth output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    /// <param name="k">The fourth branch.</param>
    /// <param name="l">The fifth branch.</param>
    /// <param name="m">The sixth branch.</param>
    public static Diff<X, (A, B, C, D, E, F)> Fanout<X, A, B, C, D, E, F>(
        Diff<X, A> f, Diff<X, B> g, Diff<X, C> h, Diff<X, D> k, Diff<X, E> l, Diff<X, F> m)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode(), h.CheckedNode(), k.CheckedNode(), l.CheckedNode(), m.CheckedNode()], VectorSpace<(A, B, C, D, E, F)>.Instance));

    /// <summary>Seven from one input (the largest tuple the vector spaces take; nest tuples or use a record beyond).</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first output type.</typeparam>
    /// <typeparam name="B">The second output type.</typeparam>
    /// <typeparam name="C">The third output type.</typeparam>
    /// <typeparam name="D">The fourth output type.</typeparam>
    /// <typeparam name="E">The fifth output type.</typeparam>
    /// <typeparam name="F">The sixth output type.</typeparam>
    /// <typeparam name="G">The seventh output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    /// <param name="k">The fourth branch.</param>
    /// <param name="l">The fifth branch.</param>
    /// <param name="m">The sixth branch.</param>
    /// <param name="n">The seventh branch.</param>
    public static Diff<X, (A, B, C, D, E, F, G)> Fanout<X, A, B, C, D, E, F, G>(
        Diff<X, A> f, Diff<X, B> g, Diff<X, C> h, Diff<X, D> k, Diff<X, E> l, Diff<X, F> m, Diff<X, G> n)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull where G : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode(), h.CheckedNode(), k.CheckedNode(), l.CheckedNode(), m.CheckedNode(), n.CheckedNode()], VectorSpace<(A, B, C, D, E, F, G)>.Instance));

    /// <summary>
    /// Each on its own input, <c>(a, b) ↦ (f(a), g(b))</c>; pullback <c>(c̄, d̄) ↦ (f*(c̄), g*(d̄))</c>,
    /// pushforward <c>(ȧ, ḃ) ↦ (f′ȧ, g′ḃ)</c>. Equals <c>First&lt;A, B, C&gt;(f).Then(Second&lt;C, B, D&gt;(g))</c>.
    /// </summary>
    /// <typeparam name="A">The input type of <paramref name="f"/>.</typeparam>
    /// <typeparam name="B">The input type of <paramref name="g"/>.</typeparam>
    /// <typeparam name="C">The output type of <paramref name="f"/>.</typeparam>
    /// <typeparam name="D">The output type of <paramref name="g"/>.</typeparam>
    /// <param name="f">Applied to the first component.</param>
    /// <param name="g">Applied to the second component.</param>
    public static Diff<(A, B), (C, D)> Parallel<A, B, C, D>(this Diff<A, C> f, Diff<B, D> g)
        where A : notnull where B : notnull where C : notnull where D : notnull =>
        Diff.Fanout(Diff.Fst<A, B>().Then(f.NotNull()), Diff.Snd<A, B>().Then(g.NotNull()));

    /// <summary>
    /// <paramref name="f"/> on the first component, the second passed through: <c>(a, b) ↦ (f(a), b)</c>;
    /// pullback <c>(c̄, b̄) ↦ (f*(c̄), b̄)</c>. The type <typeparamref name="B"/> passed through cannot be
    /// inferred, so state the type arguments, or use <see cref="First{X, A, B, C}(Diff{X, ValueTuple{A, B}}, Diff{A, C})"/>
    /// on a pair-valued expression.
    /// </summary>
    /// <typeparam name="A">The input type of <paramref name="f"/>.</typeparam>
    /// <typeparam name="B">The type of the component passed through.</typeparam>
    /// <typeparam name="C">The output type of <paramref name="f"/>.</typeparam>
    /// <param name="f">The function on the first component.</param>
    /// <returns><c>Parallel(f, Id&lt;B&gt;())</c>.</returns>
    public static Diff<(A, B), (C, B)> First<A, B, C>(Diff<A, C> f) where A : notnull where B : notnull where C : notnull =>
        f.Parallel(Diff.Id<B>());

    /// <summary>
    /// <paramref name="g"/> on the second component, the first passed through: <c>(a, b) ↦ (a, g(b))</c>;
    /// pullback <c>(ā, d̄) ↦ (ā, g*(d̄))</c>.
    /// </summary>
    /// <typeparam name="A">The type of the component passed through.</typeparam>
    /// <typeparam name="B">The input type of <paramref name="g"/>.</typeparam>
    /// <typeparam name="D">The output type of <paramref name="g"/>.</typeparam>
    /// <param name="g">The function on the second component.</param>
    /// <returns><c>Parallel(Id&lt;A&gt;(), g)</c>.</returns>
    public static Diff<(A, B), (A, D)> Second<A, B, D>(Diff<B, D> g) where A : notnull where B : notnull where D : notnull =>
        Diff.Id<A>().Parallel(g);

    /// <summary>
    /// A pair-valued expression with <paramref name="f"/> applied to its first component:
    /// <c>e.First(f)</c> is <c>x ↦ (f(e(x).a), e(x).b)</c>, i.e. <c>e.Then(First&lt;A, B, C&gt;(f))</c>.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The output type of <paramref name="f"/>.</typeparam>
    /// <param name="e">The pair-valued expression.</param>
    /// <param name="f">The function on the first component.</param>
    public static Diff<X, (C, B)> First<X, A, B, C>(this Diff<X, (A, B)> e, Diff<A, C> f)
        where X : notnull where A : notnull where B : notnull where C : notnull => e.NotNull().Then(First<A, B, C>(f));

    /// <summary>
    /// A pair-valued expression with <paramref name="g"/> applied to its second component:
    /// <c>e.Second(g)</c> is <c>x ↦ (e(x).a, g(e(x).b))</c>.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="D">The output type of <paramref name="g"/>.</typeparam>
    /// <param name="e">The pair-valued expression.</param>
    /// <param name="g">The function on the second component.</param>
    public static Diff<X, (A, D)> Second<X, A, B, D>(this Diff<X, (A, B)> e, Diff<B, D> g)
        where X : notnull where A : notnull where B : notnull where D : notnull => e.NotNull().Then(Second<A, B, D>(g));
}
