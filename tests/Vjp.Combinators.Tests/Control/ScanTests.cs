using CsCheck;
using System.Collections.Immutable;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class ScanTests
{
    /// <summary>sᵢ = tanh(p·sᵢ₋₁ + aᵢ).</summary>
    private static Diff<(double, double, double), double> ScalarStep()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        return Tanh(p * s + a);
    }

    /// <summary>hᵢ = tanh(W hᵢ₋₁ + U aᵢ + b), an RNN cell with parameters in a record.</summary>
    private static Diff<(Rnn, Vec, Vec), Vec> RnnStep()
    {
        var (p, h, a) = Diff.Input<(Rnn, Vec, Vec)>();
        return Tanh(p.Get(m => m.W) * h + p.Get(m => m.U) * a + p.Get(m => m.B));
    }

    private static Rnn RnnLike => new(Mat.Zeros(3, 3), Mat.Zeros(3, 2), Vec.Zeros(3));

    private static ImmutableArray<T> Repeat<T>(T value, int n) => [.. Enumerable.Repeat(value, n)];

    [Fact]
    public void Scan_Value_IsTheSequenceOfStates()
    {
        var states = Combinators.Control.Scan(ScalarStep()).Invoke((0.5, 1.0, ImmutableArray.Create(0.1, 0.2, 0.3)));
        var s1 = Math.Tanh(0.5 * 1.0 + 0.1);
        var s2 = Math.Tanh(0.5 * s1 + 0.2);
        var s3 = Math.Tanh(0.5 * s2 + 0.3);
        Assert.Equal([s1, s2, s3], states.ToArray());
    }

    [Fact]
    public void Scan_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Checks.Derivatives(Combinators.Control.Scan(ScalarStep()), (0.0, 0.0, Repeat(0.0, 6)));

    [Fact]
    public void Fold_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Checks.Derivatives(Combinators.Control.Fold(ScalarStep()), (0.0, 0.0, Repeat(0.0, 6)));

    [Fact]
    public void Scan_OfRnnOverData_DerivativesInParametersAndInitialState_MatchFiniteDifferences()
    {
        var xs = new[] { Vec.Of(1, 0), Vec.Of(0.5, -1), Vec.Of(-0.3, 0.2), Vec.Of(0, 1) };
        var scan = Combinators.Control.Scan(RnnStep(), xs);
        Checks.Derivatives(scan, (RnnLike, Vec.Zeros(3)), iter: 20);
        Checks.Derivatives(Combinators.Control.Fold(RnnStep(), xs), (RnnLike, Vec.Zeros(3)), iter: 20);
    }

    [Fact]
    public void Scan_OverSequenceOfVectors_DerivativeInTheElements_MatchesFiniteDifferences() =>
        Checks.Derivatives(Combinators.Control.Scan(RnnStep()), (RnnLike, Vec.Zeros(3), Repeat(Vec.Zeros(2), 3)), iter: 20);

    [Fact]
    public void Fold_EqualsTheUnrolledComposition()
    {
        var xs = new[] { 0.3, -0.7, 1.1, 0.2, -0.5 };
        var (p, s0) = Diff.Input<(double, double)>();
        var s = s0;
        foreach (var a in xs)
        {
            s = ScalarStep().Of(Diff.Fanout(p, s, Fn.Const<(double, double), double>(a)));
        }

        Checks.Same(s, Combinators.Control.Fold(ScalarStep(), xs), Checks.Like((0.0, 0.0)));
    }

    [Fact]
    public void Scan_OverArrayListAndImmutableArray_AreTheSame()
    {
        var xs = new[] { 0.3, -0.7, 1.1 };
        Checks.Same(Combinators.Control.Scan(ScalarStep(), xs.ToList()), Combinators.Control.Scan(ScalarStep(), xs), Checks.Like((0.0, 0.0)));
        Checks.Same(Combinators.Control.Fold(ScalarStep(), ImmutableArray.Create(xs)), Combinators.Control.Fold(ScalarStep(), xs), Checks.Like((0.0, 0.0)));
    }

    [Fact]
    public void Scan_OverADefaultImmutableArray_ThrowsNamingTheScan()
    {
        var e = Assert.Throws<ArgumentException>(() => Combinators.Control.Scan(ScalarStep()).Invoke((1.0, 2.0, default(ImmutableArray<double>))));
        Assert.Contains("scan[", e.Message, StringComparison.Ordinal);
        Assert.Contains("default (uninitialized) ImmutableArray", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Combinators.Control.Fold(ScalarStep(), default(ImmutableArray<double>)));
    }

    [Fact]
    public void Scan_Checkpointed_EqualsPlainForEveryLength() =>
        Gen.Select(Gen.Int[0, 40], Gen.Int).ForAll((n, seed) =>
        {
            var rng = new Random(seed);
            var x = (rng.NextDouble(), rng.NextDouble(), ImmutableArray.CreateRange(Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5)));
            Checks.SameAt(Combinators.Control.Scan(ScalarStep()), Combinators.Control.Scan(ScalarStep(), checkpoint: true), x, rng);
            Checks.SameAt(Combinators.Control.Fold(ScalarStep()), Combinators.Control.Fold(ScalarStep(), checkpoint: true), x, rng);
        }, iter: 30);

    [Fact]
    public void Fold_Checkpointed_KeepsOrderSqrtNResiduals()
    {
        const int n = 10_000;
        var x = (0.5, 0.1, Repeat(0.01, n));
        Assert.Equal(n, LoopInspector.Retained(Combinators.Control.Fold(ScalarStep()), x));
        Assert.InRange(LoopInspector.Retained(Combinators.Control.Fold(ScalarStep(), checkpoint: true), x), 1, 2 * (int)Math.Sqrt(n));
    }

    [Fact]
    public void Scan_Checkpointed_RecomputesEachStepOnceInThePullback()
    {
        var forward = 0;
        var counted = Diff.Create<(double, double, double), double>(
            "counted", x => { Interlocked.Increment(ref forward); return Math.Tanh(x.Item1 * x.Item2 + x.Item3); },
            pullback: (x, y, yBar) => (yBar * (1 - y * y) * x.Item2, yBar * (1 - y * y) * x.Item1, yBar * (1 - y * y)));
        var x = (0.5, 0.1, Repeat(0.2, 100));
        var (_, back) = Combinators.Control.Fold(counted, checkpoint: true).ValueWithPullback(x);
        Assert.Equal(100, forward);
        _ = back(1.0);
        Assert.Equal(200, forward);
    }

    [Fact]
    public void Scan_OfHundredThousandSteps_DifferentiatesWithoutStackOverflow()
    {
        const int n = 100_000;
        var x = (0.9, 0.5, Repeat(0.001, n));
        var scan = Combinators.Control.Scan(ScalarStep());
        Assert.Equal(n, scan.Invoke(x).Length);
        var gradient = scan.Vjp(x, Repeat(1.0, n));                  // the gradient of the sum of the states
        Assert.True(double.IsFinite(gradient.Item1) && double.IsFinite(gradient.Item2));
        Assert.Equal(n, gradient.Item3.Length);
        var checkpointed = Combinators.Control.Fold(ScalarStep(), checkpoint: true).Gradient(x);
        Assert.True(double.IsFinite(checkpointed.Item1));
    }

    [Fact]
    public void Scan_WithNoElements_ReturnsNoStatesAndFoldReturnsTheInitialState()
    {
        var none = ImmutableArray<double>.Empty;
        Assert.True(Combinators.Control.Scan(ScalarStep()).Invoke((1.0, 2.0, none)).IsEmpty);
        Assert.Equal(2.0, Combinators.Control.Fold(ScalarStep()).Invoke((1.0, 2.0, none)));
        var (pBar, s0Bar, asBar) = Combinators.Control.Fold(ScalarStep()).Vjp((1.0, 2.0, none), 1.0);
        Assert.Equal((0.0, 1.0, 0), (pBar, s0Bar, asBar.Length));
    }

    [Fact]
    public void Scan_Name_ShowsTheStep() =>
        Assert.StartsWith("scan[tanh(", Combinators.Control.Scan(ScalarStep()).Name, StringComparison.Ordinal);
}
