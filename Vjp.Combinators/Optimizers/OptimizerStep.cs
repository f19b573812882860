using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// What <see cref="Optimizer.Minimize{P}(IOptimizer, Vjp.Functional.Diff{P, double}, P, int, EarlyStopping, Action{OptimizerStep{P}}, CancellationToken)"/>
/// reports after each step: the step k (from 1), the parameters after it and the loss there.
/// </summary>
/// <typeparam name="P">The parameter type.</typeparam>
/// <param name="Step">The number of steps taken, k ≥ 1.</param>
/// <param name="Loss">The loss at <paramref name="Parameters"/>: the k-th entry of the loss history.</param>
/// <param name="Parameters">The parameters after k steps.</param>
public sealed record OptimizerStep<P>(int Step, double Loss, P Parameters) where P : notnull
{
    /// <summary>The parameters after <see cref="Step"/> steps.</summary>
    public P Parameters { get; init => field = value.NotNull(nameof(Parameters)); } = Parameters.NotNull();
}
