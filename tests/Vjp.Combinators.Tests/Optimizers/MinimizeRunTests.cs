using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Optimizers;

/// <summary>The <c>Minimize</c> overload with a loss history, per-step reports, early stopping and cancellation.</summary>
public class MinimizeRunTests
{
    /// <summary>A least-squares loss in ℝ³, minimized at (1, −2, 0.5).</summary>
    private static Diff<Vec, double> Quadratic()
    {
        var p = Diff.Input<Vec>();
        return Losses.Mse(p, Vec.Of(1, -2, 0.5));
    }

    private sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Reports { get; } = [];

        public void Report(T value) => Reports.Add(value);
    }

    [Fact]
    public void Minimize_WithAHistory_HasOneLossPerStepAndTheStart_EachTheLossAtTheReportedParameters()
    {
        var loss = Quadratic();
        var start = Vec.Of(0, 0, 0);
        var progress = new Recorder<OptimizerStep<Vec>>();
        var run = new Adam(0.05).Minimize(loss, start, steps: 40, onStep: progress.Report);

        Assert.Equal(40, run.Steps);
        Assert.False(run.StoppedEarly);
        Assert.Equal(41, run.Losses.Count);
        Assert.Equal(loss.Invoke(start), run.Losses[0]);
        Assert.Equal(run.Loss, run.Losses[^1]);
        Assert.Equal(Enumerable.Range(1, 40), progress.Reports.Select(r => r.Step));
        foreach (var r in progress.Reports)
        {
            Assert.Equal(run.Losses[r.Step], r.Loss);
            Assert.Equal(loss.Invoke(r.Parameters), r.Loss);
        }

        Assert.Equal(run.Parameters, progress.Reports[^1].Parameters);
        Assert.True(run.Losses[^1] < run.Losses[0]);
    }

    [Fact]
    public void Minimize_WithoutOptions_GivesTheSameRunAsTheShortOverload()
    {
        var loss = Quadratic();
        var (p, final) = new Momentum(0.2, 0.5).Minimize(loss, Vec.Of(3, 3, 3), steps: 25);
        var run = new Momentum(0.2, 0.5).Minimize(loss, Vec.Of(3, 3, 3), steps: 25, earlyStopping: null);
        Assert.Equal(p, run.Parameters);
        Assert.Equal(final, run.Loss);
    }

    [Fact]
    public void Minimize_WithZeroSteps_ReturnsTheStartAndItsLoss()
    {
        var loss = Quadratic();
        var calls = 0;
        var run = new Sgd(0.1).Minimize(loss, Vec.Of(1, 1, 1), steps: 0, onStep: _ => calls++);
        Assert.Equal([loss.Invoke(Vec.Of(1, 1, 1))], run.Losses);
        Assert.Equal(0, run.Steps);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Minimize_OnAPlateau_StopsAfterThePatience()
    {
        // A loss whose gradient is zero: no step changes it, so every step after the start fails to improve.
        var x = Diff.Input<Vec>();
        var flat = Fn.Sum(x * 0.0) + 1.0;
        var run = new Sgd(0.1).Minimize(flat, Vec.Of(1, 2), steps: 1000, new EarlyStopping(Patience: 5));
        Assert.True(run.StoppedEarly);
        Assert.Equal(5, run.Steps);
        Assert.Equal(6, run.Losses.Count);
    }

    [Fact]
    public void Minimize_AfterConvergence_StopsEarly_WhenTheImprovementFallsBelowTheTolerance()
    {
        var loss = Quadratic();
        var run = new Sgd(0.5).Minimize(loss, Vec.Of(0, 0, 0), steps: 10_000, new EarlyStopping(Patience: 3, Tolerance: 1e-10));
        Assert.True(run.StoppedEarly);
        Assert.InRange(run.Steps, 4, 9_999);
        // The last `Patience` losses did not improve on the best before them by more than the tolerance …
        var best = run.Losses.Take(run.Losses.Count - 3).Min();
        Assert.All(run.Losses.TakeLast(3), l => Assert.True(l >= best - 1e-10));
        Assert.True(run.Loss < 1e-9);
    }

    [Fact]
    public void Minimize_OnSteadyDescent_DoesNotStopEarly()
    {
        // x ↦ Σx decreases by η·n = 0.2 every step, far more than the tolerance.
        var x = Diff.Input<Vec>();
        var run = new Sgd(0.1).Minimize(Fn.Sum(x), Vec.Of(0, 0), steps: 50, new EarlyStopping(Patience: 1, Tolerance: 0.01));
        Assert.False(run.StoppedEarly);
        Assert.Equal(50, run.Steps);
        Assert.Equal(51, run.Losses.Count);
    }

    [Fact]
    public void Minimize_WhenCancelledFromTheCallback_ThrowsBeforeTheNextStep()
    {
        using var cts = new CancellationTokenSource();
        var steps = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => new Adam(0.05).Minimize(Quadratic(), Vec.Of(0, 0, 0), steps: 1000,
            onStep: s =>
            {
                steps.Add(s.Step);
                if (s.Step == 3)
                {
                    cts.Cancel();
                }
            },
            cancellationToken: cts.Token));
        Assert.Equal([1, 2, 3], steps);
    }

    [Fact]
    public void Minimize_WithACancelledToken_ThrowsWithoutEvaluatingTheLoss()
    {
        var evaluations = 0;
        var loss = Diff.Create<double, double>("counted", x => { evaluations++; return x * x; }, (x, _, yBar) => 2 * x * yBar);
        Assert.ThrowsAny<OperationCanceledException>(() => new Sgd(0.1).Minimize(loss, 1.0, steps: 10, cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, evaluations);
    }

    [Fact]
    public void Minimize_WithHistory_KeepsTheNonFiniteChecks()
    {
        var x = Diff.Input<double>();
        var e = Assert.Throws<NonFiniteException>(() => new Sgd(2).Minimize(Sqrt(x), 1.0, steps: 10, new EarlyStopping(Patience: 100)));
        Assert.Equal(2, e.Step);
        Assert.Equal("gradient", e.Quantity);
        var nan = Assert.Throws<NonFiniteException>(() => new Sgd(0.1).Minimize(x * x, double.NaN, steps: 10, onStep: _ => { }));
        Assert.Equal(0, nan.Step);
    }

    [Fact]
    public void Minimize_WithNullOrOutOfRangeArguments_ThrowsNamingThem()
    {
        var loss = Quadratic();
        var start = Vec.Of(0, 0, 0);
        Assert.Equal("optimizer", Assert.Throws<ArgumentNullException>(() => ((IOptimizer)null!).Minimize(loss, start, 1, earlyStopping: null)).ParamName);
        Assert.Equal("loss", Assert.Throws<ArgumentNullException>(() => new Sgd(0.1).Minimize(null!, start, 1, earlyStopping: null)).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentNullException>(() => new Sgd(0.1).Minimize(loss, null!, 1, earlyStopping: null)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1).Minimize(loss, start, -1, earlyStopping: null)).ParamName);
        Assert.Equal("Patience", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0)).ParamName);
        Assert.Equal("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, -1e-3)).ParamName);
        Assert.Equal("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, double.NaN)).ParamName);
    }
}
