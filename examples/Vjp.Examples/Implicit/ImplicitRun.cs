using Spectre.Console;
using Vjp.Combinators;
using Vjp.Examples.Runner;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.Implicit;

/// <summary>
/// Example 5. Implicit differentiation. The equilibrium <c>x*(θ) = tanh(A x* + B θ + c)</c> (a contraction
/// in x, found by iteration) and the loss <c>L(θ) = ½‖x*(θ) − t‖²</c>. <c>Control.FixedPoint</c> differentiates
/// the solution by the implicit function theorem, <c>∂x*/∂θ = (I − ∂g/∂x)⁻¹ ∂g/∂θ</c>, keeping one trace of
/// g; backpropagating through K unrolled iterations keeps K traces and is only as exact as K allows.
/// Both are compared with finite differences.
/// </summary>
public static class ImplicitRun
{
    /// <summary>The problem's constants: A (n×n, symmetric, ‖A‖₂ = contraction), B (n×p), c and the target t.</summary>
    /// <param name="settings">Sizes and seed.</param>
    public static (Mat A, Mat B, Vec C, Vec Target) Problem(ImplicitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var n = settings.State;
        // A symmetric A, so its spectral radius equals its norm: the iteration contracts at the slow rate ‖A‖₂.
        var m = Mat.Generate(n, n, (_, _) => Normal());
        var a = m + m.Transpose();
        a = (settings.Contraction / SpectralNorm(a)) * a;
        var b = Mat.Generate(n, settings.Parameters, (_, _) => Normal() / Math.Sqrt(settings.Parameters));
        var c = Vec.Generate(n, _ => 0.05 * Normal());
        var target = Vec.Generate(n, _ => 0.5 * Math.Tanh(Normal()));
        return (a, b, c, target);
    }

    /// <summary>The map whose fixed point is the equilibrium, <c>g(θ, x) = tanh(A x + B θ + c)</c>.</summary>
    /// <param name="a">A.</param>
    /// <param name="b">B.</param>
    /// <param name="c">c.</param>
    public static Diff<(Vec Theta, Vec X), Vec> Step(Mat a, Mat b, Vec c)
    {
        var (theta, x) = Diff.Input<(Vec, Vec)>();
        return Tanh(Fn.Const<(Vec, Vec), Mat>(a) * x + Fn.Const<(Vec, Vec), Mat>(b) * theta + c);
    }

    /// <summary>L(θ) = ½‖x*(θ) − t‖² with x* from <see cref="Control.FixedPoint{P, X}"/>, differentiated implicitly.</summary>
    /// <param name="problem">The constants.</param>
    public static Diff<Vec, double> ImplicitLoss((Mat A, Mat B, Vec C, Vec Target) problem)
    {
        var equilibrium = Control.FixedPoint(Step(problem.A, problem.B, problem.C), initial: Vec.Zeros(problem.C.Length), tolerance: 1e-13);
        return equilibrium.Then(HalfSquaredDistance(problem.Target));
    }

    /// <summary>The same loss after K unrolled iterations from x₀ = 0, differentiated by backpropagation through every one.</summary>
    /// <param name="problem">The constants.</param>
    /// <param name="steps">K.</param>
    public static Diff<Vec, double> UnrolledLoss((Mat A, Mat B, Vec C, Vec Target) problem, int steps)
    {
        var theta = Diff.Input<Vec>();
        var a = Fn.Const<Vec, Mat>(problem.A);
        var drive = Fn.Const<Vec, Mat>(problem.B) * theta + problem.C;
        var x = Fn.Const<Vec, Vec>(Vec.Zeros(problem.C.Length));
        for (var k = 0; k < steps; k++)
        {
            x = Tanh(a * x + drive);
        }

        return x.Then(HalfSquaredDistance(problem.Target));
    }

    private static Diff<Vec, double> HalfSquaredDistance(Vec target)
    {
        var x = Diff.Input<Vec>();
        var d = x - target;
        return 0.5 * Dot(d, d);
    }

