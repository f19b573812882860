namespace Vjp.Examples.NeuralOde;

/// <summary>The result of example 9.</summary>
/// <param name="TrueParameters">The parameters the data came from.</param>
/// <param name="InitialGuess">Where the fit started.</param>
/// <param name="Fitted">The fitted parameters.</param>
/// <param name="InitialLoss">The loss at the initial guess.</param>
/// <param name="FinalLoss">The loss at the fit.</param>
/// <param name="RetainedCheckpointed">Bytes the checkpointed solver's pullback keeps alive (approximate).</param>
/// <param name="RetainedEveryStep">Bytes the same pullback keeps without checkpoints (approximate).</param>
/// <param name="PicturePath">The PNG of data, truth, initial guess and fit.</param>
public sealed record NeuralOdeResult(
    OscillatorParameters TrueParameters, OscillatorParameters InitialGuess, OscillatorParameters Fitted, double InitialLoss, double FinalLoss, double RetainedCheckpointed, double RetainedEveryStep, string? PicturePath);
