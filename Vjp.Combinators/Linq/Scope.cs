using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// The environment of a query in progress: the range variables bound so far (expressions of the
/// query's input <typeparamref name="X"/>), carried by the compiler in an anonymous type between a
/// <c>let</c> or <c>from</c> and the next clause. It is immutable and evaluates nothing; the query's
/// final <c>select</c> turns it into a <see cref="Diff{TIn, TOut}"/>. See <see cref="DiffQuery"/>.
/// </summary>
/// <typeparam name="X">The query's input type.</typeparam>
/// <typeparam name="T">The environment: the compiler's anonymous type of range variables.</typeparam>
public sealed class Scope<X, T>
    where X : notnull
{
    internal Scope(T value) => Value = value;

    internal T Value { get; }

    /// <summary>The query's final <c>select</c>: the result expression built from the environment.</summary>
    /// <typeparam name="B">The result's value type.</typeparam>
    /// <param name="f">Builds the result.</param>
    /// <returns>The query's value, an expression of the input.</returns>
    public Diff<X, B> Select<B>(Func<T, Diff<X, B>> f) where B : notnull => f.NotNull()(Value);

    /// <summary>A further <c>let</c>: extends the environment.</summary>
    /// <typeparam name="U">The extended environment.</typeparam>
    /// <param name="f">Builds the extended environment.</param>
    public Scope<X, U> Select<U>(Func<T, U> f) => new(RangeVariables.Let(f.NotNull()(Value)));

    /// <summary>A further <c>from</c> followed by the final <c>select</c>.</summary>
    /// <typeparam name="B">The new range variable's value type.</typeparam>
    /// <typeparam name="C">The result's value type.</typeparam>
    /// <param name="k">Builds the expression bound to the new range variable from the environment.</param>
    /// <param name="project">Builds the result.</param>
    public Diff<X, C> SelectMany<B, C>(Func<T, Diff<X, B>> k, Func<T, Diff<X, B>, Diff<X, C>> project)
        where B : notnull where C : notnull => project.NotNull()(Value, RangeVariables.From(k.NotNull()(Value), RangeVariables.ParameterName(project, 1)));

    /// <summary>A further <c>from</c> that more clauses follow: extends the environment.</summary>
    /// <typeparam name="B">The new range variable's value type.</typeparam>
    /// <typeparam name="U">The extended environment.</typeparam>
    /// <param name="k">Builds the expression bound to the new range variable from the environment.</param>
    /// <param name="project">Builds the extended environment.</param>
    public Scope<X, U> SelectMany<B, U>(Func<T, Diff<X, B>> k, Func<T, Diff<X, B>, U> project)
        where B : notnull => new(RangeVariables.Let(project.NotNull()(Value, RangeVariables.From(k.NotNull()(Value), RangeVariables.ParameterName(project, 1)))));
}
