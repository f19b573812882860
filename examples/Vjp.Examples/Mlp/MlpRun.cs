using ScottPlot;
using Color = ScottPlot.Color;
using Spectre.Console;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Mlp;

/// <summary>
/// Example 3. A two-layer network trained by backpropagation on two moons: the loss is a
/// <c>Diff&lt;MoonsNetwork, double&gt;</c>, its gradient one pullback (a chain of VJPs, one per layer, in
/// reverse), returned as a <see cref="MoonsNetwork"/> record for Adam to step with.
/// </summary>
public static class MlpRun
{
    /// <summary>The network's logits <c>W₂ tanh(W₁ x + b₁) + b₂</c>, for parameters and input that are both expressions.</summary>
    /// <typeparam name="X">The expressions' input: the parameters (training) or the point (an attack on the input).</typeparam>
    /// <param name="p">The parameters.</param>
    /// <param name="x">The point.</param>
    public static Diff<X, Vec> Logits<X>(Diff<X, MoonsNetwork> p, Diff<X, Vec> x) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(p);
        var h = Tanh(p.Get(m => m.W1) * x + p.Get(m => m.B1));
        return p.Get(m => m.W2) * h + p.Get(m => m.B2);
    }

    /// <summary>The cross-entropy of logits z against a class, <c>log Σⱼ e^(zⱼ) − z_label</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <param name="label">The class.</param>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Vec> logits, int label) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(logits);
        return Log(Sum(Exp(logits))) - logits[label];
    }

    /// <summary>The mean cross-entropy over a data set, as a function of the parameters.</summary>
    /// <param name="data">The data.</param>
    public static Diff<MoonsNetwork, double> Loss(MoonsData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = Diff.Input<MoonsNetwork>();
        var terms = new List<Diff<MoonsNetwork, double>>(data.Points.Count);
        for (var i = 0; i < data.Points.Count; i++)
        {
            terms.Add(CrossEntropy(Logits(p, Fn.Const<MoonsNetwork, Vec>(data.Points[i])), data.Labels[i]));
        }

        return SumPairwise(terms) / data.Points.Count;
    }

    /// <summary>Generates the data and trains the network (no printing but the progress).</summary>
    /// <param name="settings">Sizes.</param>
    /// <param name="console">Where to show progress.</param>
    public static (MoonsNetwork Network, MoonsData Train, MoonsData Test, IReadOnlyList<double> Losses) Train(MlpSettings settings, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var train = MoonsData.Generate(settings.TrainPoints, settings.Noise, settings.Seed);
        var test = MoonsData.Generate(settings.TestPoints, settings.Noise, settings.Seed + 1);
        var loss = Loss(train);
        var network = MoonsNetwork.Initial(settings.Hidden, settings.Seed);
        var adam = new LocalAdam<MoonsNetwork>(network, settings.LearningRate);
        var losses = new List<double>(settings.Steps);
        TrainingProgress.Run(console, "training the network", settings.Steps, _ =>
        {
            var (value, gradient) = loss.ValueAndGradient(network);
            network = adam.Step(network, gradient);
            losses.Add(value);
            return value;
        });

        return (network, train, test, losses);
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static MlpResult Run(ExampleOptions options) => Run(options, options?.Small == true ? MlpSettings.Small : MlpSettings.Default);

    /// <summary>Trains the network, reports accuracy and draws the decision boundary.</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Sizes.</param>
    public static MlpResult Run(ExampleOptions options, MlpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        console.WriteLine($"Two moons, {settings.TrainPoints} training and {settings.TestPoints} test points (noise {settings.Noise}, seed {settings.Seed}).");
        console.WriteLine($"Network x ↦ W₂ tanh(W₁x + b₁) + b₂, {settings.Hidden} hidden units, parameters in a record MoonsNetwork(W1, B1, W2, B2);");
        console.WriteLine($"loss = mean cross-entropy; gradient = one pullback, returned as a MoonsNetwork; {settings.Steps} full-batch Adam steps.");

        var (network, train, test, losses) = Train(settings, console);
        var trainAccuracy = train.Accuracy(network);
        var testAccuracy = test.Accuracy(network);

        var table = new Table().AddColumns("", "value");
        table.AddText("loss before → after", $"{N(losses[0], 4)} → {N(losses[^1], 4)}");
        table.AddText("training accuracy", $"{trainAccuracy:P1}");
        table.AddText("test accuracy", $"{testAccuracy:P1}");
        console.Write(table);

        var path = options.PicturePath("decision-boundary.png");
        DrawDecisionBoundary(network, train, test, path, $"Two moons: test accuracy {testAccuracy:P1}");
        console.WriteLine($"Picture: {path}");
        return new(network, train, test, losses, trainAccuracy, testAccuracy, path);
    }

    /// <summary>Draws P(class 1) over the plane, the 0.5 boundary and the points.</summary>
    /// <param name="network">The network.</param>
    /// <param name="train">Training points (filled).</param>
    /// <param name="test">Test points (open), or null.</param>
    /// <param name="path">The PNG to write.</param>
    /// <param name="title">The title.</param>
    public static void DrawDecisionBoundary(MoonsNetwork network, MoonsData train, MoonsData? test, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        const double xMin = -1.6, xMax = 2.6, yMin = -1.2, yMax = 1.7;
        const int columns = 210, rows = 145;
        var probability = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            var y = yMax - (yMax - yMin) * (r + 0.5) / rows;
            for (var c = 0; c < columns; c++)
            {
                var x = xMin + (xMax - xMin) * (c + 0.5) / columns;
                probability[r, c] = network.ProbabilityOfOne(Vec.Of(x, y));
            }
        }

        var plot = new Plot();
        var heat = plot.Add.Heatmap(probability);
        heat.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heat.Colormap = new ScottPlot.Colormaps.Balance();
        heat.Opacity = 0.4;

        void Points(MoonsData data, int label, Color color, bool filled, string legend)
        {
            var pts = Enumerable.Range(0, data.Points.Count).Where(i => data.Labels[i] == label).Select(i => data.Points[i]).ToArray();
            var scatter = plot.Add.ScatterPoints(pts.Select(p => p[0]).ToArray(), pts.Select(p => p[1]).ToArray());
            scatter.Color = color;
            scatter.MarkerShape = filled ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
            scatter.MarkerSize = filled ? 5 : 6;
            scatter.LegendText = legend;
        }

        var blue = new Color(20, 60, 170);
        var red = new Color(180, 30, 30);
        Points(train, 0, blue, true, "class 0 (train)");
        Points(train, 1, red, true, "class 1 (train)");
        if (test is not null)
        {
            Points(test, 0, blue, false, "class 0 (test)");
            Points(test, 1, red, false, "class 1 (test)");
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title(title);
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 760, 540);
    }

    /// <summary>Σ terms, added pairwise so the expression stays shallow.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="terms">At least one term.</param>
    public static Diff<X, double> SumPairwise<X>(IReadOnlyList<Diff<X, double>> terms) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(terms);
        var level = terms.ToList();
        while (level.Count > 1)
        {
            var next = new List<Diff<X, double>>((level.Count + 1) / 2);
            for (var i = 0; i + 1 < level.Count; i += 2)
            {
                next.Add(level[i] + level[i + 1]);
            }

            if (level.Count % 2 == 1)
            {
                next.Add(level[^1]);
            }

            level = next;
        }

        return level[0];
    }
}
