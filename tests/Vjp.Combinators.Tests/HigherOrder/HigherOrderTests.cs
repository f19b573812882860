using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.HigherOrder;

/// <summary>
/// Derivatives of derivatives through combinators: every Hessian–vector product is checked against
/// central finite differences of gradients, and the Hessian's symmetry is checked through
/// ⟨u, H v⟩ = ⟨v, H u⟩.
/// </summary>
public class HigherOrderTests
{
    private static readonly Vec At = Vec.Of(0.3, -0.7, 1.1, 0.4);
    private static readonly Vec V = Vec.Of(1, 0.5, -0.25, 2);
    private static readonly Vec U = Vec.Of(-0.5, 1, 0.75, 0.1);

    private static void CheckSecondOrder(Diff<Vec, double> f, double tol = 1e-6) => CheckSecondOrderAt(f, At, V, U, tol);

    private static void CheckSecondOrderAt(Diff<Vec, double> f, Vec At, Vec V, Vec U, double tol = 1e-6)
    {
        const double h = 1e-5;
        var fd = (f.Gradient(Vec.Axpy(h, V, At)) - f.Gradient(Vec.Axpy(-h, V, At))) / (2 * h);
        var hv = f.Hvp(At, V);
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.True(Math.Abs(fd[i] - hv[i]) <= tol * (1 + Math.Abs(fd[i])), $"{f}: component {i}: finite differences {fd[i]}, HVP {hv[i]}");
        }

