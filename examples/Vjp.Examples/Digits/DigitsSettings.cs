namespace Vjp.Examples.Digits;

/// <summary>Sizes for the <c>digits</c> example.</summary>
/// <param name="Hidden">Hidden tanh units.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Images per mini-batch.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="TestFraction">The share of the 1,797 images held out for testing.</param>
/// <param name="Seed">The seed of the split, the initialisation and the shuffles.</param>
public sealed record DigitsSettings(int Hidden, int Epochs, int BatchSize, double LearningRate, double TestFraction, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static DigitsSettings Default { get; } = new(Hidden: 64, Epochs: 30, BatchSize: 32, LearningRate: 0.005, TestFraction: 0.2, Seed: 7);

    /// <summary>A quicker run for tests.</summary>
    public static DigitsSettings Small { get; } = Default with { Hidden = 32, Epochs = 4 };
}
