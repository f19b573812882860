using Vjp.Combinators;
using Vjp.LanguageExt;
using static Vjp.Functional.Fn;
using M = Vjp.Functional.MatPrimitives;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Properties.Tests.SecondOrder;

/// <summary>
/// The second-order checks (Hessian symmetry, HVP against finite differences of gradients, reverse over
/// reverse against forward over reverse) over every primitive and combinator, each contracted with a
/// fixed cotangent to a scalar function; and wrong second-order rules that the checks must catch.
/// </summary>
public class SecondOrderTests(ITestOutputHelper output)
{
    private const int Samples = 12;
    private static readonly Vec C4 = Vec.Of(0.7, -1.3, 0.4, 1.1);
    private static readonly Mat C23 = Mat.FromArray(new double[,] { { 0.5, -1, 0.3 }, { 1.2, 0.2, -0.6 } });

    private static Diff<X, double> Contract<X>(Diff<X, Vec> e) where X : notnull => Dot(e, Fn.Const<X, Vec>(C4));

    private static Diff<X, double> Contract<X>(Diff<X, Mat> e) where X : notnull => Frobenius(e, Fn.Const<X, Mat>(C23));

    private static Mat MatOf(double value, int rows = 2) => Mat.Generate(rows, 3, (_, _) => value);

    private sealed record Case(string Name, Func<RuleCheckOptions, SecondOrderResult> Run);

    private static Case Scalar(string name, Diff<double, double> p) =>
        new(name, o => SecondOrderCheck.Check(p, RuleGen.Scalar(p.Domain is { IsAll: true } ? Domain.Interval(-3, 3) : p.Domain), o));

    private static Case Pair(string name, Diff<(double A, double B), double> p) =>
        new(name, o => SecondOrderCheck.Check(p, RuleGen.PointLike((1.0, 1.0), p.Domain), o));

    private static Case OnVec(string name, Diff<Vec, double> f, Domain? domain = null) =>
        new(name, o => SecondOrderCheck.Check(f, RuleGen.Vec(4, domain ?? Domain.Interval(-2, 2)), o));

