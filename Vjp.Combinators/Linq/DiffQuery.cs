using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// LINQ query syntax over differentiable expressions, so a model reads as a sequence of named steps:
/// <code>
/// Diff&lt;Vec, double&gt; loss =
///     from h in Layers.Dense(w1, b1)
///     let a = Tanh(h)
///     from y in Layers.Dense(w2, b2).Of(a)
///     select Sum(y * y) + 0.1 * Sum(a * a);
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// <b>Semantics.</b> Every clause is an expression of the query's one input <c>x</c>. In
/// <c>from h in e</c>, where <c>e</c> is a <c>Diff&lt;X, A&gt;</c>, the range variable <c>h</c> is bound to
/// the expression <c>e</c> itself (the function <c>x ↦ e(x)</c>), not to a value. Later clauses build new
/// expressions of the same input from the range variables: with the maths functions and operators
/// (<c>Tanh(h)</c>, <c>y * y</c>), with composition (<c>f.Of(h)</c> is <c>x ↦ f(h(x))</c>), with any
/// combinator. A later <c>from y in e2</c> therefore takes <c>e2</c> as an expression of <c>x</c> too: to
/// feed an earlier variable into a function, compose it explicitly, as in <c>Dense(w2, b2).Of(a)</c>.
/// <c>select</c> gives the query's result, itself a <c>Diff&lt;X, C&gt;</c>.
/// </para>
/// <para>
/// <b>Sharing.</b> A range variable is one node of the resulting structure, however often it is used.
/// The compiler evaluates a node once per input, so the variable's forward pass runs once per
/// evaluation and its pullback once per backward pass; the cotangents of all its uses add before that
/// one pullback runs. Building a query evaluates nothing.
/// </para>
/// <para>
/// <b>Translation.</b> <c>from a in m select f(a)</c> is <c>f(m)</c>; <c>from a in m from b in k(a) select
/// p(a, b)</c> is <c>p(m, k(m))</c>. A <c>let</c>, or a <c>from</c> followed by more clauses, makes the
/// compiler carry the variables bound so far in an anonymous type; those steps return a
/// <see cref="Scope{X, T}"/>, a compile-time environment of expressions, and the final <c>select</c> turns
/// it back into a <see cref="Diff{TIn, TOut}"/>. A query is equal to the same expressions written by hand.
/// </para>
/// <para>
/// <b>Names.</b> Each range variable is a named part of the structure (<c>h</c>, <c>a</c>), named from the lambda
/// parameters and anonymous-type members the compiler builds for the query; evaluation sees through the names, and
/// blame paths and error paths show them (<c>query ▸ let a ▸ stage 2: kbad</c>).
/// </para>
/// </remarks>
public static class DiffQuery
{
    /// <summary>
    /// <c>from a in m select f(a)</c>: the expression <paramref name="f"/> builds from the expression
    /// <paramref name="m"/> (bound to the range variable). See <see cref="DiffQuery"/> for the semantics.
    /// </summary>
    /// <typeparam name="X">The query's input type.</typeparam>
    /// <typeparam name="A">The range variable's value type.</typeparam>
    /// <typeparam name="B">The result's value type.</typeparam>
    /// <param name="m">The expression bound to the range variable.</param>
    /// <param name="f">Builds the result from the range variable.</param>
    /// <returns><c>f(m)</c>, an expression of the same input.</returns>
    /// <remarks>
    /// The range variable is the expression <paramref name="m"/> itself, a function of the query's input, not a
    /// value; <paramref name="f"/> runs once, when the query is built. However often the result uses the
    /// variable, <paramref name="m"/>'s forward pass runs once per evaluation and its pullback once per backward
    /// pass, with the cotangents of all uses added.
    /// </remarks>
    public static Diff<X, B> Select<X, A, B>(this Diff<X, A> m, Func<Diff<X, A>, Diff<X, B>> f)
        where X : notnull where A : notnull where B : notnull => f.NotNull()(RangeVariables.From(m.NotNull(), RangeVariables.ParameterName(f, 0)));

