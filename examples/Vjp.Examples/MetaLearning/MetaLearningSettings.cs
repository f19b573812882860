namespace Vjp.Examples.MetaLearning;

/// <summary>Sizes for example 6.</summary>
/// <param name="Features">Regression features d.</param>
/// <param name="TrainPoints">Training points (the inner problem).</param>
/// <param name="ValidationPoints">Validation points (the meta-loss).</param>
/// <param name="InnerSteps">Unrolled gradient-descent steps k.</param>
/// <param name="MetaSteps">Outer steps on the learning rate.</param>
/// <param name="InitialLearningRate">The inner learning rate to start from.</param>
/// <param name="Seed">The data's seed.</param>
public sealed record MetaLearningSettings(int Features, int TrainPoints, int ValidationPoints, int InnerSteps, int MetaSteps, double InitialLearningRate, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static MetaLearningSettings Default { get; } = new(Features: 8, TrainPoints: 60, ValidationPoints: 60, InnerSteps: 10, MetaSteps: 60, InitialLearningRate: 0.05, Seed: 3);

    /// <summary>A quicker run for tests.</summary>
    public static MetaLearningSettings Small { get; } = new(Features: 4, TrainPoints: 24, ValidationPoints: 24, InnerSteps: 5, MetaSteps: 40, InitialLearningRate: 0.05, Seed: 3);
}