    private static IEnumerable<Case> Cases()
    {
        foreach (var prop in typeof(ScalarPrimitives).GetProperties().Where(p => p.PropertyType == typeof(Diff<double, double>)))
        {
            yield return Scalar("scalar." + prop.Name, (Diff<double, double>)prop.GetValue(null)!);
        }

        yield return Scalar("scalar.PowConst", S.PowConst(2.5));
        foreach (var prop in typeof(ScalarPrimitives).GetProperties().Where(p => p.PropertyType == typeof(Diff<(double A, double B), double>)))
        {
            yield return Pair("scalar." + prop.Name, (Diff<(double A, double B), double>)prop.GetValue(null)!);
        }

        foreach (var prop in typeof(VecPrimitives).GetProperties().Where(p => p.PropertyType == typeof(Diff<Vec, Vec>)))
        {
            var p = (Diff<Vec, Vec>)prop.GetValue(null)!;
            var domain = p.Domain is { IsAll: true } ? Domain.Interval(-2, 2) : p.Domain is { Upper: double.PositiveInfinity } d && d.Lower >= 0 ? Domain.Interval(0.2, 3) : p.Domain;
            yield return OnVec("vec." + prop.Name, Contract(p), domain);
        }

        var x = Diff.Input<Vec>();
        yield return OnVec("vec.Sum/Mean/Norm", Sum(x * x) * V.Mean.Of(x) + V.Norm.Of(x), Domain.Interval(0.2, 2));
        yield return OnVec("vec.Index/Slice/Concat/Vector", Contract(Diff.Concat(Slice(x, 1, 2), Diff.Vector(x[0] * x[3], x[2]))) + Sum(Square(Slice(x, 0, 3))));
        yield return OnVec("vec.Hadamard/Div/Scale/Dot", Contract(x * Sin(x) / (Exp(x) + Fn.Const<Vec, Vec>(C4 * 0 + Vec.Fill(4, 3)))) + Dot(x, x) * x[1] + Sum(x[2] * Tanh(x)));
        var (a, v) = Diff.Input<(Mat, Vec)>();
        yield return new("mat.MatVec/Transpose/Outer/Row/Column", o => SecondOrderCheck.Check(
            Sum(Square(a * v)) + Contract(Transpose(Outer(v.Then(V.Slice(0, 3)), v.Then(V.Slice(1, 2))))) + Dot(a.Then(M.Row(1)), v) * Sum(a.Then(M.Column(2))),
            RuleGen.PointLike((Mat.Zeros(2, 3), Vec.Zeros(3)), Domain.Interval(-2, 2)), o));
        var (ma, mb) = Diff.Input<(Mat, Mat)>();
        yield return new("mat.MatMul/Add/Sub/Scale/Frobenius", o => SecondOrderCheck.Check(
            Frobenius(ma * Transpose(mb), ma * Transpose(mb)) + Contract((ma + mb) - 2.0 * Square(Sum(ma.Then(M.Row(0)))) * mb),
            RuleGen.PointLike((Mat.Zeros(2, 3), Mat.Zeros(2, 3)), Domain.Interval(-1.5, 1.5)), o));

        // Batches: the matrix lifting of every elementwise primitive, and the batch arithmetic.
        foreach (var prop in typeof(VecPrimitives).GetProperties().Where(p => p.PropertyType == typeof(Diff<Vec, Vec>)))
        {
            var lifted = M.Elementwise((Diff<Vec, Vec>)prop.GetValue(null)!);
            var domain = lifted.Domain is { IsAll: true } ? Domain.Interval(-2, 2) : lifted.Domain is { Upper: double.PositiveInfinity } d && d.Lower >= 0 ? Domain.Interval(0.2, 3) : lifted.Domain;
            yield return new("mat." + prop.Name, o => SecondOrderCheck.Check(Contract(lifted), RuleGen.PointLike(Mat.Zeros(2, 3), domain), o));
        }

        var (mm, mv) = Diff.Input<(Mat, Vec)>();
        yield return new("mat.Hadamard/Div/Sums/Broadcasts/Reshape", o => SecondOrderCheck.Check(
            Contract(Hadamard(mm, Sin(mm)) / (Exp(mm) + MatOf(3))) + Fn.Mean(Square(AddToRows(mm, mv)))
                + Dot(RowSums(Hadamard(mm, mm)), ColumnSums(Tanh(mm)).Then(V.Slice(0, 2))) + Sum(AddToColumns(mm, Column(mm, 0)) * Fn.Sum(mm))
                + Dot(Flatten(Reshape(Flatten(mm), 3, 2)), Flatten(Square(mm))),
            RuleGen.PointLike((Mat.Zeros(2, 3), Vec.Zeros(3)), Domain.Interval(-1.5, 1.5)), o));
        yield return new("mat.MatMulTransposeA/B", o => SecondOrderCheck.Check(
            Frobenius(MatMulTransposeB(ma, mb), MatMulTransposeB(mb, ma)) + Fn.Sum(Tanh(MatMulTransposeA(ma, mb))),
            RuleGen.PointLike((Mat.Zeros(2, 3), Mat.Zeros(2, 3)), Domain.Interval(-1.5, 1.5)), o));
        var (bw, bb, bx) = Diff.Input<(Mat, Vec, Mat)>();
        var logits = Layers.Dense(bw, bb, Tanh(Layers.Dense(bw, bb, bx).Then(M.Transpose).Then(M.Transpose)));
        yield return new("comb.BatchDense/SoftmaxRows/LogSumExpRows/CrossEntropy", o => SecondOrderCheck.Check(
            Losses.CrossEntropy(Layers.Dense(bw, bb, bx), [1, 0, 2]) + Losses.CrossEntropy(logits, Layers.SoftmaxRows(-logits))
                + Sum(Layers.LogSumExpRows(Hadamard(bx, bx))) * 0.1 + Losses.Mse(Layers.Dense(bw, bb, bx), MatOf(0.5, 3)),
            RuleGen.PointLike((Mat.Zeros(3, 3), Vec.Zeros(3), Mat.Zeros(3, 3)), Domain.Interval(-1.5, 1.5)), o));

        // Combinators.
        yield return OnVec("comb.Softmax/LogSumExp/CrossEntropy", Contract(Layers.Softmax(x)) + Layers.LogSumExp(x * x) + Losses.CrossEntropy(x, Layers.Softmax(-x)));
        yield return OnVec("comb.LogSoftmax/LogSoftmaxRows", Contract(Layers.LogSoftmax(x * x)) + Sum(Hadamard(Layers.LogSoftmaxRows(Reshape(x, 2, 2)), Sin(Reshape(x, 2, 2)))));
        yield return OnVec("comb.L2/Broadcast/Mse", Losses.L2(x * x, 0.5) + Sum(Sum(x).Broadcast(4) * Tanh(x)) + Losses.Mse(Sin(x), C4));
        yield return OnVec("comb.Activations", Contract(Layers.Gelu(x) + Layers.Silu(x) + Layers.Elu(x) + Layers.LeakyRelu(x)), Domain.Interval(0.1, 2));
        yield return OnVec("comb.Map/Zip", Sum(x.Map(S.Sin.Then(S.Exp)) + x.Zip(Tanh(x), S.Mul.Then(S.Sin))));
        yield return OnVec("comb.Cond/Checkpoint", Vjp.Combinators.Control.Cond<Vec, double>(w => w[0] > 0, Sum(Exp(x) * x), Sum(Cos(x))) + Sum(Tanh(x * x).Checkpoint() * x));
        var (theta, xs) = Diff.Input<(Vec, Vec)>();
        var root = Vjp.Combinators.Control.FixedPoint(0.5 * Tanh(xs) + 0.3 * theta, initial: Vec.Zeros(4));
        yield return OnVec("comb.FixedPoint", Sum(Square(root.Of(x * x))) + Dot(root.Of(x), x));
        var s = Diff.Input<Vec>();
        yield return OnVec("comb.Iterate", Sum(Square((Tanh(s * 0.9) + 0.1 * s).Iterate(4).Of(x))));
        var (pp, st, el) = Diff.Input<(double, double, double)>();
        var scan = Vjp.Combinators.Control.Scan(Tanh(pp * st + el) + 0.1 * st * st, new[] { 0.5, -0.2, 0.1, 0.3 });
        var fold = Vjp.Combinators.Control.Fold(Sin(pp * st) + el, new[] { 0.2, -0.1, 0.4 }, checkpoint: true);
        yield return OnVec("comb.Scan/Fold", Vjp.LanguageExt.SeqDiff.Sum<double>().Of(scan.ToSeq().Of(Diff.Fanout(x[0], x[1]))) + Square(fold.Of(Diff.Fanout(x[2], x[3]))), Domain.Interval(-1, 1));
        var w1 = Mat.FromArray(new double[,] { { 0.5, -1, 0.2, 0.1 }, { 1.5, 0.3, -0.7, 0.4 } });
        yield return OnVec("comb.Dense/LINQ",
            from h in Layers.Dense(w1, Vec.Of(0.1, -0.2))
            let t = Tanh(h)
            from y in Layers.Dense(Mat.FromArray(new double[,] { { 1, -1 } }), Vec.Of(0.3)).Of(t)
            select Sum(y * y) + 0.1 * Sum(t * t));
    }