    /// <summary>
    /// The step the compiler emits for <c>let</c> (and for a projection into an anonymous type): binds
    /// <paramref name="m"/> and carries the environment <paramref name="f"/> builds to the next clause.
    /// See <see cref="DiffQuery"/> for the semantics.
    /// </summary>
    /// <typeparam name="X">The query's input type.</typeparam>
    /// <typeparam name="A">The range variable's value type.</typeparam>
    /// <typeparam name="T">The environment, usually the compiler's anonymous type of range variables.</typeparam>
    /// <param name="m">The expression bound to the range variable.</param>
    /// <param name="f">Builds the environment from the range variable.</param>
    /// <returns>The environment, to be consumed by a later <c>select</c> or <c>from</c>.</returns>
    public static Scope<X, T> Select<X, A, T>(this Diff<X, A> m, Func<Diff<X, A>, T> f)
        where X : notnull where A : notnull => new(RangeVariables.Let(f.NotNull()(RangeVariables.From(m.NotNull(), RangeVariables.ParameterName(f, 0)))));

    /// <summary>
    /// <c>from a in m from b in k(a) select p(a, b)</c>: binds <paramref name="m"/> to <c>a</c>, then the
    /// expression <c>k(a)</c> to <c>b</c>, and returns <c>p(a, b)</c>. All three are expressions of the same
    /// input. See <see cref="DiffQuery"/> for the semantics.
    /// </summary>
    /// <typeparam name="X">The query's input type.</typeparam>
    /// <typeparam name="A">The first range variable's value type.</typeparam>
    /// <typeparam name="B">The second range variable's value type.</typeparam>
    /// <typeparam name="C">The result's value type.</typeparam>
    /// <param name="m">The expression bound to the first range variable.</param>
    /// <param name="k">Builds the expression bound to the second range variable; it may use the first.</param>
    /// <param name="project">Builds the result from both.</param>
    /// <returns><c>project(m, k(m))</c>.</returns>
    /// <remarks>
    /// Both range variables are expressions of the query's input: <paramref name="k"/> builds the second from
    /// the first (<c>from y in Dense(w, b).Of(a)</c> feeds <c>a</c> into the layer), and a source that does not
    /// mention an earlier variable reads the query's input. Each variable's forward pass runs once per
    /// evaluation and its pullback once per backward pass, however often it is used; cotangents of all uses add.
    /// </remarks>
    public static Diff<X, C> SelectMany<X, A, B, C>(this Diff<X, A> m, Func<Diff<X, A>, Diff<X, B>> k, Func<Diff<X, A>, Diff<X, B>, Diff<X, C>> project)
        where X : notnull where A : notnull where B : notnull where C : notnull
    {
        m.NotNull();
        k.NotNull();
        project.NotNull();
        var a = RangeVariables.From(m, RangeVariables.ParameterName(project, 0) ?? RangeVariables.ParameterName(k, 0));
        return project(a, RangeVariables.From(k(a), RangeVariables.ParameterName(project, 1)));
    }

    /// <summary>
    /// The step the compiler emits for a <c>from</c> that more clauses follow: binds both range variables
    /// and carries the environment <paramref name="project"/> builds. See <see cref="DiffQuery"/>.
    /// </summary>
    /// <typeparam name="X">The query's input type.</typeparam>
    /// <typeparam name="A">The first range variable's value type.</typeparam>
    /// <typeparam name="B">The second range variable's value type.</typeparam>
    /// <typeparam name="T">The environment.</typeparam>
    /// <param name="m">The expression bound to the first range variable.</param>
    /// <param name="k">Builds the expression bound to the second range variable.</param>
    /// <param name="project">Builds the environment.</param>
    /// <returns>The environment.</returns>
    public static Scope<X, T> SelectMany<X, A, B, T>(this Diff<X, A> m, Func<Diff<X, A>, Diff<X, B>> k, Func<Diff<X, A>, Diff<X, B>, T> project)
        where X : notnull where A : notnull where B : notnull
    {
        m.NotNull();
        k.NotNull();
        project.NotNull();
        var a = RangeVariables.From(m, RangeVariables.ParameterName(project, 0) ?? RangeVariables.ParameterName(k, 0));
        return new(RangeVariables.Let(project(a, RangeVariables.From(k(a), RangeVariables.ParameterName(project, 1)))));
    }
}
