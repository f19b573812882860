using LanguageExt;
using Vjp.Functional;
using static LanguageExt.Prelude;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Gradient descent with heavy-ball momentum (the form of PyTorch's SGD with momentum):
/// <c>v ← β v + g</c>, <c>p ← p − η v</c>, from <c>v = 0</c>.
/// </summary>
/// <param name="LearningRate">The step size η &gt; 0.</param>
/// <param name="Beta">The momentum β in [0, 1).</param>
public sealed record Momentum(double LearningRate, double Beta = 0.9) : IOptimiser
{
    /// <summary>The step size η.</summary>
    public double LearningRate { get; } = LearningRate > 0 ? LearningRate : throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");

    /// <summary>The momentum β.</summary>
    public double Beta { get; } = Beta is >= 0 and < 1 ? Beta : throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "The momentum must lie in [0, 1).");

    /// <inheritdoc/>
    public OptimiserState<P> Init<P>(P parameters) where P : notnull => new(0, Seq1(VectorSpace<P>.Instance.Zero(parameters.NotNull())));

    /// <inheritdoc/>
    public (P Parameters, OptimiserState<P> State) Step<P>(P parameters, P gradient, OptimiserState<P> state) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Moments.Count != 1)
        {
            throw new ArgumentException($"Momentum.Step needs the state from Momentum.Init (one moment), not one with {state.Moments.Count}.", nameof(state));
        }

        var space = VectorSpace<P>.Instance;
        space.CheckSameShape(parameters, gradient, "Momentum.Step", "gradient");
        var v = space.Add(space.Scale(Beta, state.Moments[0]), gradient);
        return (space.Add(parameters, space.Scale(-LearningRate, v)), new OptimiserState<P>(state.Count + 1, Seq1(v)));
    }
}