        var hu = f.Hvp(At, U);
        Assert.Equal(Vec.Dot(U, hv), Vec.Dot(V, hu), 10);
    }

    public static TheoryData<string> Cases => new(CaseTable.Keys);

    private static readonly Dictionary<string, Func<Diff<Vec, double>>> CaseTable = new()
    {
        ["cond"] = () =>
        {
            var x = Diff.Input<Vec>();
            var branchy = Vjp.Combinators.Control.Cond<Vec, double>(v => v[0] > 0, Sum(Exp(x) * x), Sum(Sin(x)));
            return branchy + Vjp.Combinators.Control.Cond<Vec, double>(v => v[1] > 0, Sum(Sqrt(x)), Dot(x, x) * x[2]);
        },
        ["checkpoint"] = () =>
        {
            var x = Diff.Input<Vec>();
            var stage = Tanh(x * x).Checkpoint();
            return Sum(stage * Sin(x));
        },
        ["softmax-logsumexp-crossentropy"] = () =>
        {
            var x = Diff.Input<Vec>();
            return Vjp.Combinators.Layers.LogSumExp(x) * 0.5 + Dot(Vjp.Combinators.Layers.Softmax(x), x) + Losses.CrossEntropy(x * x, Vjp.Combinators.Layers.Softmax(x * 0.5));
        },
        ["batch"] = () =>
        {
            // The four inputs as a 2×2 batch: dense layer, row-wise softmax and log-sum-exp, cross-entropy,
            // named broadcasts, reductions, selections and the entrywise liftings, all at second order.
            var x = Diff.Input<Vec>();
            var m = Reshape(x, 2, 2);
            var h = Tanh(Vjp.Combinators.Layers.Dense(m, Row(m, 1), m));
            return Losses.CrossEntropy(h, [1, 0])
                + 0.3 * Sum(Hadamard(Vjp.Combinators.Layers.SoftmaxRows(h), Sigmoid(m)))
                + Dot(Vjp.Combinators.Layers.LogSumExpRows(m / 2.0), Column(Exp(m), 0))
                + Losses.Mse(AddToColumns(-m * 0.5, RowSums(h)), Mat.Identity(2))
                + Fn.Mean(Hadamard(m, m) / (Square(m) + Mat.Identity(2) + Mat.Identity(2)))
                + Sum(ColumnSums(AddToRows(Softplus(m), Slice(Flatten(h) * 0.1, 0, 2))));
        },
        ["l2-broadcast"] = () =>
        {
            var x = Diff.Input<Vec>();
            return Losses.L2(x * x, 0.3) + Sum(Sum(x).Broadcast(4) * Tanh(x));
        },
        ["zip-map"] = () =>
        {
            var x = Diff.Input<Vec>();
            var (a, b) = Diff.Input<(double, double)>();
            var f = Sin(a) * Exp(b * 0.3);
            return Sum(x.Zip(Tanh(x), f) + x.Map(ScalarPrimitives.Sin.Then(ScalarPrimitives.Square)));
        },
        ["fixed-point"] = () =>
        {
            // x* = g(θ, x*) with g(θ, x) = 0.5·tanh(x) + 0.3·θ: a contraction, solved for each element.
            var (theta, xs) = Diff.Input<(Vec, Vec)>();
            var root = Vjp.Combinators.Control.FixedPoint(0.5 * Tanh(xs) + 0.3 * theta, initial: Vec.Zeros(4));
            var x = Diff.Input<Vec>();
            return Sum(Square(root.Of(x * x))) + Sum(root.Of(x) * x);
        },
        ["iterate"] = () =>
        {
            var s = Diff.Input<Vec>();
            var step = Tanh(s * 0.9) + 0.1 * s;
            var x = Diff.Input<Vec>();
            return Sum(Square(step.Iterate(5).Of(x)));
        },
        ["linq"] = () =>
        {
            var w1 = Mat.FromArray(new double[,] { { 0.5, -1, 0.2, 0.1 }, { 1.5, 0.3, -0.7, 0.4 } });
            var w2 = Mat.FromArray(new double[,] { { 1, -1 } });
            return from h in Vjp.Combinators.Layers.Dense(w1, Vec.Of(0.1, -0.2))
                   let a = Tanh(h)
                   from y in Vjp.Combinators.Layers.Dense(w2, Vec.Of(0.3)).Of(a)
                   select Sum(y * y) + 0.1 * Sum(a * a);
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hvp_ThroughCombinator_MatchesFiniteDifferencesOfGradientsAndIsSymmetric(string name) =>
        CheckSecondOrder(CaseTable[name]());

    [Fact]
    public void StopGradient_AtSecondOrder_ActsAsTheConstantItsValueIs()
    {
        // A stopped value has zero derivative at every order: the HVP equals that of the same
        // function with the stopped value replaced by the constant it takes at the point.
        var x = Diff.Input<Vec>();
        var stopped = Sum(Tanh(x) * x.StopGradient()) + Dot(x, x) * Sum(x).StopGradient();
        var frozen = Sum(Tanh(x) * Fn.Const<Vec, Vec>(At)) + Dot(x, x) * Fn.Const<Vec, double>(At.Sum());
        Assert.True(frozen.Hvp(At, V).ApproxEquals(stopped.Hvp(At, V), 1e-12, 1e-12));
        Assert.True(frozen.Gradient(At).ApproxEquals(stopped.Gradient(At), 1e-12, 1e-12));
    }

    [Fact]
    public void FixedPoint_SecondDerivative_MatchesUnrolledIteration()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var g = 0.5 * Cos(x) + theta;
        var implicitRoot = Vjp.Combinators.Control.FixedPoint(g, initial: 0.0);
        var t = Diff.Input<double>();
        var unrolled = Fn.Const<double, double>(0.0);
        for (var i = 0; i < 200; i++)
        {
            unrolled = 0.5 * Cos(unrolled) + t;
        }

        foreach (var at in new[] { -0.4, 0.2, 1.0 })
        {
            var dImplicit = Diff.Gradient(implicitRoot);
            var dUnrolled = Diff.Gradient(unrolled);
            Assert.Equal(dUnrolled.Invoke(at), dImplicit.Invoke(at), 10);
            Assert.Equal(dUnrolled.Gradient(at), dImplicit.Gradient(at), 8);
        }
    }

    [Fact]
    public void Scan_GradientOfAGradient_MatchesFiniteDifferences()
    {
        // Reverse over reverse through a fold: a loss that contains the gradient of the fold.
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var fold = Vjp.Combinators.Control.Fold(Tanh(p * s + a), new[] { 0.5, -0.2, 0.1 });
        var q = Diff.Input<Vec>();
        var inner = Diff.Gradient(fold.Of(Diff.Fanout(q[0], q[1])));     // q ↦ ∇ fold
        var loss = Dot(inner.Of(q), inner.Of(q));                          // ‖∇ fold‖²
        var at = Vec.Of(0.7, -0.3);
        const double h = 1e-5;
        var g = loss.Gradient(at);
        for (var i = 0; i < 2; i++)
        {
            var e = Vec.Basis(2, i);
            var fd = (loss.Invoke(Vec.Axpy(h, e, at)) - loss.Invoke(Vec.Axpy(-h, e, at))) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-7 * (1 + Math.Abs(fd)), $"component {i}: finite differences {fd}, gradient {g[i]}");
        }
    }

    [Fact]
    public void Scan_ThirdDerivative_FailsClearlyNamingTheScan()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var fold = Vjp.Combinators.Control.Fold(Tanh(p * s + a), new[] { 0.5, -0.2, 0.1 });
        var q = Diff.Input<Vec>();
        var f = fold.Of(Diff.Fanout(q[0], q[1]));
        var e = Assert.Throws<NotTwiceDifferentiableException>(() => { _ = Diff.Gradient(Diff.Gradient(f).Then(VecPrimitives.Sum)); });
        Assert.Contains("fold", e.Message, StringComparison.Ordinal);
        Assert.Contains("third derivative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void While_SecondDerivative_FailsClearly()
    {
        var s = Diff.Input<double>();
        var f = (0.5 * s).While(v => Math.Abs(v) > 0.1, maxSteps: 50);
        var e = Assert.Throws<NotTwiceDifferentiableException>(() => { _ = Diff.Gradient(f); });
        Assert.Contains("fixed count", e.Message, StringComparison.Ordinal);
    }
}
