using Vjp.Benchmarks;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The loss in the README's training form: one expression per sample, <c>Dense(W₂, b₂, Tanh(Dense(W₁, b₁, xᵢ)))</c>
/// and its cross-entropy, summed (pairwise, so the expression stays shallow) and divided by B.
/// </summary>
public static class MlpPerSample
{
    /// <summary>The loss as a function of the parameters, for a fixed batch.</summary>
    /// <param name="problem">The batch.</param>
    public static Diff<MlpParams, double> Loss(MlpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = Diff.Input<MlpParams>();
        var terms = new List<Diff<MlpParams, double>>(problem.Batch);
        for (var i = 0; i < problem.Batch; i++)
        {
            var h = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), Const<MlpParams, Vec>(problem.Samples[i])));
            var logits = Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h);
            terms.Add(Losses.CrossEntropy(logits, problem.Labels[i], MlpProblem.Classes));
        }

        return SumPairwise(terms) / problem.Batch;
    }

    /// <summary>Σ terms, added pairwise.</summary>
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
