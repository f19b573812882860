using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

/// <summary>The README's quick start, compiled and checked: its numbers against plain maths and finite differences.</summary>
public sealed class QuickStartTests
{
    private sealed record Results(Diff<Vec, double> F, Diff<Vec, Vec> G, Vec P, double Y, Vec Grad, Vec Vjp, Vec Jvp, Mat Jac);

    private static Results QuickStart()
    {
        // snippet: quick-start
        var x = Diff.Input<Vec>();                               // the input, x ∈ ℝ³
        var f = Sum(Tanh(x) * x) + Sin(x[0]) * x[2];             // f(x) = Σ tanh(xᵢ)·xᵢ + sin(x₀)·x₂
        var g = Diff.Vector(x[0] * x[1], Exp(x[2]) / x[1]);      // g : ℝ³ → ℝ²
        var p = Vec.Of(0.5, -1.0, 2.0);

        double y = f.Invoke(p);                                  // f(p)
        Vec grad = f.Gradient(p);                                // ∇f(p): one reverse sweep
        Vec vjp = g.Vjp(p, Vec.Of(1, -1));                       // ȳᵀ J_g(p), without forming J_g
        Vec jvp = g.Jvp(p, Vec.Of(1, 0, 0));                     // J_g(p) ẋ: one forward sweep
        Mat jac = g.Jacobian(p);                                 // the 2×3 Jacobian, cheaper side chosen
        // end snippet

        return new(f, g, p, y, grad, vjp, jvp, jac);
    }

    [Fact]
    public void QuickStart_Value_IsThePlainFormula()
    {
        var r = QuickStart();
        var expected = Math.Tanh(0.5) * 0.5 + Math.Tanh(-1.0) * -1.0 + Math.Tanh(2.0) * 2.0 + Math.Sin(0.5) * 2.0;
        Assert.Equal(expected, r.Y, 1e-14);
    }

    [Fact]
    public void QuickStart_Derivatives_MatchFiniteDifferences()
    {
        var r = QuickStart();
        Approx.Close(FiniteDifferences.Gradient(r.F.Invoke, r.P), r.Grad, 1e-9, "gradient");

        var jacobian = FiniteDifferences.Jacobian(r.G.Invoke, r.P);
        Assert.True(r.Jac.ApproxEquals(jacobian, 1e-9, 1e-9), $"Jacobian {r.Jac} vs finite differences {jacobian}");
        Approx.Close(jacobian.Transpose() * Vec.Of(1, -1), r.Vjp, 1e-9, "vjp");
        Approx.Close(jacobian.Column(0), r.Jvp, 1e-9, "jvp");
    }

    [Fact]
    public void QuickStart_SeveralInputs_AreComponentsOfOneTupleInput()
    {
        // snippet: quick-start-inputs
        var (x1, x2) = Diff.Input<(double, double)>();           // two variables: one input, a pair
        var h = x1 * x2 + Sin(x1);                               // h(x₁, x₂) = x₁x₂ + sin x₁
        var (d1, d2) = h.Gradient((1.0, 2.0));                   // ∇h(1, 2)
        var (a, b, c, d) = Diff.Input<(double, double, double, double)>();   // up to seven components
        var volume = a * b * c * d;
        // end snippet

        var fd = FiniteDifferences.Gradient(h.Invoke, (1.0, 2.0));
        Assert.Equal(fd.Item1, d1, 1e-9);
        Assert.Equal(fd.Item2, d2, 1e-9);
        Assert.Equal(24.0, volume.Invoke((1.0, 2.0, 3.0, 4.0)));
    }

    [Fact]
    public void TwoInputCalls_AreOneVariable_TheProductIsTheSquare()
    {
        var x = Diff.Input<double>();
        var y = Diff.Input<double>();

        var product = x * y;

        Assert.Equal("x * x", product.ToString());
        Assert.Equal(9.0, product.Invoke(3.0));
    }

    [Fact]
    public void Deconstruct_TuplesOfFourToSevenComponents_ProjectEachComponent()
    {
        var (a4, b4, c4, d4) = Diff.Input<(double, double, double, double)>();
        Assert.Equal(4.0, d4.Invoke((1.0, 2.0, 3.0, 4.0)));
        Assert.Equal((0.0, 0.0, 1.0, 0.0), c4.Gradient((1.0, 2.0, 3.0, 4.0)));
        Assert.Equal(3.0, (a4 + b4).Invoke((1.0, 2.0, 3.0, 4.0)));

        var (_, _, _, _, e5) = Diff.Input<(double, double, double, double, double)>();
        Assert.Equal(5.0, e5.Invoke((1.0, 2.0, 3.0, 4.0, 5.0)));

        var (_, _, _, _, _, f6) = Diff.Input<(double, double, double, double, double, Vec)>();
        Assert.Equal(Vec.Of(6), f6.Invoke((1.0, 2.0, 3.0, 4.0, 5.0, Vec.Of(6))));

        var (a7, _, _, _, _, _, g7) = Diff.Input<(double, double, double, double, double, double, double)>();
        var p7 = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
        Assert.Equal(7.0, (a7 * g7).Invoke(p7));
        var fd = FiniteDifferences.Gradient((a7 * g7).Invoke, p7);
        var grad = (a7 * g7).Gradient(p7);
        Assert.Equal(fd.Item1, grad.Item1, 1e-9);
        Assert.Equal(fd.Item7, grad.Item7, 1e-9);
        Assert.Equal(0.0, grad.Item4);
    }
}
