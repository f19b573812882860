using System.Collections.Immutable;
using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>
/// Adam (Kingma and Ba, 2015): with t the step count, <c>m ← β₁ m + (1 − β₁) g</c>,
/// <c>v ← β₂ v + (1 − β₂) g⊙g</c>, <c>m̂ = m / (1 − β₁ᵗ)</c>, <c>v̂ = v / (1 − β₂ᵗ)</c>,
/// <c>p ← p − η m̂ ⊘ (√v̂ + ε)</c>, elementwise over the parameters' flat coordinates.
/// </summary>
/// <param name="LearningRate">The step size η &gt; 0, finite.</param>
/// <param name="Beta1">The first-moment decay β₁ in [0, 1).</param>
/// <param name="Beta2">The second-moment decay β₂ in [0, 1).</param>
/// <param name="Epsilon">The denominator's guard ε &gt; 0, finite.</param>
/// <exception cref="ArgumentOutOfRangeException">When a hyper-parameter is outside its range (NaN and ∞ included).</exception>
public sealed record Adam(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : IOptimizer
{
    /// <summary>The step size η.</summary>
    public double LearningRate { get; } = Finite.Positive(LearningRate, nameof(LearningRate), "The learning rate");

    /// <summary>The first-moment decay β₁.</summary>
    public double Beta1 { get; } = Finite.Decay(Beta1, nameof(Beta1), "β₁");

    /// <summary>The second-moment decay β₂.</summary>
    public double Beta2 { get; } = Finite.Decay(Beta2, nameof(Beta2), "β₂");

    /// <summary>The denominator's guard ε.</summary>
    public double Epsilon { get; } = Finite.Positive(Epsilon, nameof(Epsilon), "ε");

    /// <inheritdoc/>
    public OptimizerState<P> Init<P>(P parameters) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var zero = VectorSpace<P>.Instance.Zero(parameters);
        return new(0, [zero, zero]);
    }

    /// <inheritdoc/>
    public (P Parameters, OptimizerState<P> State) Step<P>(P parameters, P gradient, OptimizerState<P> state) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Moments.Length != 2)
        {
            throw new ArgumentException($"Adam.Step needs the state from Adam.Init (two moments), not one with {state.Moments.Length}.", nameof(state));
        }

        var space = VectorSpace<P>.Instance;
        space.CheckSameShape(parameters, gradient, "Adam.Step", "gradient");
        var p = space.ToArray(parameters);
        var g = space.ToArray(gradient);
        var m = space.ToArray(state.Moments[0]);
        var v = space.ToArray(state.Moments[1]);
        var t = state.Count + 1;
        var c1 = 1 - Math.Pow(Beta1, t);
        var c2 = 1 - Math.Pow(Beta2, t);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
            v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
            p[i] -= LearningRate * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Epsilon);
        }

        return (Finite.Checked(space.Unflatten(parameters, p), parameters, gradient, this, t), new OptimizerState<P>(t, [space.Unflatten(parameters, m), space.Unflatten(parameters, v)]));
    }
}
