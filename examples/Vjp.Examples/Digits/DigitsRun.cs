using ScottPlot;
using Color = ScottPlot.Color;
using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;

namespace Vjp.Examples.Digits;

/// <summary>
/// Example 11. A real data set: the UCI optical handwritten digits (1,797 images of 8×8 pixels, Alpaydin and
/// Kaynak 1998, CC BY 4.0). A two-layer network 64 → h tanh → 10 trained by mini-batch backpropagation with
/// Adam on a fixed, seeded train/test split, by <c>Training.Train</c>: the loss (<see cref="DigitsLoss"/>) takes the
/// batch as a matrix, one image per row, and each batch's gradient is one pullback in the parameters, returned as a
/// <see cref="DigitsNetwork"/> record.
/// </summary>
public static class DigitsRun
{
    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static DigitsResult Run(ExampleOptions options) => Run(options, options?.Small == true ? DigitsSettings.Small : DigitsSettings.Default);

    /// <summary>Loads the data, trains, reports test accuracy and draws the curves and the misclassified digits.</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Sizes.</param>
    public static DigitsResult Run(ExampleOptions options, DigitsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        var (train, test) = DigitsData.Load().Split(settings.TestFraction, settings.Seed);
        console.WriteLineWhole($"UCI optical handwritten digits (Alpaydin & Kaynak 1998, CC BY 4.0): {train.Count + test.Count} images of 8×8 pixels scaled to [0, 1];");
        console.WriteLineWhole($"a fixed split (seed {settings.Seed}): {train.Count} for training, {test.Count} held out for testing.");
        console.WriteLineWhole($"Network x ↦ W₂ tanh(W₁x + b₁) + b₂, 64 → {settings.Hidden} → 10, softmax cross-entropy; Adam (step {settings.LearningRate}), " +
            $"mini-batches of {settings.BatchSize}, {settings.Epochs} epochs (Training.Train); each batch is one B × 64 matrix through Layers.Dense, its gradient one pullback in the parameters, returned as a DigitsNetwork record.");

        var (network, epochs) = Train(train, test, settings, console);
        var (_, testAccuracy, predicted) = network.Evaluate(test);
        var misclassified = Enumerable.Range(0, test.Count).Where(i => predicted[i] != test.Labels[i]).Select(i => (i, test.Labels[i], predicted[i])).ToArray();

        var table = new Table().AddColumns("", "value");
        table.AddText("training loss, first → last epoch", $"{N(epochs[0].TrainLoss, 4)} → {N(epochs[^1].TrainLoss, 4)}");
        table.AddText("training accuracy", $"{N(100 * epochs[^1].TrainAccuracy, 1)} %");
        table.AddText("test accuracy", $"{N(100 * testAccuracy, 1)} %");
        table.AddText("misclassified test images", $"{misclassified.Length} of {test.Count}");
        console.WriteWhole(table);
        console.WriteLineWhole($"test accuracy: {N(100 * testAccuracy, 1)} %");

        var lossPath = options.PicturePath("digits-loss.png");
        DrawLoss(epochs, lossPath);
        var accuracyPath = options.PicturePath("digits-accuracy.png");
        DrawAccuracy(epochs, accuracyPath);
        var misclassifiedPath = options.PicturePath("digits-misclassified.png");
        DrawMisclassified(test, misclassified, misclassifiedPath);
        console.WriteLineWhole($"Pictures: {lossPath}, {accuracyPath}, {misclassifiedPath}");
        return new(network, train.Count, test.Count, epochs, testAccuracy, misclassified, lossPath, accuracyPath, misclassifiedPath);
    }

