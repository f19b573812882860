using LanguageExt;
using LanguageExt.Common;
using Vjp.Functional;
using static LanguageExt.Prelude;

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
    /// result; <see cref="TryMinimize{P}"/> returns that failure as a value.
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

    /// <summary>
    /// <see cref="Minimize{P}(IOptimizer, Diff{P, double}, P, int)"/> as a value: the final parameters and loss, or the failure — a
    /// <see cref="NonFiniteException"/> naming the step at which the loss, the gradient or the parameters were not
    /// finite, or an iteration inside the loss that did not converge (<see cref="ConvergenceException"/>).
    /// Other exceptions (bugs) still throw.
    /// </summary>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss as a function of the parameters.</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="steps">The number of steps, at least zero.</param>
    /// <returns><c>Succ((parameters, loss))</c>, or <c>Fail</c> with the error.</returns>
    /// <example>
    /// <code>
    /// Fin&lt;(double Parameters, double Loss)&gt; run = new Sgd(2).TryMinimize(Sqrt(x), 1.0, steps: 10);   // Fail: at step 2, the gradient is infinite
    /// </code>
    /// </example>
    public static Fin<(P Parameters, double Loss)> TryMinimize<P>(this IOptimizer optimizer, Diff<P, double> loss, P initial, int steps) where P : notnull
    {
        try
        {
            return FinSucc(optimizer.Minimize(loss, initial, steps));
        }
        catch (Exception e) when (e is NonFiniteException or ConvergenceException)
        {
            return FinFail<(P, double)>(Error.New(e));
        }
    }
}
