namespace Vjp.Examples.Adversarial;

/// <summary>Test accuracy under perturbations of size ε (max norm).</summary>
/// <param name="Epsilon">The perturbation size ε.</param>
/// <param name="FgsmAccuracy">Accuracy when each point moves by ε·sign(∇ₓ loss) (FGSM).</param>
/// <param name="RandomAccuracy">Accuracy when each point moves by ε·(random signs), for comparison.</param>
public sealed record RobustnessPoint(double Epsilon, double FgsmAccuracy, double RandomAccuracy);
