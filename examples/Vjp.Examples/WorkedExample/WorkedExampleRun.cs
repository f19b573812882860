using Spectre.Console;
using Vjp.Examples.Runner;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;

namespace Vjp.Examples.WorkedExample;

/// <summary>
/// Example 1. <c>f(x₁, x₂) = [x₁² + x₂, sin x₁, x₁x₂]</c> at <c>x = (1, 2)</c> with <c>v = (1, −1, 2)</c>:
/// the Jacobian, the VJP by the pullback, the same by <c>vᵀJ</c>, and a JVP.
/// </summary>
public static class WorkedExampleRun
{
    /// <summary>The function, written as the maths writes it.</summary>
    public static Diff<Vec, Vec> F()
    {
        var x = Diff.Input<Vec>();
        return Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);
    }

    /// <summary>Runs the example and prints it step by step.</summary>
    /// <param name="options">Where to print.</param>
    public static WorkedExampleResult Run(ExampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var console = options.Console;
        var f = F();
        var x = Vec.Of(1, 2);
        var v = Vec.Of(1, -1, 2);
        var dx = Vec.Of(1, 0);

        console.WriteLineWhole("f(x₁, x₂) = [x₁² + x₂, sin x₁, x₁x₂],  x = (1, 2),  v = (1, −1, 2)");
        console.MarkupLineWhole($"As a Diff<Vec, Vec> it prints itself: [blue]{Markup.Escape(f.ToString())}[/]");
        console.WriteLine();

        // Step 1: the forward pass saves what the pullback needs (x₁, x₂, cos x₁) and returns the pullback.
        var (y, pullback) = f.ValueWithPullback(x);
        console.MarkupLineWhole("[bold]1. Forward pass[/]  (saves the residuals, returns the pullback)");
        console.WriteLineWhole($"   y = f(1, 2) = {V(y)}");

        // Step 2: the pullback of v, ȳ ↦ ȳᵀJ, runs the primitives' pullbacks in reverse; no 3×2 matrix appears.
        var vjp = pullback(v);
        console.MarkupLineWhole("[bold]2. VJP by the pullback[/]  (no Jacobian formed)");
        console.WriteLineWhole($"   vᵀJ = pullback(v) = {V(vjp)}");
        console.WriteLineWhole($"   expected [6 − cos 1, 3] = {V(Vec.Of(6 - Math.Cos(1), 3))}");

        // Step 3: for the reader, the Jacobian itself (m = 3 VJPs, one per row), and vᵀJ from it.
        var j = f.Jacobian(x, JacobianMode.Rows);
        console.MarkupLineWhole("[bold]3. The Jacobian[/]  J = [[[[2x₁, 1]], [[cos x₁, 0]], [[x₂, x₁]]]], one VJP per row:");
        var table = new Table().AddColumns("", "∂/∂x₁", "∂/∂x₂", "vᵢ", "vᵢ·row");
        string[] rows = ["x₁² + x₂", "sin x₁", "x₁x₂"];
        var byJacobian = Vec.Zeros(2);
        for (var i = 0; i < 3; i++)
        {
            var row = j.Row(i);
            byJacobian += v[i] * row;
            table.AddText(rows[i], N(j[i, 0]), N(j[i, 1]), N(v[i], 0), V(v[i] * row, 4));
        }

        console.WriteWhole(table);
        console.WriteLineWhole($"   vᵀJ = Σ vᵢ·rowᵢ = {V(byJacobian)}   (|difference| = {E(Vec.MaxAbsDiff(vjp, byJacobian))})");

        // Step 4: forward mode goes the other way: one JVP gives one column of J.
        var jvp = f.Jvp(x, dx);
        console.MarkupLineWhole("[bold]4. JVP[/]  (forward mode, ẋ = (1, 0)): one column of J");
        console.WriteLineWhole($"   J·ẋ = {V(jvp)}");

        // Step 5: the two modes agree through the adjoint identity ⟨v, J ẋ⟩ = ⟨Jᵀv, ẋ⟩.
        var left = Vec.Dot(v, jvp);
        var right = Vec.Dot(vjp, dx);
        console.MarkupLineWhole("[bold]5. Adjoint identity[/]  ⟨v, J ẋ⟩ = ⟨Jᵀv, ẋ⟩");
        console.WriteLineWhole($"   {N(left)} = {N(right)}");
        console.MarkupLineWhole("[grey]A VJP costs a small constant times f; the Jacobian costs m VJPs (or n JVPs). For a scalar loss, one VJP is the whole gradient.[/]");

        return new(y, j, vjp, byJacobian, jvp, left, right);
    }
}
