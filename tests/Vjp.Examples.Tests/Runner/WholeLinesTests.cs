using Vjp.Examples.Runner;
using Vjp.Examples.Tests.Support;

namespace Vjp.Examples.Tests.Runner;

/// <summary>Console output never splits an expression, whatever the width (issue 13, item 9).</summary>
public class WholeLinesTests
{
    private const string Brackets = "([{⟨";
    private const string Closers = ")]}⟩";

    public static TheoryData<string> Lines => new()
    {
        "Equilibrium x* = tanh(A x* + B θ + c), x ∈ ℝ^60, θ ∈ ℝ^12, ‖A‖₂ = 0.97; loss L(θ) = ½‖x*(θ) − t‖².",
        "Implicit: Control.FixedPoint(g, initial: 0) — the pullback solves λ = x̄ + (∂g/∂x)ᵀλ and returns (∂g/∂θ)ᵀλ.",
        "As a Diff<Vec, Vec> it prints itself: [(x[0] * x[0] + x[1]), sin(x[0]), x[0] * x[1]]",
        "   passed: True  (100 inputs; finite differences, adjoint identity ⟨ȳ, Jẋ⟩ = ⟨Jᵀȳ, ẋ⟩, linearity, Taylor order ≈ 2.00)",
        "a pullback through every step, ∇L included: var gradient = Diff.Gradient(loss);  w -= eta * gradient.Of(w);",
        "short",
    };

    /// <summary>Whether every bracket the line opens it also closes (a split expression leaves one open or closes one it did not open).</summary>
    private static bool Balanced(string line)
    {
        var depth = 0;
        foreach (var c in line)
        {
            if (Brackets.Contains(c, StringComparison.Ordinal))
            {
                depth++;
            }
            else if (Closers.Contains(c, StringComparison.Ordinal) && --depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Break_AtEveryWidth_KeepsTheText_AndBreaksOnlyBetweenTopLevelTerms(string text)
    {
        Assert.True(Balanced(text), "a sample line must be balanced itself");
        for (var width = 1; width <= 130; width++)
        {
            var lines = WholeLines.Break(text, width);
            Assert.Equal(string.Concat(text.Where(c => !char.IsWhiteSpace(c))), string.Concat(lines.SelectMany(l => l.Where(c => !char.IsWhiteSpace(c)))));
            foreach (var line in lines)
            {
                Assert.True(Balanced(line), $"width {width}: '{line}' splits an expression");
                Assert.True(WholeLines.Columns(line) <= width || WholeLines.Terms(line.Trim()).Count == 1,
                    $"width {width}: '{line}' is too wide but could have been broken");
            }

            if (WholeLines.Columns(text) <= width)
            {
                Assert.Equal([text], lines);
            }
        }
    }

    [Fact]
    public void Examples_AtANarrowConsole_PrintEveryExpressionAndTableCellWhole()
    {
        using var t = new TestOptions();
        t.Console.Profile.Width = 40;
        Assert.Equal(0, ExampleRunner.Run(["worked", "vjp-vs-jvp", "implicit", "meta-learning", "custom-rule", "--small"], t.Console));
        var lines = t.Output.ReplaceLineEndings("\n").Split('\n');
        var split = lines.Where(l => !Balanced(l)).ToList();
        Assert.True(split.Count == 0, "lines that split an expression:\n" + string.Join("\n", split));

        // The pipeline the worked example prints, the implicit example's equations and a table cell, each on one line.
        Assert.Contains(lines, l => l.Contains("[(x[0] * x[0] + x[1]), sin(x[0]), x[0] * x[1]]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("λ = x̄ + (∂g/∂x)ᵀλ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("L(θ) = ½‖x*(θ) − t‖²", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("J by columns (", StringComparison.Ordinal) && l.Contains("JVPs)", StringComparison.Ordinal));
    }

    [Fact]
    public void VjpVersusJvp_ShowsProgress_OneLinePerShape()
    {
        using var t = new TestOptions();
        var settings = Vjp.Examples.VjpVersusJvp.VjpVersusJvpSettings.Small;
        Vjp.Examples.VjpVersusJvp.VjpVersusJvpRun.Run(t.Options, settings);
        for (var k = 1; k <= settings.Shapes.Count; k++)
        {
            Assert.Contains($"({k} of {settings.Shapes.Count})", t.Output, StringComparison.Ordinal);
        }
    }
}
