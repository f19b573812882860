using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>The result of <see cref="Training.Train{P}(IOptimizer, Diff{ValueTuple{P, Mat, Mat}, double}, P, Mat, Mat, int, int, int, Action{int, double, P}, CancellationToken)"/>: the trained parameters and the loss of every epoch.</summary>
/// <typeparam name="P">The parameter type.</typeparam>
/// <param name="Parameters">The parameters after the last step.</param>
/// <param name="EpochLosses">Per epoch, the mean over its samples of the batch losses met during the epoch (each batch's loss weighted by its rows, at the parameters it was stepped from).</param>
public sealed record TrainingResult<P>(P Parameters, IReadOnlyList<double> EpochLosses) where P : notnull
{
    /// <summary>The parameters after the last step.</summary>
    public P Parameters { get; init => field = value.NotNull(nameof(Parameters)); } = Parameters.NotNull();

    /// <summary>Per epoch, the mean over its samples of the batch losses met during the epoch.</summary>
    public IReadOnlyList<double> EpochLosses { get; init => field = value.NotNull(nameof(EpochLosses)); } = EpochLosses.NotNull();
}
