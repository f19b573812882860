using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// The result of a run of <see cref="Optimizer.Minimize{P}(IOptimizer, Vjp.Functional.Diff{P, double}, P, int, EarlyStopping, Action{OptimizerStep{P}}, CancellationToken)"/>:
/// the final parameters, the loss there, and the loss after every step.
/// </summary>
/// <typeparam name="P">The parameter type.</typeparam>
/// <param name="Parameters">The parameters after the last step taken.</param>
/// <param name="Loss">The loss at <paramref name="Parameters"/> (the last entry of <paramref name="Losses"/>).</param>
/// <param name="Losses">The loss history, <paramref name="Steps"/> + 1 entries: entry k is the loss after k steps (entry 0 at the start).</param>
/// <param name="Steps">The number of steps taken: the number asked for, or fewer when <paramref name="StoppedEarly"/>.</param>
/// <param name="StoppedEarly">Whether <see cref="EarlyStopping"/> ended the run before the number of steps asked for.</param>
public sealed record MinimizeResult<P>(P Parameters, double Loss, IReadOnlyList<double> Losses, int Steps, bool StoppedEarly) where P : notnull
{
    /// <summary>The parameters after the last step taken.</summary>
    public P Parameters { get; init => field = value.NotNull(nameof(Parameters)); } = Parameters.NotNull();

    /// <summary>The loss history: entry k is the loss after k steps.</summary>
    public IReadOnlyList<double> Losses { get; init => field = value.NotNull(nameof(Losses)); } = Losses.NotNull();
}
