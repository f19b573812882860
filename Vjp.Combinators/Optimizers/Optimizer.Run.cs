using Vjp.Functional;

namespace Vjp.Combinators;

public static partial class Optimizer
{
    /// <summary>
    /// Minimizes <paramref name="loss"/> from <paramref name="initial"/> by at most <paramref name="steps"/> optimizer
    /// steps, reporting each step, stopping early on a plateau, and cancellable between steps; the result carries the
    /// loss history.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each step costs one forward sweep and one pullback, as in <see cref="Minimize{P}(IOptimizer, Diff{P, double}, P, int)"/>,
    /// and every step is checked the same way (a non-finite loss, gradient or parameter is a
    /// <see cref="NonFiniteException"/> naming the step). The loss after step k is the forward value the next step
    /// starts from, so the history costs nothing; the pullback at a point runs only when a step is taken from it, so a
    /// run that stops early does no gradient work for the point it stops at.
    /// </para>
    /// <para>
    /// The pieces compose: pass <c>progress.Report</c> as <paramref name="onStep"/> to report to an
    /// <see cref="IProgress{T}"/> (note that <see cref="Progress{T}"/> posts its reports asynchronously, to the
    /// synchronization context or the thread pool; a plain callback runs on the optimizing thread, before the next
    /// step). The callback may cancel the token; the run then stops before the next step.
    /// </para>
    /// </remarks>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss as a function of the parameters.</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="steps">The largest number of steps, at least zero.</param>
    /// <param name="earlyStopping">When to stop before <paramref name="steps"/> steps; null to take them all.</param>
    /// <param name="onStep">Called after every step k = 1, 2, … with k, the parameters after it and the loss there; null for none.</param>
    /// <param name="cancellationToken">Checked before every step; a cancelled token stops the run with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The final parameters, the loss there, the loss history, the steps taken and whether the run stopped early.</returns>
    /// <exception cref="NonFiniteException">When the starting parameters, or the loss, the gradient or the parameters at some step, are not finite.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled before a step.</exception>
    /// <example>
    /// <code>
    /// var run = new Adam(LearningRate: 0.05).Minimize(loss, p0, steps: 5000, new EarlyStopping(Patience: 20, Tolerance: 1e-12),
    ///     onStep: s =&gt; { if (s.Step % 100 == 0) Console.WriteLine($"step {s.Step}: loss {s.Loss:G6}"); });
    /// Console.WriteLine($"{run.Steps} steps, loss {run.Loss:G6}, stopped early: {run.StoppedEarly}");
    /// </code>
    /// </example>
    public static MinimizeResult<P> Minimize<P>(
        this IOptimizer optimizer,
        Diff<P, double> loss,
        P initial,
        int steps,
        EarlyStopping? earlyStopping = null,
        Action<OptimizerStep<P>>? onStep = null,
        CancellationToken cancellationToken = default)
        where P : notnull
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var name = optimizer.ToString()!;
        if (!Finite.All(initial))
        {
            throw new NonFiniteException(name, 0, "parameters", $"the starting parameters are {Finite.Describe(initial)}");
        }

        var p = initial;
        var state = optimizer.Init(p);
        var losses = new List<double>(Math.Min(steps, 1 << 16) + 1);
        var plateau = new Plateau(earlyStopping);

        // Iteration i evaluates the loss after i − 1 steps and, unless the run ends there, takes step i from it.
        for (var i = 1; ; i++)
        {
            double value;
            Pullback<P, double>? pullback = null;
            if (i <= steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (value, pullback) = loss.ValueWithPullback(p);
                if (!double.IsFinite(value))
                {
                    throw new NonFiniteException(name, i, "loss", FormattableString.Invariant($"the loss is {value} at finite parameters (outside the loss's domain, or overflowed)"));
                }
            }
            else
            {
                value = loss.Invoke(p);
                if (!double.IsFinite(value))
                {
                    throw new NonFiniteException(name, steps, "loss", FormattableString.Invariant($"the loss after the last step is {value}, at finite parameters"));
                }
            }

            losses.Add(value);
            if (i > 1)
            {
                onStep?.Invoke(new(i - 1, value, p));
            }

            var stop = plateau.Stops(value);
            if (pullback is null || stop)
            {
                return new(p, value, losses.AsReadOnly(), i - 1, pullback is not null);
            }

            var gradient = pullback(1.0);
            if (!Finite.All(gradient))
            {
                throw new NonFiniteException(name, i, "gradient", FormattableString.Invariant($"the gradient of the loss is {Finite.Describe(gradient)} where the loss is {value}"));
            }

            (p, state) = optimizer.Step(p, gradient, state);
        }
    }

    /// <summary>The early-stopping count: the best loss so far and the losses since it improved by more than the tolerance.</summary>
    private struct Plateau(EarlyStopping? rule)
    {
        private double _best = double.PositiveInfinity;
        private int _since;

        /// <summary>Takes the next loss; whether the run has now gone the patience without improving.</summary>
        public bool Stops(double loss)
        {
            if (rule is null)
            {
                return false;
            }

            if (loss < _best - rule.Tolerance)
            {
                (_best, _since) = (loss, 0);
                return false;
            }

            return ++_since >= rule.Patience;
        }
    }
}