    [Fact]
    public void SecondOrder_EveryPrimitiveAndCombinator_PassesWithNoFalseAlarm()
    {
        var failed = new List<string>();
        var count = 0;
        foreach (var c in Cases())
        {
            count++;
            var result = c.Run(new RuleCheckOptions { Samples = Samples, Seed = "0N0XIzNsQ0O2" });
            output.WriteLine($"{c.Name,-40} {(result.Passed ? "ok" : "FAILED")} ({result.SamplesChecked} samples)");
            if (!result.Passed)
            {
                failed.Add($"{c.Name}:\n{result.Report}");
            }
        }

        output.WriteLine($"Second-order false alarms: {failed.Count} of {count} rules.");
        Assert.True(count >= 40, $"only {count} cases");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void SecondOrder_WrongDerivativeOfAPullback_IsCaught()
    {
        // A cube whose pullback ȳ·3x² is right, but whose "3x²" declares the derivative 3x instead of 6x:
        // first derivatives pass, the HVP disagrees with finite differences of the gradient.
        var threeXSquared = S.Create("3x²(wrong derivative)", Domain.All, t => 3 * t * t, derivative: static (t, y) => 3 * t);
        var (xp, yBar) = Diff.Input<(double, double)>();
        var cube = Diff.Create("cube", t => t * t * t, pullback: yBar * threeXSquared.Of(xp));
        Assert.True(RuleCheck.Check(cube, RuleGen.Scalar(Domain.Interval(-2, 2)), new RuleCheckOptions { Samples = 50 }).Passed);
        var result = SecondOrderCheck.Check(cube, RuleGen.Scalar(Domain.Interval(-2, 2)).Where(t => Math.Abs(t) > 0.1));
        output.WriteLine(result.Report);
        Assert.False(result.Passed);
        Assert.Contains("HVP against finite differences", result.Report, StringComparison.Ordinal);
        Assert.Contains("seed", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondOrder_AsymmetricCrossPartials_AreCaught()
    {
        // a·b with the pullback (ȳ·B(b), ȳ·a), where B is b with the derivative 2 instead of 1:
        // ∂ā/∂b = 2ȳ but ∂b̄/∂a = ȳ, so the declared Hessian is not symmetric.
        var twiceDerivative = S.Create("b(wrong derivative)", Domain.All, t => t, derivative: static (t, y) => 2);
        var (ab, yBar) = Diff.Input<((double, double), double)>();
        var (a, b) = ab;
        var product = Diff.Create<(double, double), double>("product", q => q.Item1 * q.Item2,
            pullback: Diff.Fanout(yBar * twiceDerivative.Of(b), yBar * a));
        var result = SecondOrderCheck.Check(product, RuleGen.PointLike((1.0, 1.0), Domain.Interval(-2, 2)));
        output.WriteLine(result.Report);
        Assert.False(result.Passed);
        Assert.Contains("not symmetric", result.Report, StringComparison.Ordinal);
    }
}
