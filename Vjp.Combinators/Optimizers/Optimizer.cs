using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Running an <see cref="IOptimizer"/> on a loss.</summary>
public static class Optimizer
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
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var name = optimizer.ToString()!;
        if (!Finite.All(initial))
        {
            throw new NonFiniteException(name, 0, "parameters", $"the starting parameters are {Finite.Describe(initial)}");
        }

        var p = initial;
        var state = optimizer.Init(p);
        for (var i = 1; i <= steps; i++)
        {
            var (value, gradient) = loss.ValueAndGradient(p);
            Check(name, i, value, gradient);
            (p, state) = optimizer.Step(p, gradient, state);
        }

        var final = loss.Invoke(p);
        if (!double.IsFinite(final))
        {
            throw new NonFiniteException(name, steps, "loss", FormattableString.Invariant($"the loss after the last step is {final}, at finite parameters"));
        }

        return (p, final);
    }

    private static void Check<P>(string name, int step, double value, P gradient) where P : notnull
    {
        if (!double.IsFinite(value))
        {
            throw new NonFiniteException(name, step, "loss", FormattableString.Invariant($"the loss is {value} at finite parameters (outside the loss's domain, or overflowed)"));
        }

        if (!Finite.All(gradient))
        {
            throw new NonFiniteException(name, step, "gradient", FormattableString.Invariant($"the gradient of the loss is {Finite.Describe(gradient)} where the loss is {value}"));
        }
    }
}