    /// <summary>Trains from the seeded initialisation; returns the network and every epoch's loss and accuracy.</summary>
    /// <param name="train">The training set.</param>
    /// <param name="test">The test set (evaluated after every epoch, never trained on).</param>
    /// <param name="settings">Sizes.</param>
    /// <param name="console">Where to show progress.</param>
    public static (DigitsNetwork Network, IReadOnlyList<DigitsEpoch> Epochs) Train(DigitsData train, DigitsData test, DigitsSettings settings, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        var initial = DigitsNetwork.Initial(settings.Hidden, settings.Seed);
        var adam = new Adam(LearningRate: settings.LearningRate);
        var loss = DigitsLoss.Create();
        var epochs = new List<DigitsEpoch>(settings.Epochs);
        var network = initial;
        TrainingProgress.RunEpochs(console, "training", settings.Epochs, report =>
        {
            // One loop over the epochs (Adam's moments carried throughout), evaluated after each one.
            network = adam.Train(
                loss, initial, train.Images, train.Labels, DigitsData.Classes, settings.BatchSize, settings.Epochs, seed: settings.Seed + 1,
                onEpoch: (e, trainLoss, p) =>
                {
                    var (_, trainAccuracy, _) = p.Evaluate(train);
                    var (testLoss, testAccuracy, _) = p.Evaluate(test);
                    epochs.Add(new(e + 1, trainLoss, testLoss, trainAccuracy, testAccuracy));
                    report(e + 1, trainLoss, testAccuracy);
                }).Parameters;
        });

        return (network, epochs);
    }

    private static void DrawLoss(IReadOnlyList<DigitsEpoch> epochs, string path)
    {
        var plot = new Plot();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(x, epochs.Select(e => e.TrainLoss).ToArray());
        train.LegendText = "training (mean over the epoch's batches)";
        var test = plot.Add.Scatter(x, epochs.Select(e => e.TestLoss).ToArray());
        test.LegendText = "test (after the epoch)";
        plot.Axes.SetLimitsY(0, Math.Max(epochs.Max(e => e.TrainLoss), epochs.Max(e => e.TestLoss)) * 1.05);
        plot.Title("Digits: mean cross-entropy");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 720, 440);
    }

    private static void DrawAccuracy(IReadOnlyList<DigitsEpoch> epochs, string path)
    {
        var plot = new Plot();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(x, epochs.Select(e => 100 * e.TrainAccuracy).ToArray());
        train.LegendText = "training";
        var test = plot.Add.Scatter(x, epochs.Select(e => 100 * e.TestAccuracy).ToArray());
        test.LegendText = $"test (final {N(100 * epochs[^1].TestAccuracy, 1)} %)";
        plot.Axes.SetLimitsY(Math.Max(0, Math.Min(epochs.Min(e => e.TrainAccuracy), epochs.Min(e => e.TestAccuracy)) * 100 - 2), 100.5);
        plot.Title("Digits: accuracy");
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 720, 440);
    }

    /// <summary>The misclassified test digits in a grid, each titled "true → predicted".</summary>
    private static void DrawMisclassified(DigitsData test, IReadOnlyList<(int Index, int True, int Predicted)> misclassified, string path)
    {
        const int columns = 8;
        const double cell = 1.0, gap = 0.25, caption = 0.45;
        var shown = misclassified.Take(48).ToArray();
        var rows = Math.Max(1, (shown.Length + columns - 1) / columns);
        var plot = new Plot();
        for (var n = 0; n < shown.Length; n++)
        {
            var (index, truth, predicted) = shown[n];
            int r = n / columns, c = n % columns;
            var pixels = new double[8, 8];
            var image = test.Images.RowSpan(index);
            for (var i = 0; i < 64; i++)
            {
                pixels[i / 8, i % 8] = image[i];
            }

            var left = c * (cell + gap);
            var top = -r * (cell + gap + caption);
            var heat = plot.Add.Heatmap(pixels);
            heat.Colormap = new InkColormap();
            heat.ManualRange = new ScottPlot.Range(0, 1);
            heat.Extent = new CoordinateRect(left, left + cell, top - cell, top);
            var label = plot.Add.Text($"{truth} → {predicted}", left + cell / 2, top + 0.05);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontColor = predicted == truth ? Colors.Black : new Color(170, 20, 20);
        }

        if (shown.Length == 0)
        {
            plot.Add.Text("no misclassified test digits", 0, 0);
        }

        var width = columns * (cell + gap) - gap;
        plot.Axes.SetLimits(-gap, width + gap, -rows * (cell + gap + caption) + caption, caption + gap);
        plot.HideAxesAndGrid();
        plot.Axes.SquareUnits();   // square pixels, whatever the picture's aspect
        plot.Title(shown.Length == misclassified.Count
            ? $"The {misclassified.Count} misclassified test digits (true → predicted)"
            : $"{shown.Length} of the {misclassified.Count} misclassified test digits (true → predicted)");
        plot.SavePng(path, 80 * columns + 40, (int)(rows * 80 * (cell + gap + caption)) + 80);
    }
}
