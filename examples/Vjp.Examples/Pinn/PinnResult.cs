using Vjp.Functional;

namespace Vjp.Examples.Pinn;

/// <summary>The result of example 7.</summary>
/// <param name="Network">The trained parameters.</param>
/// <param name="InitialLoss">The physics loss before training.</param>
/// <param name="FinalLoss">The physics loss after training.</param>
/// <param name="MaxError">max |u(t) − e^(−t)| over a fine grid on [0, 2].</param>
/// <param name="Grid">The fine grid.</param>
/// <param name="Prediction">u on the grid.</param>
/// <param name="PicturePath">The PNG of u against e^(−t), or null when none was written.</param>
public sealed record PinnResult(PinnNetwork Network, double InitialLoss, double FinalLoss, double MaxError, Vec Grid, Vec Prediction, string? PicturePath);
