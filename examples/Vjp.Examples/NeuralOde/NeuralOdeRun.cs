using System.Collections.Immutable;
using Vjp.LanguageExt;
using ScottPlot;
using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Examples.Training;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.NeuralOde;

/// <summary>
/// Example 9. Fitting an ODE's parameters by differentiating through its solver. The damped oscillator
/// <c>x′ = v, v′ = −ω²x − 2ζωv</c> is integrated by classical Runge–Kutta (RK4), one step per observation,
/// as a checkpointed <c>Control.Scan</c>; the loss, the mean squared distance from noisy observations of x,
/// is differentiated with respect to (ω, ζ) by one pullback through the whole solve, which keeps only
/// about √n of the n steps' residuals and recomputes the rest.
/// </summary>
public static class NeuralOdeRun
{
    /// <summary>The data the fit starts from: true parameters and initial guess.</summary>
    public static (OscillatorParameters Truth, OscillatorParameters Guess) Parameters { get; } = (new(2.0, 0.15), new(1.6, 0.4));

    /// <summary>
    /// One RK4 step of the oscillator with its squared error against the observation at the step's end:
    /// <c>(θ, (y, ·), (Δt, obs)) ↦ (y′, (y′₀ − obs)²)</c>, y′ = y + Δt/6 (k₁ + 2k₂ + 2k₃ + k₄).
    /// </summary>
    public static Diff<(OscillatorParameters, (Vec, double), (double, double)), (Vec, double)> Rk4Step()
    {
        var (p, s, a) = Diff.Input<(OscillatorParameters, (Vec, double), (double, double))>();
        var (y, _) = s;
        var (dt, observation) = a;
        var omega = p.Get(q => q.Omega);
        var zeta = p.Get(q => q.Zeta);

        // The vector field f(y) = (y₁, −ω² y₀ − 2ζω y₁).
        Diff<(OscillatorParameters, (Vec, double), (double, double)), Vec> F(Diff<(OscillatorParameters, (Vec, double), (double, double)), Vec> u) =>
            Diff.Vector(u[1], -(omega * omega) * u[0] - 2.0 * zeta * omega * u[1]);

        var k1 = F(y);
        var k2 = F(y + (0.5 * dt) * k1);
        var k3 = F(y + (0.5 * dt) * k2);
        var k4 = F(y + dt * k3);
        var next = y + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        return Diff.Fanout(next, Square(next[0] - observation));
    }

    /// <summary>The solver: the RK4 step scanned over the observations, from (θ, (y₀, 0)) to every step's (y, error).</summary>
    /// <param name="dt">The step.</param>
    /// <param name="observations">The observations, one per step.</param>
    /// <param name="checkpoint">Whether to keep √n checkpoints instead of every step's residuals.</param>
    public static Diff<(OscillatorParameters, (Vec, double)), ImmutableArray<(Vec, double)>> Solver(double dt, IReadOnlyList<double> observations, bool checkpoint = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return Control.Scan(Rk4Step(), observations.Select(o => (dt, o)).ToArray(), checkpoint);
    }

    /// <summary>The loss <c>L(θ) = (1/n) Σᵢ (x(tᵢ; θ) − obsᵢ)²</c> from x(0) = 1, v(0) = 0.</summary>
    /// <param name="dt">The step.</param>
    /// <param name="observations">The observations.</param>
    /// <param name="checkpoint">Whether the scan checkpoints.</param>
    public static Diff<OscillatorParameters, double> Loss(double dt, IReadOnlyList<double> observations, bool checkpoint = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var theta = Diff.Input<OscillatorParameters>();
        var start = Fn.Const<OscillatorParameters, (Vec, double)>((Vec.Of(1, 0), 0.0));
        var trajectory = Diff.Fanout(theta, start).Then(Solver(dt, observations, checkpoint));
        return trajectory.ToSeq().Sum().Snd() / observations.Count;
    }

    /// <summary>x(tᵢ) along the solver's trajectory, with plain numbers.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="dt">The step.</param>
    /// <param name="observations">The observations (only their count matters here).</param>
    public static double[] Trajectory(OscillatorParameters p, double dt, IReadOnlyList<double> observations) =>
        [1.0, .. Solver(dt, observations).Invoke((p, (Vec.Of(1, 0), 0.0))).Select(s => s.Item1[0])];

