using CsCheck;
using Vjp.Functional;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Linq;

public class DiffQueryTests
{
    private static readonly Gen<(Mat W1, Vec B1, Mat W2, Vec B2)> Weights =
        Gen.Select(Checks.Like(Mat.Zeros(4, 3)), Checks.Like(Vec.Zeros(4)), Checks.Like(Mat.Zeros(2, 4)), Checks.Like(Vec.Zeros(2)));

    /// <summary>The query of the issue, verbatim.</summary>
    private static Diff<Vec, double> IssueQuery(Mat w1, Vec b1, Mat w2, Vec b2)
    {
        Diff<Vec, double> loss =
            from h in Dense(w1, b1)            // Diff<Vec, Vec>
            let a = Tanh(h)
            from y in Dense(w2, b2).Of(a)      // a later clause depends on an earlier one
            select Sum(y * y) + 0.1 * Sum(a * a);
        return loss;
    }

    /// <summary>The same model composed by hand with arrows: x ▸ dense₁ ▸ tanh ▸ ⟨dense₂, id⟩ ▸ (‖·‖², 0.1‖·‖²) ▸ add.</summary>
    private static Diff<Vec, double> ByHand(Mat w1, Vec b1, Mat w2, Vec b2)
    {
        var v = Diff.Input<Vec>();
        var squares = Sum(v * v);
        return Dense(w1, b1)
            .Then(VecPrimitives.Tanh)
            .Then(Arrow.Fanout(Dense(w2, b2), Arrow.Id<Vec>()))
            .Then(squares.Parallel(0.1 * squares))
            .Then(ScalarPrimitives.Add);
    }

    [Fact]
    public void IssueQuery_Value_IsTheModelsLoss()
    {
        var w1 = Mat.FromArray(new double[,] { { 0.5, -1 }, { 2, 0.25 } });
        var b1 = Vec.Of(0.1, -0.2);
        var w2 = Mat.FromArray(new double[,] { { 1, -1 } });
        var b2 = Vec.Of(0.3);
        var x = Vec.Of(0.7, -0.4);
        var a = (w1 * x + b1).Map(Math.Tanh);
        var y = w2 * a + b2;
        Assert.Equal(Vec.Dot(y, y) + 0.1 * Vec.Dot(a, a), IssueQuery(w1, b1, w2, b2).Invoke(x), 12);
    }

    [Fact]
    public void IssueQuery_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Weights.ForAll(w => Checks.Derivatives(IssueQuery(w.W1, w.B1, w.W2, w.B2), Vec.Zeros(3), iter: 4), iter: 10);

    [Fact]
    public void IssueQuery_EqualsThePipelineComposedByHand() =>
        Gen.Select(Weights, Checks.Like(Vec.Zeros(3), -2, 2), Gen.Int).ForAll((w, x, seed) =>
            Checks.SameAt(ByHand(w.W1, w.B1, w.W2, w.B2), IssueQuery(w.W1, w.B1, w.W2, w.B2), x, new Random(seed), tol: 1e-12), iter: 50);

    [Fact]
    public void Query_UsingRangeVariableManyTimes_RunsItsForwardAndPullbackOncePerSweep()
    {
        var forward = 0;
        var pullback = 0;
        var pushforward = 0;
        var counted = Diff.Create<Vec, Vec>(
            "counted",
            x => { Interlocked.Increment(ref forward); return 2 * x; },
            pullback: (x, y, yBar) => { Interlocked.Increment(ref pullback); return 2 * yBar; },
            pushforward: (x, y, dx) => { Interlocked.Increment(ref pushforward); return 2 * dx; });
        var w = Mat.FromArray(new double[,] { { 1, 2 }, { -1, 0.5 } });
        Diff<Vec, double> q =
            from h in counted
            let a = Tanh(h)
            from y in Dense(w, Vec.Of(0, 1)).Of(h)
            let z = h * a
            select Sum(h * h) + Sum(a) + Dot(h, y) + Sum(z);

        var (_, back) = q.ValueWithPullback(Vec.Of(0.3, -0.6));
        Assert.Equal(1, forward);
        _ = back(1.0);
        Assert.Equal(1, pullback);
        _ = q.Jvp(Vec.Of(0.3, -0.6), Vec.Of(1, 0));
        Assert.Equal((2, 1), (forward, pushforward));
    }

