using ScottPlot;
using Color = ScottPlot.Color;
using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using Vjp.Properties;
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
        var h = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        return Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h);
    }

    /// <summary>The cross-entropy of logits z against a class, <c>log Σⱼ e^(zⱼ) − z_label</c> (stable, from Vjp.Combinators).</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <param name="label">The class.</param>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Vec> logits, int label) where X : notnull => Losses.CrossEntropy(logits, label, classes: 2);

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

    /// <summary>The number of training points the gradient check uses.</summary>
    public const int CheckBatch = 16;

    /// <summary>Checks the loss's derivative rules with Vjp.Properties at the initial parameters, on a batch of the data.</summary>
    /// <param name="settings">Sizes (data and initialisation).</param>
    public static RuleCheckResult CheckGradient(MlpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var batch = MoonsData.Generate(CheckBatch, settings.Noise, settings.Seed);
        return RuleCheck.CheckAt(Loss(batch), MoonsNetwork.Initial(settings.Hidden, settings.Seed), RuleCheckOptions.Default with { Samples = 5 });
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
        var adam = new Adam(LearningRate: settings.LearningRate);
        var state = adam.Init(network);
        var losses = new List<double>(settings.Steps);
        TrainingProgress.Run(console, "training the network", settings.Steps, _ =>
        {
            var (value, gradient) = loss.ValueAndGradient(network);
            (network, state) = adam.Step(network, gradient, state);
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
        console.WriteLineWhole($"Two moons, {settings.TrainPoints} training and {settings.TestPoints} test points (noise {settings.Noise}, seed {settings.Seed}).");
        console.WriteLineWhole($"Network x ↦ W₂ tanh(W₁x + b₁) + b₂, {settings.Hidden} hidden units, parameters in a record MoonsNetwork(W1, B1, W2, B2);");
        console.WriteLineWhole($"loss = mean cross-entropy; gradient = one pullback, returned as a MoonsNetwork; {settings.Steps} full-batch Adam steps.");

        // Before trusting the gradient: Vjp.Properties checks the loss's pullback at the initial parameters
        // (on a batch of the data) against finite differences, pushforwards and the chain rule.
        console.WriteLineWhole("  checking the loss's gradient with Vjp.Properties …");
        var check = CheckGradient(settings);
        console.WriteLineWhole($"Vjp.Properties, RuleCheck.CheckAt(loss on {CheckBatch} points, initial parameters): {(check.Passed ? "passed" : "FAILED")} " +
            $"({check.SamplesChecked} tangent/cotangent draws; Taylor order {N(check.MinTaylorOrder, 2)})");
        if (!check.Passed)
        {
            console.WriteLineWhole(check.Report);
        }

        var (network, train, test, losses) = Train(settings, console);
        var trainAccuracy = train.Accuracy(network);
        var testAccuracy = test.Accuracy(network);

        var table = new Table().AddColumns("", "value");
        table.AddText("loss before → after", $"{N(losses[0], 4)} → {N(losses[^1], 4)}");
        table.AddText("training accuracy", $"{trainAccuracy:P1}");
        table.AddText("test accuracy", $"{testAccuracy:P1}");
        console.WriteWhole(table);

        var path = options.PicturePath("decision-boundary.png");
        DrawDecisionBoundary(network, train, test, path, $"Two moons: test accuracy {testAccuracy:P1}");
        console.WriteLineWhole($"Picture: {path}");

        // Saved parameters: Vec and Mat carry System.Text.Json converters, so the record serialises as it is.
        var parametersPath = options.PicturePath("mlp-parameters.json");
        Save(network, parametersPath);
        var reloaded = Load(parametersPath);
        var identical = test.Points.All(x => SameBits(network.Logits(x), reloaded.Logits(x)));
        console.WriteLineWhole($"Parameters: {parametersPath} (reloaded network's logits on the test set {(identical ? "identical, bit for bit" : "DIFFER")})");
        return new(network, train, test, losses, trainAccuracy, testAccuracy, check.Passed, path, parametersPath, reloaded, identical);
    }

    /// <summary>Writes the parameters to a JSON file with default <see cref="System.Text.Json.JsonSerializer"/> options.</summary>
    /// <param name="network">The parameters.</param>
    /// <param name="path">The file.</param>
    public static void Save(MoonsNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(network, JsonOptions));
    }

    /// <summary>Reads parameters written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="System.Text.Json.JsonException">When the file is not a saved network.</exception>
    public static MoonsNetwork Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return System.Text.Json.JsonSerializer.Deserialize<MoonsNetwork>(File.ReadAllText(path), JsonOptions)
            ?? throw new System.Text.Json.JsonException($"{path} holds null, not a MoonsNetwork.");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static bool SameBits(Vec a, Vec b) =>
        a.Length == b.Length && Enumerable.Range(0, a.Length).All(i => BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(b[i]));

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
        heat.Colormap = new LightDivergingColormap();

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
