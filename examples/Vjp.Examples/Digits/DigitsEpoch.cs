namespace Vjp.Examples.Digits;

/// <summary>What one epoch of training gave.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">The mean of the mini-batch losses during the epoch.</param>
/// <param name="TestLoss">The mean cross-entropy on the test set after the epoch.</param>
/// <param name="TrainAccuracy">Accuracy on the training set after the epoch.</param>
/// <param name="TestAccuracy">Accuracy on the test set after the epoch.</param>
public sealed record DigitsEpoch(int Epoch, double TrainLoss, double TestLoss, double TrainAccuracy, double TestAccuracy);
