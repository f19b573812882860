using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Transforms;

public class HigherOrderTests
{
    private static Vec Fd(Func<Vec, Vec> g, Vec x, Vec v, double h = 1e-5) =>
        (g(Vec.Axpy(h, v, x)) - g(Vec.Axpy(-h, v, x))) / (2 * h);

    private static void Close(Vec expected, Vec actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"component {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static Diff<Vec, double> Scalar()
    {
        var x = Diff.Input<Vec>();
        return Sum(Tanh(x) * x) + x[0] * x[1] * Sin(x[2]) + 0.5 * Dot(x, x) + Log(Sum(Exp(x)));
    }

    [Fact]
    public void ReadmeHigherOrder_Snippet_GivesConsistentDerivatives()
    {
        // snippet: higher-order
        var x = Diff.Input<Vec>();
        var f = Sum(Tanh(x) * x) + 0.5 * Dot(x, x);      // f : ℝⁿ → ℝ
        var grad = Diff.Gradient(f);                      // x ↦ ∇f(x), itself a Diff
        Vec at = [0.3, -0.7, 1.1], v = [1, 0.5, -0.25];
        Vec hv = grad.Jvp(at, v);                         // H(x)·v, forward over reverse
        Vec hv2 = f.Hvp(at, v);                           // the same, as one call
        Mat h = f.Hessian(at);                            // formed only when asked
        var y = Diff.Input<double>();
        var g = y * Diff.Derivative(z => y + z, at: y);   // d/dy [y · d/dz (y + z)] = 1
        // end snippet
        Close(Fd(p => f.Gradient(p), at, v), hv, 1e-7);
        Close(hv, hv2, 1e-14);
        Close(hv, Mat.MatVec(h, v), 1e-12);
        Assert.Equal(1.0, g.Gradient(2.5), 12);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(3.0)]
    public void NestedDerivative_ClosingOverOuterVariable_HasNoPerturbationConfusion(double at)
    {
        var x = Diff.Input<double>();
        var g = x * Diff.Derivative(y => x + y, at: x);
        Assert.Equal(1.0, g.Gradient(at), 12);
    }

    [Fact]
    public void Hvp_OnVectorFunction_MatchesFiniteDifferencesOfGradients()
    {
        var f = Scalar();
        var x = Vec.Of(0.3, -0.7, 1.1, 0.4);
        var v = Vec.Of(1, 0.5, -0.25, 2);
        Close(Fd(p => f.Gradient(p), x, v), f.Hvp(x, v), 1e-7);
    }

    [Fact]
    public void Hessian_IsSymmetric_AndMatchesGradientJacobianByRows()
    {
        var f = Scalar();
        var x = Vec.Of(0.3, -0.7, 1.1, 0.4);
        var h = f.Hessian(x);
        Assert.True(h.ApproxEquals(h.Transpose(), 1e-12, 1e-12), h.ToString());
        Assert.True(h.ApproxEquals(Diff.Gradient(f).Jacobian(x, JacobianMode.Rows), 1e-12, 1e-12));
    }

    [Fact]
    public void GradientOfJvp_ReverseOverForward_EqualsHvp()
    {
        var f = Scalar();
        var x = Vec.Of(0.3, -0.7, 1.1, 0.4);
        var v = Vec.Of(1, 0.5, -0.25, 2);
        var jvp = Diff.PushforwardOf(f);                      // (x, ẋ) ↦ ∇f(x)·ẋ
        var (gx, _) = jvp.Gradient((x, v));                     // ∇ₓ(∇f(x)·v) = H v
        Close(f.Hvp(x, v), gx, 1e-10);
    }

    [Fact]
    public void ThirdDerivative_MatchesFiniteDifferencesOfSecond()
    {
        var x = Diff.Input<double>();
        var f = Sin(x) * Exp(x * 0.5) + Tanh(x * x);
        var d2 = Diff.Gradient(Diff.Gradient(f).Then(Diff.Input<double>()));
        var d3 = Diff.Gradient(d2);
        foreach (var p in new[] { -1.3, 0.2, 0.9 })
        {
            const double h = 1e-4;
            var fd = (d2.Invoke(p + h) - d2.Invoke(p - h)) / (2 * h);
            var exact = d3.Invoke(p);
            Assert.True(Math.Abs(fd - exact) <= 1e-6 * (1 + Math.Abs(exact)), $"x = {p}: finite difference {fd}, third derivative {exact}");
        }
    }

    [Fact]
    public void Gradient_OfMlpLossOverRecord_HvpMatchesFiniteDifferences()
    {
        var p = Diff.Input<Mlp>();
        var input = Vec.Of(0.5, -1.0);
        var h = Tanh(p.Get(m => m.W1) * Fn.Const<Mlp, Vec>(input) + p.Get(m => m.B1));
        var y = p.Get(m => m.W2) * h + p.Get(m => m.B2);
        var loss = Sum(y * y) + 0.1 * Sum(h * h);
        var at = new Mlp(Mat.FromArray(new double[,] { { 0.2, -0.4 }, { 0.7, 0.1 }, { -0.3, 0.5 } }), Vec.Of(0.1, 0, -0.2),
            Mat.FromArray(new double[,] { { 0.3, -0.6, 0.2 } }), Vec.Of(0.05));
        var dir = new Mlp(Mat.FromArray(new double[,] { { 1, 0 }, { 0, -1 }, { 0.5, 0.5 } }), Vec.Of(0, 1, 0),
            Mat.FromArray(new double[,] { { -1, 0.2, 0.3 } }), Vec.Of(1));
        var space = VectorSpace.Of<Mlp>();
        const double eps = 1e-5;
        var fd = space.Scale(1 / (2 * eps), space.Subtract(
            loss.Gradient(space.Add(at, space.Scale(eps, dir))),
            loss.Gradient(space.Add(at, space.Scale(-eps, dir)))));
        var hvp = loss.Hvp(at, dir);
        Close(Vec.Create(space.ToArray(fd)), Vec.Create(space.ToArray(hvp)), 1e-6);
    }

    [Fact]
    public void Gradient_ThroughClosureRule_FailsNamingTheRule()
    {
        var cube = Diff.Create<double, double>("myCube", x => x * x * x, pullback: (x, y, yBar) => 3 * x * x * yBar);
        var f = ScalarPrimitives.Sin.Then(cube);
        var e = Assert.Throws<NotTwiceDifferentiableException>(() => Diff.Gradient(f));
        Assert.Contains("myCube", e.Message, StringComparison.Ordinal);
        Assert.Contains("Diff.Create", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithDifferentiablePullback_IsTwiceDifferentiable()
    {
        var (xp, yBar) = Diff.Input<(double, double)>();
        var pullback = 3.0 * xp * xp * yBar;
        var cube = Diff.Create("cube", x => x * x * x, pullback);
        var f = ScalarPrimitives.Sin.Then(cube);
        var g = Diff.Gradient(f);
        foreach (var p in new[] { -0.8, 0.3, 1.2 })
        {
            const double h = 1e-5;
            Assert.Equal((f.Invoke(p + h) - f.Invoke(p - h)) / (2 * h), g.Invoke(p), 8);
            Assert.Equal((g.Invoke(p + h) - g.Invoke(p - h)) / (2 * h), g.Gradient(p), 6);
        }
    }

    public sealed record Mlp(Mat W1, Vec B1, Mat W2, Vec B2);
}
