using Vjp.Functional;
using Xunit.Abstractions;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Transforms;

/// <summary>Newton's method with conjugate gradients on Hessian–vector products: no Hessian is formed.</summary>
public class NewtonTests(ITestOutputHelper output)
{
    /// <summary>Solves H p = g by conjugate gradients using only products H·v.</summary>
    private static Vec ConjugateGradient(Func<Vec, Vec> h, Vec g, int maxIterations = 50, double tolerance = 1e-14)
    {
        var p = Vec.Zeros(g.Length);
        var r = g;
        var d = r;
        var rr = Vec.Dot(r, r);
        for (var k = 0; k < maxIterations && Math.Sqrt(rr) > tolerance; k++)
        {
            var hd = h(d);
            var alpha = rr / Vec.Dot(d, hd);
            p = Vec.Axpy(alpha, d, p);
            r = Vec.Axpy(-alpha, hd, r);
            var next = Vec.Dot(r, r);
            d = Vec.Axpy(next / rr, d, r);
            rr = next;
        }

        return p;
    }

    [Fact]
    public void NewtonCg_OnStrictlyConvexProblem_ConvergesQuadratically()
    {
        // f(x) = log Σ exp(aᵢ·x) + ½‖x‖² + Σ xᵢ⁴/4: smooth and strictly convex.
        var x = Diff.Input<Vec>();
        var a = Mat.FromArray(new double[,] { { 1, 2, -1, 0.5 }, { -1, 0.5, 2, 1 }, { 0.3, -2, 1, -1 }, { 2, 1, 0.2, -0.5 }, { -0.7, 0.1, -1.5, 2 } });
        var f = Log(Sum(Exp(Fn.Const<Vec, Mat>(a) * x))) + 0.5 * Dot(x, x) + 0.25 * Sum(Square(Square(x)));
        var grad = Diff.Gradient(f);

        Vec xk = [2, -1.5, 1, 3];
        var norms = new List<double>();
        for (var k = 0; k < 12; k++)
        {
            var g = grad.Invoke(xk);
            norms.Add(g.Norm());
            if (g.Norm() < 1e-13)
            {
                break;
            }

            var at = xk;
            var step = ConjugateGradient(v => grad.Jvp(at, v), g);
            xk -= step;
        }

        output.WriteLine("‖∇f(x_k)‖ by iteration: " + string.Join(", ", norms.Select(n => n.ToString("E2"))));
        Assert.True(norms[^1] < 1e-12, $"Newton-CG did not converge: {norms[^1]}");

        // Quadratic convergence: once close, ‖g_{k+1}‖ ≤ C‖g_k‖² with a moderate C.
        var ratios = norms.Zip(norms.Skip(1)).Where(p => p.First < 1e-1 && p.Second > 1e-14).Select(p => p.Second / (p.First * p.First)).ToList();
        Assert.NotEmpty(ratios);
        Assert.All(ratios, r => Assert.True(r < 10, $"‖g_k+1‖/‖g_k‖² = {r}"));
    }
}
