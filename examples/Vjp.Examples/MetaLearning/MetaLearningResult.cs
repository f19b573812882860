namespace Vjp.Examples.MetaLearning;

/// <summary>The result of example 6.</summary>
/// <param name="InitialLearningRate">η before meta-training.</param>
/// <param name="LearnedLearningRate">η after meta-training.</param>
/// <param name="InitialMetaLoss">Validation loss after k inner steps with the initial η.</param>
/// <param name="FinalMetaLoss">Validation loss after k inner steps with the learned η.</param>
/// <param name="MetaGradient">dM/dρ at the start (η = e^ρ), through the k unrolled steps.</param>
/// <param name="MetaGradientByFiniteDifferences">The same by central differences of M.</param>
/// <param name="MetaGradientByGradientAt">The same with the inner gradient written as a <c>Diff.GradientAt</c> closure.</param>
/// <param name="GridBestLearningRate">The η minimizing M over a fine grid (brute force, for comparison).</param>
/// <param name="GridBestMetaLoss">M at that η.</param>
/// <param name="PicturePath">The PNG of M(η) and the meta-descent path.</param>
public sealed record MetaLearningResult(
    double InitialLearningRate,
    double LearnedLearningRate,
    double InitialMetaLoss,
    double FinalMetaLoss,
    double MetaGradient,
    double MetaGradientByFiniteDifferences,
    double MetaGradientByGradientAt,
    double GridBestLearningRate,
    double GridBestMetaLoss,
    string? PicturePath);
