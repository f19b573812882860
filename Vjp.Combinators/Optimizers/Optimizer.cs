using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Running an <see cref="IOptimizer"/> on a loss.</summary>
public static partial class Optimizer
{
    /// <summary>
    /// Minimizes <paramref name="loss"/> from <paramref name="initial"/> by <paramref name="steps"/> optimizer
    /// steps, each on the gradient from one forward and one backward sweep.
    /// </summary>
    /// <remarks>
    /// Every step is checked: the loss and its gradient at the parameters a step is given, and the parameters it
    /// produces, must be finite. The first value that is not stops the run with a <see cref="NonFiniteException"/>
    /// naming the step (0 for the start, k for the k-th step) and the quantity, instead of carrying NaN on to the
    /// result; <c>TryMinimize</c> in the Vjp.LanguageExt package returns that failure as a <c>Fin</c> value.
    /// </remarks>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss as a function of the parameters.</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="steps">The number of steps, at least zero.</param>
    /// <returns>The final parameters and the loss there.</returns>
    /// <exception cref="NonFiniteException">When the starting parameters, or the loss, the gradient or the parameters at some step, are not finite.</exception>
    /// <example>
    /// <code>
    /// var (p, final) = new Adam(LearningRate: 0.05).Minimize(loss, p0, steps: 500);
    /// </code>
    /// </example>
    public static (P Parameters, double Loss) Minimize<P>(this IOptimizer optimizer, Diff<P, double> loss, P initial, int steps) where P : notnull
    {
        var run = optimizer.Minimize(loss, initial, steps, earlyStopping: null, onStep: null, CancellationToken.None);
        return (run.Parameters, run.Loss);
    }
}
