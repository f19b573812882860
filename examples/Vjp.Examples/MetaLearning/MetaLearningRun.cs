using ScottPlot;
using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.MetaLearning;

/// <summary>
/// Example 6. Meta-learning a learning rate. The inner problem is a robust (log-cosh) linear regression
/// <c>L(w) = mean(log cosh(Xw − y))</c>, solved by k steps of gradient descent <c>w ← w − η ∇L(w)</c> from
/// w = 0. The meta-loss is the validation loss after those k steps, <c>M(η) = L_val(w_k(η))</c>; its
/// derivative dM/dη runs back through every step, including through <c>∇L</c> itself, so it needs the
/// derivative of a gradient (Hessian–vector products, formed by the library, never a Hessian).
/// </summary>
public static class MetaLearningRun
{
    /// <summary>The log-cosh loss <c>mean(log cosh(A w − b))</c>, with log cosh z = z + softplus(−2z) − log 2 (stable for large |z|).</summary>
    /// <typeparam name="X">The outer input type.</typeparam>
    /// <param name="w">The weights, an expression.</param>
    /// <param name="a">The design matrix.</param>
    /// <param name="b">The targets.</param>
    public static Diff<X, double> LogCoshLoss<X>(Diff<X, Vec> w, Mat a, Vec b) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(a);
        var z = Fn.Const<X, Mat>(a) * w - b;
        return Mean(z + Softplus(-2.0 * z)) - Math.Log(2);
    }

    /// <summary>
    /// The meta-loss as a function of ρ = log η: k unrolled steps <c>w ← w − e^ρ ∇L(w)</c> from 0, where ∇L is
    /// <see cref="Diff.Gradient{TIn}(Diff{TIn, double})"/>, itself a Diff; then the validation loss.
    /// </summary>
    /// <param name="train">The training data.</param>
    /// <param name="validation">The validation data.</param>
    /// <param name="innerSteps">k.</param>
    public static Diff<double, double> MetaLoss((Mat X, Vec Y) train, (Mat X, Vec Y) validation, int innerSteps)
    {
        var gradient = Diff.Gradient(LogCoshLoss(Diff.Input<Vec>(), train.X, train.Y));   // w ↦ ∇L(w), a Diff<Vec, Vec>
        var rho = Diff.Input<double>();
        var eta = Exp(rho);
        var w = Fn.Const<double, Vec>(Vec.Zeros(train.X.Cols));
        for (var i = 0; i < innerSteps; i++)
        {
            w -= eta * gradient.Of(w);
        }

        return LogCoshLoss(w, validation.X, validation.Y);
    }

    /// <summary>The same meta-loss with the inner gradient written as a closure, <c>Diff.GradientAt(v ↦ L(v), at: w)</c>.</summary>
    /// <param name="train">The training data.</param>
    /// <param name="validation">The validation data.</param>
    /// <param name="innerSteps">k.</param>
    public static Diff<double, double> MetaLossWithGradientAt((Mat X, Vec Y) train, (Mat X, Vec Y) validation, int innerSteps)
    {
        var rho = Diff.Input<double>();
        var eta = Exp(rho);
        var w = Fn.Const<double, Vec>(Vec.Zeros(train.X.Cols));
        for (var i = 0; i < innerSteps; i++)
        {
            w -= eta * Diff.GradientAt<double, Vec>(v => LogCoshLoss(v, train.X, train.Y), at: w);
        }

        return LogCoshLoss(w, validation.X, validation.Y);
    }

    /// <summary>A seeded regression task with heavy-tailed noise (a few outliers), split into training and validation.</summary>
    /// <param name="settings">Sizes and seed.</param>
    public static ((Mat X, Vec Y) Train, (Mat X, Vec Y) Validation) Task(MetaLearningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var wTrue = Vec.Generate(settings.Features, _ => Normal());
        (Mat, Vec) Sample(int n)
        {
            // Features on different scales (0.5 to 2): an ill-conditioned problem, where η matters.
            var x = Mat.Generate(n, settings.Features, (_, j) => Normal() * Math.Pow(4, (double)j / Math.Max(1, settings.Features - 1)) / 2);
            var noise = Vec.Generate(n, _ => random.NextDouble() < 0.1 ? 8 * Normal() : 0.1 * Normal());
            return (x, x * wTrue + noise);
        }

        return (Sample(settings.TrainPoints), Sample(settings.ValidationPoints));
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static MetaLearningResult Run(ExampleOptions options) => Run(options, options?.Small == true ? MetaLearningSettings.Small : MetaLearningSettings.Default);

    /// <summary>Learns the inner learning rate by gradient descent on the meta-loss.</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Sizes.</param>
    public static MetaLearningResult Run(ExampleOptions options, MetaLearningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        var (train, validation) = Task(settings);
        var k = settings.InnerSteps;
        var meta = MetaLoss(train, validation, k);

        console.WriteLineWhole($"Inner problem: log-cosh regression, {settings.TrainPoints} points × {settings.Features} features, solved by {k} steps w ← w − η∇L(w) from w = 0.");
        console.WriteLineWhole($"Meta-loss M(η) = validation loss after those {k} steps; learn ρ = log η by descending dM/dρ,");
        console.WriteLineWhole("a pullback through every step, ∇L included: var gradient = Diff.Gradient(loss);  w -= eta * gradient.Of(w);");

        // The meta-gradient at the start, three ways.
        var rho = Math.Log(settings.InitialLearningRate);
        var (m0, g0) = meta.ValueAndGradient(rho);
        const double h = 1e-5;
        var fd = (meta.Invoke(rho + h) - meta.Invoke(rho - h)) / (2 * h);
        var byGradientAt = MetaLossWithGradientAt(train, validation, k).Gradient(rho);
        var check = new Table().AddColumns("dM/dρ at η = " + N(settings.InitialLearningRate, 3), "value");
        check.AddText("pullback through the unrolled steps", N(g0, 12));
        check.AddText("the same, inner gradient by Diff.GradientAt", N(byGradientAt, 12));
        check.AddText("central finite differences (h = 1e-5)", N(fd, 12));
        console.WriteWhole(check);

        // Meta-training: Adam on ρ.
        var adam = new Adam(LearningRate: 0.1);
        var state = adam.Init(rho);
        var path = new List<(double Eta, double M)> { (settings.InitialLearningRate, m0) };
        TrainingProgress.Run(console, "meta-training η", settings.MetaSteps, _ =>
        {
            var (m, g) = meta.ValueAndGradient(rho);
            (rho, state) = adam.Step(rho, g, state);
            path.Add((Math.Exp(rho), meta.Invoke(rho)));
            return m;
        });

        var learned = Math.Exp(rho);
        var final = meta.Invoke(rho);

        // For comparison only: M on a grid of η (what meta-gradients let us avoid in higher dimensions).
        var grid = Enumerable.Range(0, 121).Select(i => settings.InitialLearningRate * Math.Pow(10, 2.0 * i / 120 - 0.5)).ToArray();
        var values = grid.Select(eta => meta.Invoke(Math.Log(eta))).ToArray();
        var finite = Enumerable.Range(0, grid.Length).Where(i => double.IsFinite(values[i])).ToArray();
        var best = finite.MinBy(i => values[i]);

        var summary = new Table().AddColumns("", "η", $"validation loss after {k} steps");
        summary.AddText("start", N(settings.InitialLearningRate, 4), N(m0, 6));
        summary.AddText($"learned ({settings.MetaSteps} meta-steps)", N(learned, 4), N(final, 6));
        summary.AddText("best on a grid of 121 η (brute force)", N(grid[best], 4), N(values[best], 6));
        console.WriteWhole(summary);

        var picture = options.PicturePath("meta-learning.png");
        var plot = new Plot();
        var curve = plot.Add.ScatterLine(finite.Select(i => grid[i]).ToArray(), finite.Select(i => values[i]).ToArray());
        curve.LegendText = $"M(η): validation loss after {k} steps";
        curve.LineWidth = 2;
        var steps = plot.Add.ScatterPoints(path.Select(p => p.Eta).ToArray(), path.Select(p => p.M).ToArray());
        steps.LegendText = "meta-gradient descent on log η";
        steps.Color = Colors.C1;
        plot.Title("Learning the learning rate through unrolled gradient descent");
        plot.XLabel("inner learning rate η");
        plot.YLabel("meta-loss M(η)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(picture, 720, 450);
        console.WriteLineWhole($"Picture: {picture}");

        return new(settings.InitialLearningRate, learned, m0, final, g0, fd, byGradientAt, grid[best], values[best], picture);
    }
}
