using System.Collections.Immutable;
using Vjp.Combinators;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static Vjp.Combinators.Arrow;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

// Outside the Vjp.Combinators namespace on purpose: the snippets compile with the usings a user writes.
namespace CombinatorsReadme;

/// <summary>
/// The README's "Combinators and LINQ" snippets, compiled and checked. Each snippet sits between
/// <c>// snippet: name</c> and <c>// end snippet</c>; Vjp.Functional.Tests' README test keeps the README's
/// copies identical to these.
/// </summary>
public class ReadmeSnippetTests
{
    [Fact]
    public void Arrows_Snippet_GivesTheGradientOfTheComposedModel()
    {
        // snippet: combinators-arrows
        var x = Diff.Input<Vec>();
        var both = Fanout(Tanh(x), Sum(x * x));                            // x ↦ (tanh x, ‖x‖²)
        var each = Map(ScalarPrimitives.Sin).Parallel(ScalarPrimitives.Exp); // (v, s) ↦ (sin v, eˢ)
        var model = both.Then(each);                                        // Diff<Vec, (Vec, double)>
        var loss = Sum(model.Fst()) * model.Snd();                          // x feeds both branches: cotangents add
        Vec g = loss.Gradient(Vec.Of(0.5, -1));
        // end snippet

        Checks.FiniteDifferences(loss, Vec.Of(0.5, -1), Vec.Of(1, 0), 1.0);
        Checks.FiniteDifferences(loss, Vec.Of(0.5, -1), Vec.Of(0, 1), 1.0);
        Assert.Equal(2, g.Length);
    }

    [Fact]
    public void Linq_Snippet_GivesTheLossAndItsGradient()
    {
        // snippet: combinators-linq
        var w1 = Mat.FromArray(new double[,] { { 0.5, -1, 0.2 }, { 1.5, 0.3, -0.7 } });
        var b1 = Vec.Of(0.1, -0.2);
        var w2 = Mat.FromArray(new double[,] { { 1, -1 } });
        var b2 = Vec.Of(0.3);

        Diff<Vec, double> loss =
            from h in Dense(w1, b1)            // h is the expression Dense(w1, b1) of the input
            let a = Tanh(h)
            from y in Dense(w2, b2).Of(a)      // a later clause uses an earlier one
            select Sum(y * y) + 0.1 * Sum(a * a);

        var (value, gradient) = loss.ValueAndGradient(Vec.Of(0.5, -1, 2));
        // end snippet

        var a0 = (w1 * Vec.Of(0.5, -1, 2) + b1).Map(Math.Tanh);
        var y0 = w2 * a0 + b2;
        Assert.Equal(Vec.Dot(y0, y0) + 0.1 * Vec.Dot(a0, a0), value, 12);
        Checks.Adjoint(loss, Vec.Of(0.5, -1, 2), Vec.Of(1, 2, 3), 1.0);
        Checks.FiniteDifferences(loss, Vec.Of(0.5, -1, 2), Vec.Of(1, 2, 3), 1.0);
        Assert.Equal(3, gradient.Length);
    }

    [Fact]
    public void BatchedTraining_Snippet_GivesTheBatchGradientAndLowersTheLoss()
    {
        var rng = new Random(5);
        var data = Mat.Generate(128, 784, (_, _) => rng.NextDouble());
        var labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        var (batch, batchLabels) = MiniBatches.Of(data, labels, 64, seed: 2).First();
        var initial = new Mlp(Mat.Generate(128, 784, (_, _) => (rng.NextDouble() - 0.5) / 14), Vec.Zeros(128),
                              Mat.Generate(10, 128, (_, _) => (rng.NextDouble() - 0.5) / 5.6), Vec.Zeros(10));

        // snippet: combinators-batched
        // One batch as one expression: X is B×784, one sample per row, one label per row.
        Diff<Mlp, double> BatchLoss(Mat images, int[] classes)
        {
            var q = Diff.Input<Mlp>();
            var hidden = Tanh(Dense(q.Get(m => m.W1), q.Get(m => m.B1), q.Const(images)));        // X·W₁ᵀ + 𝟙b₁ᵀ, B×128
            var scores = Dense(q.Get(m => m.W2), q.Get(m => m.B2), hidden);                        // B×10
            return Losses.CrossEntropy(scores, classes);                                            // mean over the batch
        }
        var (value, gradient) = BatchLoss(batch, batchLabels).ValueAndGradient(initial);

        // Training: the batch is an input, so one compiled loss serves every batch, differentiated in P only.
        var (p, x, y) = Diff.Input<(Mlp P, Mat X, Mat Y)>();
        var logits = Dense(p.Get(m => m.W2), p.Get(m => m.B2), Tanh(Dense(p.Get(m => m.W1), p.Get(m => m.B1), x)));
        var trained = new Adam(LearningRate: 1e-3).Train(Losses.CrossEntropy(logits, y), initial,
            data, MiniBatches.OneHot(labels, 10), batchSize: 64, epochs: 3, seed: 1); // .Parameters, .EpochLosses
        // end snippet

        Assert.True(double.IsFinite(value));
        Assert.Equal((128, 784), gradient.W1.Shape);
        Assert.Equal(3, trained.EpochLosses.Count);
        Assert.True(trained.EpochLosses[^1] < trained.EpochLosses[0], $"losses {string.Join(", ", trained.EpochLosses)}");
    }

