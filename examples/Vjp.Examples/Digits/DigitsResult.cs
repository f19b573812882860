namespace Vjp.Examples.Digits;

/// <summary>The result of the <c>digits</c> example.</summary>
/// <param name="Network">The trained parameters.</param>
/// <param name="TrainCount">Training images.</param>
/// <param name="TestCount">Test images.</param>
/// <param name="Epochs">Loss and accuracy after every epoch.</param>
/// <param name="TestAccuracy">The final accuracy on the test set.</param>
/// <param name="Misclassified">The test images the network gets wrong: index in the test set, true and predicted class.</param>
/// <param name="LossPath">The PNG of the loss curves.</param>
/// <param name="AccuracyPath">The PNG of the accuracy curves.</param>
/// <param name="MisclassifiedPath">The PNG grid of misclassified test digits.</param>
public sealed record DigitsResult(
    DigitsNetwork Network, int TrainCount, int TestCount, IReadOnlyList<DigitsEpoch> Epochs, double TestAccuracy,
    IReadOnlyList<(int Index, int True, int Predicted)> Misclassified, string LossPath, string AccuracyPath, string MisclassifiedPath);
