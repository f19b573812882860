namespace Vjp.Examples.Mlp;

/// <summary>The result of example 3.</summary>
/// <param name="Network">The trained parameters.</param>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test set.</param>
/// <param name="Losses">The training loss at every step.</param>
/// <param name="TrainAccuracy">Accuracy on the training set.</param>
/// <param name="TestAccuracy">Accuracy on the test set.</param>
/// <param name="PicturePath">The decision-boundary PNG, or null when none was written.</param>
public sealed record MlpResult(
    MoonsNetwork Network, MoonsData Train, MoonsData Test, IReadOnlyList<double> Losses, double TrainAccuracy, double TestAccuracy, string? PicturePath);
