namespace Vjp.Examples.Mlp;

/// <summary>Sizes for example 3 (and the network example 8 attacks).</summary>
/// <param name="TrainPoints">Training points.</param>
/// <param name="TestPoints">Held-out test points.</param>
/// <param name="Noise">The moons' noise.</param>
/// <param name="Hidden">Hidden tanh units.</param>
/// <param name="Steps">Full-batch Adam steps.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Seed">The seed of data and initialisation.</param>
public sealed record MlpSettings(int TrainPoints, int TestPoints, double Noise, int Hidden, int Steps, double LearningRate, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static MlpSettings Default { get; } = new(TrainPoints: 400, TestPoints: 400, Noise: 0.15, Hidden: 16, Steps: 400, LearningRate: 0.05, Seed: 42);

    /// <summary>A quicker run for tests.</summary>
    public static MlpSettings Small { get; } = new(TrainPoints: 160, TestPoints: 200, Noise: 0.15, Hidden: 10, Steps: 250, LearningRate: 0.05, Seed: 42);
}
