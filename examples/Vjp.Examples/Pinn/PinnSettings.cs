namespace Vjp.Examples.Pinn;

/// <summary>Sizes for example 7.</summary>
/// <param name="Hidden">Hidden tanh units.</param>
/// <param name="Collocation">Collocation points on [0, 2] where the equation is enforced.</param>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Adam's initial step size (decayed tenfold over training).</param>
/// <param name="Seed">The initialisation's seed.</param>
public sealed record PinnSettings(int Hidden, int Collocation, int Steps, double LearningRate, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static PinnSettings Default { get; } = new(Hidden: 16, Collocation: 41, Steps: 2000, LearningRate: 0.02, Seed: 7);

    /// <summary>A quicker run for tests.</summary>
    public static PinnSettings Small { get; } = new(Hidden: 8, Collocation: 21, Steps: 800, LearningRate: 0.03, Seed: 7);
}