    [Fact]
    public void Query_UsingRangeVariableManyTimes_AddsTheCotangentsOfEveryUse()
    {
        Diff<Vec, double> q =
            from h in Sin(Diff.Input<Vec>())
            let a = h * h
            select Sum(h) + Sum(a) + Sum(h * a);
        Checks.Derivatives(q, Vec.Zeros(3));
    }

    [Fact]
    public void Query_WithThreeFromsAndTwoLets_MatchesTheSameExpressionsWrittenDirectly()
    {
        var x = Diff.Input<Vec>();
        Diff<Vec, double> q =
            from a in Sin(x)
            let s = Sum(a)
            from b in Exp(a)
            let t = s * Sum(b)
            from c in Tanh(a + b)
            select t + Dot(c, a) + s;
        var a2 = Sin(x);
        var s2 = Sum(a2);
        var b2 = Exp(a2);
        var t2 = s2 * Sum(b2);
        var c2 = Tanh(a2 + b2);
        var direct = t2 + Dot(c2, a2) + s2;
        Checks.Same(direct, q, Checks.Like(Vec.Zeros(3)));
        Checks.Derivatives(q, Vec.Zeros(3));
    }

    [Fact]
    public void Query_WithTwoFromsAndSelect_IsTheProjectionOfBoth()
    {
        var x = Diff.Input<(double, double)>();
        Diff<(double, double), double> q =
            from u in x.Fst()
            from v in Sin(u) * x.Snd()
            select u * v;
        Checks.Derivatives(q, (0.0, 0.0));
        Assert.Equal(2 * Math.Sin(2) * 3, q.Invoke((2, 3)), 12);
    }

    [Fact]
    public void Query_SelectOnly_IsTheSelectorAppliedToTheExpression()
    {
        var x = Diff.Input<Vec>();
        Diff<Vec, double> q = from h in Tanh(x) select Sum(h * h);
        Checks.Same(Sum(Tanh(x) * Tanh(x)), q, Checks.Like(Vec.Zeros(3)));
        Diff<Vec, Vec> identity = from h in x select h;
        Assert.Same(x, identity);
    }

    [Fact]
    public void Query_InMethodSyntax_EqualsQuerySyntax()
    {
        var x = Diff.Input<Vec>();
        var method = Sin(x).SelectMany(a => Exp(a), (a, b) => Sum(a * b));
        Diff<Vec, double> query = from a in Sin(x) from b in Exp(a) select Sum(a * b);
        Checks.Same(method, query, Checks.Like(Vec.Zeros(3)));
        Checks.Same(Sum(Tanh(x)), x.Select(h => Sum(Tanh(h))), Checks.Like(Vec.Zeros(3)));
    }

    [Fact]
    public void Query_OverParameterRecord_GivesTheGradientOfEveryParameter()
    {
        var x = Vec.Of(0.5, -1, 2);
        Diff<Mlp, double> loss =
            from p in Diff.Input<Mlp>()
            let h = Tanh(Dense(p.Get(m => m.W1), p.Get(m => m.B1), Fn.Const<Mlp, Vec>(x)))
            let y = Dense(p.Get(m => m.W2), p.Get(m => m.B2), h)
            select Sum(y * y);
        var p0 = new Mlp(Mat.Zeros(4, 3), Vec.Zeros(4), Mat.Zeros(2, 4), Vec.Zeros(2));
        Checks.Derivatives(loss, p0, iter: 20);
    }
}
