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
}
