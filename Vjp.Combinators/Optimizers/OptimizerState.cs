using LanguageExt;

namespace Vjp.Combinators;

/// <summary>
/// The state an optimizer threads from step to step: the number of steps taken and its moment
/// estimates, each shaped like the parameters (none for <see cref="Sgd"/>, the velocity for
/// <see cref="Momentum"/>, the first and second moments for <see cref="Adam"/>). An immutable value.
/// </summary>
/// <typeparam name="P">The parameter type.</typeparam>
/// <param name="Count">The number of steps taken.</param>
/// <param name="Moments">The moment estimates.</param>
public sealed record OptimizerState<P>(int Count, Seq<P> Moments) where P : notnull;
