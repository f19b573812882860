using ScottPlot;
using Spectre.Console;
using Vjp.Examples.Mlp;
using Vjp.Examples.Runner;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;

namespace Vjp.Examples.Adversarial;

/// <summary>
/// Example 8. Adversarial robustness of example 3's network: the fast gradient sign method (Goodfellow,
/// Shlens and Szegedy, "Explaining and harnessing adversarial examples", ICLR 2015) moves each test point
/// by <c>ε · sign(∇ₓ loss(x, y))</c>, the gradient with respect to the <i>input</i> — the same network,
/// differentiated in its other argument, with the parameters held constant.
/// </summary>
public static class AdversarialRun
{
    /// <summary>The sizes ε tried by default.</summary>
    public static IReadOnlyList<double> Epsilons { get; } = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

    /// <summary>The loss of a fixed network as a function of its input, one per class: <c>x ↦ CE(net(x), label)</c>.</summary>
    /// <param name="network">The trained parameters (constant here).</param>
    /// <param name="label">The class.</param>
    public static Diff<Vec, double> InputLoss(MoonsNetwork network, int label)
    {
        var x = Diff.Input<Vec>();
        return MlpRun.CrossEntropy(MlpRun.Logits(Fn.Const<Vec, MoonsNetwork>(network), x), label);
    }

    /// <summary>The FGSM point: <c>x + ε sign(∇ₓ loss)</c>.</summary>
    /// <param name="inputLoss">The loss in the input, for the point's true class.</param>
    /// <param name="x">The point.</param>
    /// <param name="epsilon">The size ε.</param>
    public static Vec Fgsm(Diff<Vec, double> inputLoss, Vec x, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(inputLoss);
        return x + epsilon * inputLoss.Gradient(x).Map(g => (double)Math.Sign(g));
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static AdversarialResult Run(ExampleOptions options) => Run(options, options?.Small == true ? MlpSettings.Small : MlpSettings.Default, Epsilons);

    /// <summary>Trains example 3's network, then attacks its test set with FGSM for every ε.</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Example 3's sizes.</param>
    /// <param name="epsilons">The sizes ε.</param>
    public static AdversarialResult Run(ExampleOptions options, MlpSettings settings, IReadOnlyList<double> epsilons)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(epsilons);
        var console = options.Console;
        console.WriteLineWhole("The network of example 3, trained again (same seed), then attacked on its test set:");
        var (network, _, test, _) = MlpRun.Train(settings, console);
        var losses = new[] { InputLoss(network, 0), InputLoss(network, 1) };
        console.WriteLineWhole("FGSM: x ↦ x + ε·sign(∇ₓ CE(net(x), y)), the gradient in the input by one pullback per point;");
        console.WriteLineWhole("for comparison, the same ε with random signs.");

        var random = new Random(settings.Seed);
        var randomSigns = test.Points.Select(_ => Vec.Of(random.Next(2) * 2 - 1, random.Next(2) * 2 - 1)).ToArray();
        var curve = new List<RobustnessPoint>();
        var table = new Table().AddColumns("ε", "accuracy under FGSM", "accuracy, random signs");
        foreach (var epsilon in epsilons)
        {
            int fgsmCorrect = 0, randomCorrect = 0;
            for (var i = 0; i < test.Points.Count; i++)
            {
                var (x, y) = (test.Points[i], test.Labels[i]);
                fgsmCorrect += network.Predict(Fgsm(losses[y], x, epsilon)) == y ? 1 : 0;
                randomCorrect += network.Predict(x + epsilon * randomSigns[i]) == y ? 1 : 0;
            }

            var point = new RobustnessPoint(epsilon, (double)fgsmCorrect / test.Points.Count, (double)randomCorrect / test.Points.Count);
            curve.Add(point);
            table.AddText(N(epsilon, 2), $"{point.FgsmAccuracy:P1}", $"{point.RandomAccuracy:P1}");
        }

        console.WriteWhole(table);

        var path = options.PicturePath("adversarial.png");
        var plot = new Plot();
        var eps = curve.Select(c => c.Epsilon).ToArray();
        var fgsm = plot.Add.Scatter(eps, curve.Select(c => 100 * c.FgsmAccuracy).ToArray());
        fgsm.LegendText = "FGSM: ε·sign(∇ₓ loss)";
        fgsm.LineWidth = 2;
        var rnd = plot.Add.Scatter(eps, curve.Select(c => 100 * c.RandomAccuracy).ToArray());
        rnd.LegendText = "random signs, same ε";
        rnd.LineWidth = 2;
        rnd.LinePattern = LinePattern.Dashed;
        plot.Axes.SetLimitsY(0, 102);
        plot.Title("Two-moons network under attack");
        plot.XLabel("perturbation size ε (max norm)");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 720, 450);
        console.WriteLineWhole($"Picture: {path}");
        return new(test.Accuracy(network), curve, path);
    }
}
