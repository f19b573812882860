using LanguageExt;
using Vjp.Combinators;
using Vjp.Functional;
using Vjp.LanguageExt;
using static LanguageExt.Prelude;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

// Outside the Vjp namespaces on purpose: the snippets compile with the usings a user writes.
namespace LanguageExtReadme;

/// <summary>The LanguageExt snippets of the repository README and of Vjp.LanguageExt/README.md, compiled and checked.</summary>
public class ReadmeSnippetTests
{
    [Fact]
    public void Interop_Snippet_ReportsShapeErrorsAsValuesAndScansOverSeqs()
    {
        // snippet: languageext-interop
        var model = Dense(Mat.Zeros(2, 3), Vec.Zeros(2));
        Fin<Vec> ok = model.TryInvoke(Vec.Of(1, 2, 3));
        Fin<Vec> bad = model.TryInvoke(Vec.Of(1, 2));              // Fail("Mat.MatVec: (2×3) · vector of length 2 …")
        var total = SeqDiff.Sum<Vec>().Of(SeqDiff.Lift(model));    // Diff<Seq<Vec>, Vec>
        Seq<Vec> cotangents = total.Vjp(Seq(Vec.Of(1, 2, 3), Vec.Of(0, 1, 0)), Vec.Of(1, 1));

        var (p, s, a) = Diff.Input<(double, double, double)>();
        Diff<(double, double), Seq<double>> states = SeqControl.Scan(Tanh(p * s + a), Seq(0.5, -0.2, 0.1));
        var (theta, r) = Diff.Input<(double, double)>();
        Fin<double> failed = (2 * r + theta).TryFixedPoint(1.0, 1.0, maxIterations: 50); // Fail: did not converge
        // end snippet

        Assert.True(ok.IsSucc);
        Assert.Contains("Mat.MatVec: (2×3) · vector of length 2", bad.Match(_ => "", e => e.Message), StringComparison.Ordinal);
        Assert.Equal(2, cotangents.Count);
        Assert.Equal(Control.Scan(Tanh(p * s + a), [0.5, -0.2, 0.1]).Invoke((0.3, 0.0)).ToArray(), states.Invoke((0.3, 0.0)).ToArray());
        Assert.True(failed.IsFail);
    }

    [Fact]
    public void LanguageExtPackageReadme_Snippet_FoldsOverASeqAndReportsFailuresAsValues()
    {
        // snippet: package-languageext
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var final = SeqControl.Fold(Tanh(p * s + a), Seq(0.5, -0.2, 0.1));    // (p, s₀) ↦ s₃ over a Seq of data
        Fin<(double, double)> g = final.TryGradient((0.8, 0.0));              // Succ((∂s₃/∂p, ∂s₃/∂s₀))
        Fin<Vec> bad = Layers.Dense(Mat.Zeros(2, 3), Vec.Zeros(2)).TryInvoke(Vec.Zeros(4)); // Fail: the shapes, named
        Seq<Vec> ones = SeqDiff.Sum<Vec>().Vjp(Seq(Vec.Of(1, 2), Vec.Of(3, 4)), Vec.Of(1, 1)); // Seq<Vec> is a vector space
        // end snippet

        Assert.True(g.IsSucc);
        Vjp.Combinators.Tests.Checks.FiniteDifferences(final, (0.8, 0.0), (1.0, 0.0), 1.0);
        Assert.Equal(final.Gradient((0.8, 0.0)), g.Match(x => x, _ => default));
        Assert.True(bad.IsFail);
        Assert.Equal(Seq(Vec.Of(1, 1), Vec.Of(1, 1)), ones);
    }
}
