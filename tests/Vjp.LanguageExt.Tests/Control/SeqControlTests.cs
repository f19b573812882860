using System.Collections.Immutable;
using LanguageExt;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static LanguageExt.Prelude;
using static Vjp.Functional.Fn;

namespace Vjp.LanguageExt.Tests.Control;

/// <summary>Scans and folds over LanguageExt's <c>Seq</c>: the same functions as Vjp.Combinators' scans over arrays, and their derivatives.</summary>
public class SeqControlTests
{
    private static Diff<(double, double, double), double> ScalarStep()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        return Tanh(p * s + a);
    }

    private static readonly double[] Data = [0.3, -0.7, 1.1, 0.2];

    [Fact]
    public void Scan_OverASeq_IsTheScanOverTheArray()
    {
        var overSeq = SeqControl.Scan(ScalarStep(), toSeq(Data));
        var overArray = Vjp.Combinators.Control.Scan(ScalarStep(), Data);
        var at = (0.8, 0.2);
        Assert.Equal(overArray.Invoke(at).ToArray(), overSeq.Invoke(at).ToArray());
        Checks.Same(SeqControl.Fold(ScalarStep(), toSeq(Data)), Vjp.Combinators.Control.Fold(ScalarStep(), Data), Checks.Like((0.0, 0.0)));
    }

    [Fact]
    public void Scan_OverASeq_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        Checks.Derivatives(SeqControl.Scan(ScalarStep(), toSeq(Data)), (0.0, 0.0));
        Checks.Derivatives(SeqControl.Scan(ScalarStep()), (0.0, 0.0, toSeq(new double[5])));
        Checks.Derivatives(SeqControl.Fold(ScalarStep(), checkpoint: true), (0.0, 0.0, toSeq(new double[7])));
    }

    [Fact]
    public void ToSeq_OfAScansStates_IsDifferentiableTwice()
    {
        // Moved from Vjp.Combinators.Tests (the sum of the states needs SeqDiff): an RNN-like scan over fixed data,
        // differentiated twice in its parameters and initial state, checked against finite differences of gradients.
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var step = Tanh(p * s + a) + 0.1 * s * s;
        double[] data = [0.5, -0.2, 0.1, 0.7, -0.4];
        var states = Vjp.Combinators.Control.Scan(step, data);
        var last = Vjp.Combinators.Control.Fold(step, data, checkpoint: true);
        var q = Diff.Input<Vec>();
        var pair = Diff.Fanout(q[0], q[1]);
        var f = SeqDiff.Sum<double>().Of(states.ToSeq().Of(pair)) * 0.5 + Square(last.Of(pair));
        var at = Vec.Of(0.8, 0.3);
        const double h = 1e-5;
        foreach (var v in new[] { Vec.Of(1, -0.5), Vec.Of(0.2, 1) })
        {
            var fd = (f.Gradient(Vec.Axpy(h, v, at)) - f.Gradient(Vec.Axpy(-h, v, at))) / (2 * h);
            var hv = f.Hvp(at, v);
            for (var i = 0; i < fd.Length; i++)
            {
                Assert.True(Math.Abs(fd[i] - hv[i]) <= 1e-6 * (1 + Math.Abs(fd[i])), $"component {i}: finite differences {fd[i]}, HVP {hv[i]}");
            }
        }

        var hessian = f.Hessian(at);
        Assert.True(hessian.ApproxEquals(hessian.Transpose(), 1e-9, 1e-9), hessian.ToString());
    }

    [Fact]
    public void ToSeq_OfADefaultImmutableArray_ThrowsAnArgumentException()
    {
        var xs = Diff.Input<ImmutableArray<double>>();
        var e = Assert.Throws<ArgumentException>(() => xs.ToSeq().Invoke(default));
        Assert.Contains("default (uninitialized) ImmutableArray", e.Message, StringComparison.Ordinal);
    }
}
