namespace Vjp.Examples.Mlp;

/// <summary>The result of example 3.</summary>
/// <param name="Network">The trained parameters.</param>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test set.</param>
/// <param name="Losses">The training loss at every step.</param>
/// <param name="TrainAccuracy">Accuracy on the training set.</param>
/// <param name="TestAccuracy">Accuracy on the test set.</param>
/// <param name="GradientCheckPassed">Whether Vjp.Properties passed the loss's gradient before training.</param>
/// <param name="PicturePath">The decision-boundary PNG, or null when none was written.</param>
/// <param name="ParametersPath">The JSON file the trained parameters were saved to.</param>
/// <param name="Reloaded">The parameters read back from <paramref name="ParametersPath"/>.</param>
/// <param name="ReloadedPredictionsIdentical">Whether the reloaded network gives bit-identical logits on every test point.</param>
public sealed record MlpResult(
    MoonsNetwork Network, MoonsData Train, MoonsData Test, IReadOnlyList<double> Losses, double TrainAccuracy, double TestAccuracy, bool GradientCheckPassed, string? PicturePath,
    string ParametersPath, MoonsNetwork Reloaded, bool ReloadedPredictionsIdentical);
