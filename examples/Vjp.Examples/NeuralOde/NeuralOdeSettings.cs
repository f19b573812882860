namespace Vjp.Examples.NeuralOde;

/// <summary>Sizes for example 9.</summary>
/// <param name="Observations">Noisy observations of x(t), one per RK4 step.</param>
/// <param name="Dt">The time between observations (one RK4 step).</param>
/// <param name="Noise">The observations' noise.</param>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Seed">The noise's seed.</param>
public sealed record NeuralOdeSettings(int Observations, double Dt, double Noise, int Steps, double LearningRate, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static NeuralOdeSettings Default { get; } = new(Observations: 80, Dt: 0.1, Noise: 0.03, Steps: 200, LearningRate: 0.03, Seed: 11);

    /// <summary>A quicker run for tests.</summary>
    public static NeuralOdeSettings Small { get; } = new(Observations: 40, Dt: 0.15, Noise: 0.03, Steps: 150, LearningRate: 0.05, Seed: 11);
}
