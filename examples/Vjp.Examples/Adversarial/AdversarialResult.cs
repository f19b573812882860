namespace Vjp.Examples.Adversarial;

/// <summary>The result of example 8.</summary>
/// <param name="CleanAccuracy">Test accuracy of the trained network without perturbation.</param>
/// <param name="Curve">Accuracy against ε.</param>
/// <param name="PicturePath">The PNG of accuracy against ε.</param>
public sealed record AdversarialResult(double CleanAccuracy, IReadOnlyList<RobustnessPoint> Curve, string? PicturePath);
