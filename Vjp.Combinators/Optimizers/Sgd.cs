using System.Collections.Immutable;
using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Plain gradient descent, <c>p ← p − η g</c>.</summary>
/// <param name="LearningRate">The step size η &gt; 0, finite.</param>
/// <exception cref="ArgumentOutOfRangeException">When the learning rate is not positive and finite.</exception>
public sealed record Sgd(double LearningRate) : IOptimizer
{
    /// <summary>The step size η.</summary>
    public double LearningRate { get; } = Finite.Positive(LearningRate, nameof(LearningRate), "The learning rate");

    /// <inheritdoc/>
    public OptimizerState<P> Init<P>(P parameters) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(0, ImmutableArray<P>.Empty);
    }

    /// <inheritdoc/>
    public (P Parameters, OptimizerState<P> State) Step<P>(P parameters, P gradient, OptimizerState<P> state) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        var space = VectorSpace<P>.Instance;
        space.CheckSameShape(parameters, gradient, "Sgd.Step", "gradient");
        return (Finite.Checked(space.Add(parameters, space.Scale(-LearningRate, gradient)), parameters, gradient, this, state.Count + 1), state with { Count = state.Count + 1 });
    }
}
