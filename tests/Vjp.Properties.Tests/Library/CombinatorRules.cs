using System.Collections.Immutable;
using LanguageExt;
using Vjp.LanguageExt;
using Vjp.Combinators;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Properties.Tests.Library;

/// <summary>The combinators of Vjp.Combinators, each with the inputs it is checked on (checked with the library rules).</summary>
public static class CombinatorRules
{
    private static readonly Mat W = Mat.FromArray(new double[,] { { 0.5, -1, 0.2 }, { 1.5, 0.3, -0.7 } });
    private static readonly Vec B = Vec.Of(0.1, -0.2);

    private static LibraryRule OnVec<TOut>(string name, Diff<Vec, TOut> f, int length = 3, Domain? domain = null) where TOut : notnull =>
        new($"comb.{name}", o => RuleCheck.Check(f, RuleGen.Vec(length, domain ?? Domain.Interval(-2, 2)), o));

    private static Diff<(Vec, Vec), Vec> Contraction()
    {
        var (theta, x) = Diff.Input<(Vec, Vec)>();
        return 0.5 * Tanh(x) + 0.3 * theta;
    }

    private static Diff<(double, double, double), double> ScalarStep()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        return Tanh(p * s + a);
    }

    private static Diff<Vec, double> Query()
    {
        return from h in Layers.Dense(W, B)
               let t = Tanh(h)
               from y in Layers.Dense(Mat.FromArray(new double[,] { { 1, -1 } }), Vec.Of(0.3)).Of(t)
               select Sum(y * y) + 0.1 * Sum(t * t);
    }

    private static Diff<(Mat, Vec, Mat), Mat> DenseOnABatch()
    {
        var (w, b, x) = Diff.Input<(Mat, Vec, Mat)>();
        return Layers.Dense(w, b, x);
    }

    private static Diff<(Mat, Mat), double> CrossEntropyOfABatch()
    {
        var (z, t) = Diff.Input<(Mat, Mat)>();
        return Losses.CrossEntropy(z, t) + Losses.Mse(Layers.SoftmaxRows(z), t);
    }

    private static LibraryRule OnMat<TOut>(string name, Diff<Mat, TOut> f, int rows = 4, int cols = 3) where TOut : notnull =>
        new($"comb.{name}", o => RuleCheck.Check(f, RuleGen.PointLike(Mat.Zeros(rows, cols), Domain.Interval(-2, 2)), o));

    public static IReadOnlyList<LibraryRule> All { get; } =
    [
        new("comb.denseOnABatch", o => RuleCheck.Check(DenseOnABatch(), RuleGen.PointLike((Mat.Zeros(2, 3), Vec.Zeros(2), Mat.Zeros(4, 3)), Domain.Interval(-2, 2)), o)),
        OnMat("softmaxRows", Layers.SoftmaxRows(Diff.Input<Mat>())),
        OnMat("logSumExpRows", Layers.LogSumExpRows(Diff.Input<Mat>())),
        OnMat("logSoftmaxRows", Layers.LogSoftmaxRows(Diff.Input<Mat>())),
        OnMat("crossEntropyOfLabels", Losses.CrossEntropy(Diff.Input<Mat>(), [2, 0, 1, 1])),
        new("comb.crossEntropyOfTargets", o => RuleCheck.Check(CrossEntropyOfABatch(), RuleGen.PointLike((Mat.Zeros(4, 3), Mat.Zeros(4, 3)), Domain.Interval(-2, 2)), o)),
        OnVec("leakyRelu", Layers.LeakyRelu(0.1), domain: Domain.Interval(0.05, 2)),
        OnVec("elu", Layers.Elu(), domain: Domain.Interval(0.05, 2)),
        OnVec("silu", Layers.Silu()),
        OnVec("gelu", Layers.Gelu()),
        OnVec("softmax", Layers.Softmax()),
        OnVec("logsumexp", Layers.LogSumExp()),
        OnVec("logsoftmax", Layers.LogSoftmax()),
        OnVec("dense", Layers.Dense(W, B)),
        OnVec("mse", Losses.Mse(Vec.Of(0.5, -1, 2))),
        OnVec("l2", Losses.L2<Vec>(0.3)),
        new("comb.crossEntropy", o => RuleCheck.Check(Losses.CrossEntropy(), RuleGen.PointLike((Vec.Zeros(3), Vec.Zeros(3)), Domain.Interval(-2, 2)), o)),
        OnVec("iterate", (Tanh(0.8 * Diff.Input<Vec>()) + 0.1 * Diff.Input<Vec>()).Iterate(5)),
        OnVec("iterate.checkpointed", Tanh(0.8 * Diff.Input<Vec>()).Iterate(7, checkpoint: true)),
        OnVec("checkpoint", Tanh(Diff.Input<Vec>() * Diff.Input<Vec>()).Checkpoint()),
        OnVec("cond", Vjp.Combinators.Control.Cond<Vec, double>(v => v.Sum() > 0, Sum(Sin(Diff.Input<Vec>())), Sum(Square(Diff.Input<Vec>()))), domain: Domain.Interval(0.1, 2)),
        new("comb.while", o => RuleCheck.Check((0.5 * Diff.Input<double>()).While(v => Math.Abs(v) > 0.3, maxSteps: 20), RuleGen.Scalar(Domain.Interval(1, 2)), o)),
        new("comb.fixedPoint", o => RuleCheck.Check(Vjp.Combinators.Control.FixedPoint(Contraction(), Vec.Zeros(3)), RuleGen.Vec(3, Domain.Interval(-2, 2)), o)),
        new("comb.scan", o => RuleCheck.Check(Vjp.Combinators.Control.Scan(ScalarStep()), RuleGen.Shaped(Gen.Int[1, 5].Select(n => (0.0, 0.0, ImmutableArray.Create(new double[n]))), Domain.Interval(-1.5, 1.5)), o)),
        new("comb.fold", o => RuleCheck.Check(Vjp.Combinators.Control.Fold(ScalarStep(), checkpoint: true), RuleGen.Shaped(Gen.Int[1, 9].Select(n => (0.0, 0.0, ImmutableArray.Create(new double[n]))), Domain.Interval(-1.5, 1.5)), o)),
        new("comb.seqScan", o => RuleCheck.Check(SeqControl.Scan(ScalarStep()), RuleGen.Shaped(Gen.Int[1, 5].Select(n => (0.0, 0.0, Prelude.toSeq(new double[n]))), Domain.Interval(-1.5, 1.5)), o)),
        new("comb.seqFold", o => RuleCheck.Check(SeqControl.Fold(ScalarStep(), checkpoint: true), RuleGen.Shaped(Gen.Int[1, 9].Select(n => (0.0, 0.0, Prelude.toSeq(new double[n]))), Domain.Interval(-1.5, 1.5)), o)),
        new("comb.foldOverData", o => RuleCheck.Check(Vjp.Combinators.Control.Fold(ScalarStep(), new[] { 0.5, -0.2, 0.1 }), RuleGen.PointLike((0.0, 0.0), Domain.Interval(-1.5, 1.5)), o)),
        new("comb.seqSum", o => RuleCheck.Check(SeqDiff.Sum<Vec>(), RuleGen.Shaped(Gen.Int[1, 4].Select(n => Prelude.toSeq(Enumerable.Range(0, n).Select(_ => Vec.Zeros(2)).ToArray()))), o)),
        new("comb.seqLift", o => RuleCheck.Check(SeqDiff.Lift(V.Tanh), RuleGen.Shaped(Gen.Int[1, 4].Select(n => Prelude.toSeq(Enumerable.Range(0, n).Select(_ => Vec.Zeros(2)).ToArray()))), o)),
        new("comb.broadcast", o => RuleCheck.Check(Arrow.Broadcast(3), RuleGen.Scalar(Domain.Interval(-2, 2)), o)),
        new("comb.zip", o => RuleCheck.Check(Arrow.Zip(S.Mul.Then(S.Sin)), RuleGen.PointLike((Vec.Zeros(3), Vec.Zeros(3)), Domain.Interval(-2, 2)), o)),
        OnVec("map", Arrow.Map(S.Sin.Then(S.Exp))),
        OnVec("dup", Arrow.Dup<Vec>()),
        new("comb.swap", o => RuleCheck.Check(Arrow.Swap<double, Vec>(), RuleGen.PointLike((0.0, Vec.Zeros(2)), Domain.Interval(-2, 2)), o)),
        new("comb.parallel", o => RuleCheck.Check(V.Sin.Parallel(S.Exp), RuleGen.PointLike((Vec.Zeros(3), 0.0), Domain.Interval(-2, 2)), o)),
        new("comb.first", o => RuleCheck.Check(Arrow.First<Vec, double, double>(V.Norm), RuleGen.PointLike((Vec.Zeros(3), 0.0), Domain.Interval(0.2, 2)), o)),
        new("comb.second", o => RuleCheck.Check(Arrow.Second<Vec, double, double>(S.Tanh), RuleGen.PointLike((Vec.Zeros(3), 0.0), Domain.Interval(-2, 2)), o)),
        OnVec("linq", Query()),
    ];
}
