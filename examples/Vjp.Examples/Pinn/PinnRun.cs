using ScottPlot;
using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Pinn;

/// <summary>
/// Example 7. A physics-informed network: <c>u(t)</c>, one hidden layer of tanh units, trained so that
/// <c>u′ = −u</c> on [0, 2] and <c>u(0) = 1</c>, with no data but the equation. The loss contains
/// <c>u′(t)</c>, the derivative of the network with respect to its input, taken with
/// <see cref="Diff.GradientAt{X, T}"/>; training differentiates that loss with respect to the parameters,
/// a derivative of a derivative. The exact solution is <c>e^(−t)</c>.
/// </summary>
public static class PinnRun
{
    /// <summary>
    /// The network at every point of <paramref name="t"/> at once, <c>uᵢ = Σⱼ w₂ⱼ tanh(w₁ⱼ tᵢ + b₁ⱼ) + b₂</c>,
    /// as an expression of the parameters <paramref name="theta"/>.
    /// </summary>
    /// <param name="theta">The parameters (an expression).</param>
    /// <param name="t">The times (an expression: a constant, or the variable of a derivative).</param>
    /// <param name="hidden">The number of hidden units.</param>
    /// <param name="points">The number of times.</param>
    public static Diff<PinnNetwork, Vec> U(Diff<PinnNetwork, PinnNetwork> theta, Diff<PinnNetwork, Vec> t, int hidden, int points)
    {
        ArgumentNullException.ThrowIfNull(theta);
        var w1 = theta.Get(n => n.W1);
        var b1 = theta.Get(n => n.B1);
        var w2 = theta.Get(n => n.W2);
        var ones = Fn.Const<PinnNetwork, Vec>(Vec.Ones(points));
        var u = theta.Get(n => n.B2) * ones;
        for (var j = 0; j < hidden; j++)
        {
            u += w2[j] * Tanh(w1[j] * t + b1[j] * ones);
        }

        return u;
    }

    /// <summary>
    /// The physics loss <c>L(θ) = meanᵢ (u′(tᵢ) + u(tᵢ))² + (u(0) − 1)²</c> at the collocation points
    /// <paramref name="times"/>, the first of which must be 0.
    /// </summary>
    /// <remarks>
    /// <c>u′(tᵢ)</c> for every i at once is the gradient of <c>Σᵢ u(tᵢ)</c> with respect to the vector t, since
    /// uᵢ depends on tᵢ alone. <see cref="Diff.GradientAt{X, T}"/> takes it as an expression of θ, with θ held
    /// fixed inside (no perturbation confusion), so the loss can be differentiated again with respect to θ.
    /// </remarks>
    /// <param name="times">The collocation points.</param>
    /// <param name="hidden">The number of hidden units.</param>
    public static Diff<PinnNetwork, double> PhysicsLoss(Vec times, int hidden)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Length == 0 || times[0] != 0)
        {
            throw new ArgumentException("PinnRun.PhysicsLoss needs collocation points starting at t = 0.", nameof(times));
        }

        var theta = Diff.Input<PinnNetwork>();
        var t = Fn.Const<PinnNetwork, Vec>(times);
        var u = U(theta, t, hidden, times.Length);
        var du = Diff.GradientAt<PinnNetwork, Vec>(tv => Sum(U(theta, tv, hidden, times.Length)), at: t);
        var residual = du + u;
        return Mean(residual * residual) + Square(u[0] - 1.0);
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static PinnResult Run(ExampleOptions options) => Run(options, options?.Small == true ? PinnSettings.Small : PinnSettings.Default);

    /// <summary>Trains the network and compares it with e^(−t).</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Sizes.</param>
    public static PinnResult Run(ExampleOptions options, PinnSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        const double end = 2.0;
        var times = Vec.Generate(settings.Collocation, i => end * i / (settings.Collocation - 1));
        var loss = PhysicsLoss(times, settings.Hidden);
        var theta = PinnNetwork.Initial(settings.Hidden, settings.Seed);

        console.WriteLineWhole($"u(t) = Σⱼ w₂ⱼ tanh(w₁ⱼ t + b₁ⱼ) + b₂ with {settings.Hidden} hidden units; no data, only the equation:");
        console.WriteLineWhole($"L(θ) = mean over {settings.Collocation} points tᵢ in [0, {end}] of (u′(tᵢ) + u(tᵢ))² + (u(0) − 1)²,");
        console.WriteLineWhole("u′ = Diff.GradientAt(t ↦ Σ u(t), at: t) inside the loss; ∇θ L is a derivative of that derivative.");

        var initialLoss = loss.Invoke(theta);
        var state = new Adam().Init(theta);
        TrainingProgress.Run(console, "training u(t)", settings.Steps, i =>
        {
            // Adam with its step size decayed tenfold over the run (the optimizer's state carries over).
            var adam = new Adam(LearningRate: settings.LearningRate * Math.Pow(0.1, (double)i / settings.Steps));
            var (value, gradient) = loss.ValueAndGradient(theta);
            (theta, state) = adam.Step(theta, gradient, state);
            return value;
        });

        var finalLoss = loss.Invoke(theta);
        var grid = Vec.Generate(201, i => end * i / 200);
        var prediction = theta.Evaluate(grid);
        var exact = grid.Map(t => Math.Exp(-t));
        var maxError = Vec.MaxAbsDiff(prediction, exact);

        var table = new Table().AddColumns("t", "u(t) network", "e^(−t)", "|error|");
        foreach (var t in new[] { 0.0, 0.5, 1.0, 1.5, 2.0 })
        {
            var i = (int)Math.Round(t / end * 200);
            table.AddText(N(t, 1), N(prediction[i], 6), N(exact[i], 6), E(Math.Abs(prediction[i] - exact[i])));
        }

        console.WriteWhole(table);
        console.WriteLineWhole($"Physics loss {E(initialLoss)} → {E(finalLoss)};  max |u(t) − e^(−t)| on [0, 2] = {E(maxError)}");

        var path = options.PicturePath("pinn.png");
        var plot = new Plot();
        var exactLine = plot.Add.ScatterLine(grid.ToArray(), exact.ToArray());
        exactLine.LegendText = "exact  e^(−t)";
        exactLine.LineWidth = 6;
        exactLine.Color = Colors.LightGray;
        var fit = plot.Add.ScatterLine(grid.ToArray(), prediction.ToArray());
        fit.LegendText = "network u(t)";
        fit.LineWidth = 2;
        fit.LinePattern = LinePattern.Dashed;
        fit.Color = Colors.C0;
        var collocation = plot.Add.ScatterPoints(times.ToArray(), theta.Evaluate(times).ToArray());
        collocation.LegendText = "collocation points";
        collocation.Color = Colors.C1;
        plot.Title($"Physics-informed network for u′ = −u, u(0) = 1  (max error {E(maxError)})");
        plot.XLabel("t");
        plot.YLabel("u");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 720, 450);
        console.WriteLineWhole($"Picture: {path}");
        return new(theta, initialLoss, finalLoss, maxError, grid, prediction, path);
    }
}
