using System.Collections.Immutable;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Gradient descent with heavy-ball momentum (the form of PyTorch's SGD with momentum):
/// <c>v ← β v + g</c>, <c>p ← p − η v</c>, from <c>v = 0</c>.
/// </summary>
/// <param name="LearningRate">The step size η &gt; 0, finite.</param>
/// <param name="Beta">The momentum β in [0, 1).</param>
/// <exception cref="ArgumentOutOfRangeException">When a hyper-parameter is outside its range (NaN and ∞ included).</exception>
public sealed record Momentum(double LearningRate, double Beta = 0.9) : IOptimizer
{
    /// <summary>The step size η.</summary>
    public double LearningRate { get; } = Finite.Positive(LearningRate, nameof(LearningRate), "The learning rate");

    /// <summary>The momentum β.</summary>
    public double Beta { get; } = Finite.Decay(Beta, nameof(Beta), "The momentum");

    /// <inheritdoc/>
    public OptimizerState<P> Init<P>(P parameters) where P : notnull => new(0, [VectorSpace<P>.Instance.Zero(parameters.NotNull())]);

    /// <inheritdoc/>
    public (P Parameters, OptimizerState<P> State) Step<P>(P parameters, P gradient, OptimizerState<P> state) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Moments.Length != 1)
        {
            throw new ArgumentException($"Momentum.Step needs the state from Momentum.Init (one moment), not one with {state.Moments.Length}.", nameof(state));
        }

        var space = VectorSpace<P>.Instance;
        space.CheckSameShape(parameters, gradient, "Momentum.Step", "gradient");
        var v = space.Add(space.Scale(Beta, state.Moments[0]), gradient);
        return (Finite.Checked(space.Add(parameters, space.Scale(-LearningRate, v)), parameters, gradient, this, state.Count + 1), new OptimizerState<P>(state.Count + 1, [v]));
    }
}