    /// <summary>Noisy observations x(tᵢ) + noise, tᵢ = i·Δt, i = 1 … n, of the true oscillator.</summary>
    /// <param name="settings">Sizes and seed.</param>
    public static double[] Observations(NeuralOdeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return [.. Enumerable.Range(1, settings.Observations).Select(i => Parameters.Truth.Exact(i * settings.Dt) + settings.Noise * Normal())];
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print and draw.</param>
    public static NeuralOdeResult Run(ExampleOptions options) => Run(options, options?.Small == true ? NeuralOdeSettings.Small : NeuralOdeSettings.Default);

    /// <summary>Fits (ω, ζ) to the observations with Adam on gradients through the solver.</summary>
    /// <param name="options">Where to print and draw.</param>
    /// <param name="settings">Sizes.</param>
    public static NeuralOdeResult Run(ExampleOptions options, NeuralOdeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        var (truth, guess) = Parameters;
        var observations = Observations(settings);
        var loss = Loss(settings.Dt, observations);
        console.WriteLineWhole($"Damped oscillator x″ + 2ζω x′ + ω² x = 0, x(0) = 1, x′(0) = 0; {settings.Observations} noisy observations of x (σ = {settings.Noise}).");
        console.WriteLineWhole($"Solver: RK4, one step of Δt = {settings.Dt} per observation, as Control.Scan(rk4Step, data, checkpoint: true).");
        console.WriteLineWhole($"Loss: mean squared error; its gradient in (ω, ζ) is one pullback through the {settings.Observations} steps (√n checkpoints).");

        var everyStep = Memory.RetainedByPullback(Loss(settings.Dt, observations, checkpoint: false), guess);
        var checkpointed = Memory.RetainedByPullback(loss, guess);
        console.WriteLineWhole($"Memory kept for the pullback: {Bytes(checkpointed)} with checkpoints, {Bytes(everyStep)} keeping every step's residuals.");

        var adam = new Adam(LearningRate: settings.LearningRate);
        var state = adam.Init(guess);
        var p = guess;
        var initialLoss = loss.Invoke(guess);
        TrainingProgress.Run(console, "fitting (ω, ζ)", settings.Steps, _ =>
        {
            var (value, gradient) = loss.ValueAndGradient(p);
            (p, state) = adam.Step(p, gradient, state);
            return value;
        });

        var finalLoss = loss.Invoke(p);
        var table = new Table().AddColumns("", "ω", "ζ", "loss");
        table.AddText("truth", N(truth.Omega, 4), N(truth.Zeta, 4), N(loss.Invoke(truth), 6));
        table.AddText("initial guess", N(guess.Omega, 4), N(guess.Zeta, 4), N(initialLoss, 6));
        table.AddText("fitted", N(p.Omega, 4), N(p.Zeta, 4), N(finalLoss, 6));
        console.WriteWhole(table);

        var path = options.PicturePath("neural-ode.png");
        var times = Enumerable.Range(0, settings.Observations + 1).Select(i => i * settings.Dt).ToArray();
        var plot = new Plot();
        var fine = Enumerable.Range(0, 400).Select(i => i * times[^1] / 399).ToArray();
        var exact = plot.Add.ScatterLine(fine, fine.Select(truth.Exact).ToArray());
        exact.LegendText = "truth";
        exact.LineWidth = 6;
        exact.Color = Colors.LightGray;
        var data = plot.Add.ScatterPoints(times[1..], observations);
        data.LegendText = "observations";
        data.Color = Colors.Black;
        data.MarkerSize = 4;
        var start = plot.Add.ScatterLine(times, Trajectory(guess, settings.Dt, observations));
        start.LegendText = $"initial guess ω = {guess.Omega}, ζ = {guess.Zeta}";
        start.LinePattern = LinePattern.Dotted;
        start.Color = Colors.C1;
        var fit = plot.Add.ScatterLine(times, Trajectory(p, settings.Dt, observations));
        fit.LegendText = $"fitted ω = {p.Omega:F3}, ζ = {p.Zeta:F3}";
        fit.LineWidth = 2;
        fit.Color = Colors.C0;
        plot.Title("Fitting an ODE through its RK4 solver (checkpointed scan)");
        plot.XLabel("t");
        plot.YLabel("x(t)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 760, 450);
        console.WriteLineWhole($"Picture: {path}");
        return new(truth, guess, p, initialLoss, finalLoss, checkpointed, everyStep, path);
    }
}