    /// <summary>Runs the example at its default size (or the small one when <see cref="ExampleOptions.Small"/>).</summary>
    /// <param name="options">Where to print.</param>
    public static ImplicitResult Run(ExampleOptions options) => Run(options, options?.Small == true ? ImplicitSettings.Small : ImplicitSettings.Default);

    /// <summary>Compares implicit, unrolled and finite-difference gradients, and the memory of the first two.</summary>
    /// <param name="options">Where to print.</param>
    /// <param name="settings">Sizes.</param>
    public static ImplicitResult Run(ExampleOptions options, ImplicitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var console = options.Console;
        var problem = Problem(settings);
        var (n, p) = (settings.State, settings.Parameters);
        var theta = Vec.Generate(p, i => Math.Sin(i + 1.0));
        console.WriteLineWhole($"Equilibrium x* = tanh(A x* + B θ + c), x ∈ ℝ^{n}, θ ∈ ℝ^{p}, ‖A‖₂ = {settings.Contraction}; loss L(θ) = ½‖x*(θ) − t‖².");
        console.WriteLineWhole("Implicit: Control.FixedPoint(g, initial: 0) — the pullback solves λ = x̄ + (∂g/∂x)ᵀλ and returns (∂g/∂θ)ᵀλ.");

        var implicitLoss = ImplicitLoss(problem);
        var (implicitGradient, implicitBytes, implicitRetained) = Measure(implicitLoss, theta);

        // Finite differences: two solves per coordinate.
        const double h = 1e-6;
        var fd = Vec.Generate(p, i =>
        {
            var e = Vec.Basis(p, i);
            return (implicitLoss.Invoke(Vec.Axpy(h, e, theta)) - implicitLoss.Invoke(Vec.Axpy(-h, e, theta))) / (2 * h);
        });
        var fdError = Vec.MaxAbsDiff(implicitGradient, fd);

        var table = new Table().AddColumns("∇L(θ) by", "max |Δ| vs implicit", "allocated", "kept for the pullback");
        table.AddText("implicit (FixedPoint)", "—", Bytes(implicitBytes), Bytes(implicitRetained));
        table.AddText($"finite differences, {2 * p} solves", E(fdError), "", "");
        var unrolled = new List<UnrolledComparison>();
        foreach (var k in settings.UnrolledSteps)
        {
            var (g, bytes, retained) = Measure(UnrolledLoss(problem, k), theta);
            var comparison = new UnrolledComparison(k, Vec.MaxAbsDiff(g, implicitGradient), bytes, retained);
            unrolled.Add(comparison);
            table.AddText($"unrolled, K = {k}", E(comparison.DifferenceFromImplicit), Bytes(bytes), Bytes(retained));
        }

        console.WriteWhole(table);
        console.WriteLineWhole("Implicit: exact at the solution, one trace of g kept. Unrolled: K traces kept, and exact only once K is large.");
        return new(implicitGradient, fd, fdError, implicitBytes, implicitRetained, unrolled);
    }

    /// <summary>The gradient; the bytes one gradient allocates on this thread; and the bytes its pullback keeps alive.</summary>
    private static (Vec Gradient, double Allocated, double Retained) Measure(Diff<Vec, double> loss, Vec theta) =>
        (loss.Gradient(theta), Memory.AllocatedBy(() => loss.Gradient(theta)), Memory.RetainedByPullback(loss, theta));

    /// <summary>‖A‖₂ by power iteration on AᵀA.</summary>
    private static double SpectralNorm(Mat a)
    {
        var v = Vec.Ones(a.Cols) / Math.Sqrt(a.Cols);
        var sigma = 0.0;
        for (var i = 0; i < 200; i++)
        {
            var w = Mat.TransposeMatVec(a, a * v);
            sigma = Math.Sqrt(w.Norm());
            v = w / w.Norm();
        }

        return sigma;
    }
}