    [Fact]
    public void Training_Snippet_LearnsXor()
    {
        // snippet: combinators-training
        Vec[] inputs = [Vec.Of(0, 0), Vec.Of(0, 1), Vec.Of(1, 0), Vec.Of(1, 1)];
        double[] targets = [0, 1, 1, 0];                                    // XOR
        var p = Diff.Input<Mlp>();
        Diff<Mlp, double> Predict(Vec x) =>
            Dense(p.Get(m => m.W2), p.Get(m => m.B2), Tanh(Dense(p.Get(m => m.W1), p.Get(m => m.B1), p.Const(x))))[0];
        var loss = inputs.Select((x, i) => Square(Predict(x) - targets[i])).Aggregate((l, r) => l + r)
            + Losses.L2(p, 1e-4);                                             // Diff<Mlp, double>

        var rng = new Random(7);
        var initial = new Mlp(Mat.Generate(4, 2, (_, _) => rng.NextDouble() - 0.5), Vec.Zeros(4),
                              Mat.Generate(1, 4, (_, _) => rng.NextDouble() - 0.5), Vec.Zeros(1));
        var (trained, final) = new Adam(LearningRate: 0.05).Minimize(loss, initial, steps: 500);
        // end snippet

        Assert.True(final < 0.05, $"loss after training: {final}");
        Assert.True(Predict(Vec.Of(1, 0)).Invoke(trained) > 0.7);
        Assert.True(Predict(Vec.Of(1, 1)).Invoke(trained) < 0.3);

        // snippet: combinators-minimize-run
        using var cancel = new CancellationTokenSource();                    // e.g. a Cancel button, or a timeout
        var run = new Adam(LearningRate: 0.05).Minimize(loss, initial, steps: 20_000,
            new EarlyStopping(Patience: 100, Tolerance: 1e-7),               // stop on a plateau
            onStep: s => { if (s.Step % 1000 == 0) Console.WriteLine($"step {s.Step}: loss {s.Loss:G4}"); },
            cancellationToken: cancel.Token);                                // checked between steps
        // run.Parameters, run.Loss, run.Losses (one per step and the start), run.Steps, run.StoppedEarly
        // end snippet

        Assert.True(run.StoppedEarly, $"no plateau in {run.Steps} steps");
        Assert.Equal(run.Steps + 1, run.Losses.Count);
        Assert.True(run.Loss < final);
        Assert.Equal(loss.Invoke(run.Parameters), run.Loss);
    }

    [Fact]
    public void ControlFlow_Snippet_DifferentiatesLoopsBranchesAndFixedPoints()
    {
        // snippet: combinators-control
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var step = Tanh(p * s + a);                                                    // sᵢ = tanh(p·sᵢ₋₁ + aᵢ)
        ImmutableArray<double> states = Control.Scan(step, [0.5, -0.2, 0.1]).Invoke((0.3, 0.0)); // s₁, s₂, s₃
        var (dpSum, ds0Sum) = Sum(Control.Scan(step, [0.5, -0.2, 0.1])).Gradient((0.3, 0.0));     // ∇ Σᵢ sᵢ
        var last = Control.Fold(step, Enumerable.Repeat(0.01, 100_000).ToArray(), checkpoint: true);
        var (dp, ds0) = last.Gradient((0.9, 0.5));                                     // 10⁵ steps, O(√n) residuals

        var x = Diff.Input<double>();
        var safeSqrt = Control.Cond(v => v > 0, Sqrt(x), Fn.Const<double, double>(0));
        double zero = safeSqrt.Gradient(-1.0);                                         // 0, not NaN
        var elementwise = Map(safeSqrt);                                               // Diff<Vec, Vec>

        var (theta, r) = Diff.Input<(double, double)>();
        var root = Control.FixedPoint(0.5 * (r + theta / r), initial: 1.0);          // r* = √θ
        double slope = root.Gradient(2.0);                                             // implicit, not unrolled
        // end snippet

        Assert.Equal(3, states.Length);
        Assert.Equal(Math.Tanh(0.5), states[0], 15);
        var sumOfStates = Sum(Control.Scan(step, [0.5, -0.2, 0.1]));
        Assert.Equal(states.Sum(), sumOfStates.Invoke((0.3, 0.0)), 15);
        Assert.Equal(sumOfStates.Vjp((0.3, 0.0), 1.0), (dpSum, ds0Sum));
        Checks.Derivatives(sumOfStates, (0.0, 0.0));
        Assert.True(double.IsFinite(dp) && double.IsFinite(ds0));
        Assert.Equal(0.0, zero);
        Assert.Equal(Vec.Of(2, 0), elementwise.Invoke(Vec.Of(4, -4)));
        Checks.FiniteDifferences(root, 2.0, 1.0, 1.0);
        Assert.Equal(Math.Sqrt(2), root.Invoke(2.0), 14);
        Assert.True(double.IsFinite(slope));
    }

    [Fact]
    public void Errors_Snippet_DivergingFixedPointAndNonFiniteStep_ThrowNamedExceptions()
    {
        // snippet: errors-combinators
        var (theta, r) = Diff.Input<(double, double)>();
        var e1 = Assert.Throws<ConvergenceException>(() => Control.FixedPoint(1.1 * r + theta, initial: 1.0).Invoke(1.0));
        Assert.StartsWith("fixedpoint[(1.1 * x.snd + x.fst)]: the forward iteration x ← g(θ, x) diverged at iteration 3699", e1.Message, StringComparison.Ordinal);
        Assert.Contains("the last finite residual ‖xₖ₊₁ − xₖ‖ was 1.175E+153", e1.Message, StringComparison.Ordinal);

        var x = Diff.Input<double>();
        var e2 = Assert.Throws<NonFiniteException>(() => new Sgd(2).Minimize(Sqrt(x), 1.0, steps: 10));
        Assert.StartsWith("Sgd { LearningRate = 2 }: at step 2, the gradient of the loss is infinite", e2.Message, StringComparison.Ordinal);
        Assert.Equal(2, e2.Step);
        // end snippet
    }
}
