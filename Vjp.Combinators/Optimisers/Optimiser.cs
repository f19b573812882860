using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Running an <see cref="IOptimiser"/> on a loss.</summary>
public static class Optimiser
{
    /// <summary>
    /// Minimises <paramref name="loss"/> from <paramref name="initial"/> by <paramref name="steps"/> optimiser
    /// steps, each on the gradient from one forward and one backward sweep.
    /// </summary>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimiser">The optimiser.</param>
    /// <param name="loss">The loss as a function of the parameters.</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="steps">The number of steps, at least zero.</param>
    /// <returns>The final parameters and the loss there.</returns>
    /// <example>
    /// <code>
    /// var (p, final) = new Adam(LearningRate: 0.05).Minimise(loss, p0, steps: 500);
    /// </code>
    /// </example>
    public static (P Parameters, double Loss) Minimise<P>(this IOptimiser optimiser, Diff<P, double> loss, P initial, int steps) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var p = initial;
        var state = optimiser.Init(p);
        for (var i = 0; i < steps; i++)
        {
            (p, state) = optimiser.Step(p, loss.Gradient(p), state);
        }

        return (p, loss.Invoke(p));
    }
}
