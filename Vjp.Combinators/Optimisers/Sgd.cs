using LanguageExt;
using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Plain gradient descent, <c>p ← p − η g</c>.</summary>
/// <param name="LearningRate">The step size η &gt; 0.</param>
public sealed record Sgd(double LearningRate) : IOptimiser
{
    /// <summary>The step size η.</summary>
    public double LearningRate { get; } = LearningRate > 0 ? LearningRate : throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");

    /// <inheritdoc/>
    public OptimiserState<P> Init<P>(P parameters) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(0, Seq<P>.Empty);
    }

    /// <inheritdoc/>
    public (P Parameters, OptimiserState<P> State) Step<P>(P parameters, P gradient, OptimiserState<P> state) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        var space = VectorSpace<P>.Instance;
        space.CheckSameShape(parameters, gradient, "Sgd.Step", "gradient");
        return (space.Add(parameters, space.Scale(-LearningRate, gradient)), state with { Count = state.Count + 1 });
    }
}
