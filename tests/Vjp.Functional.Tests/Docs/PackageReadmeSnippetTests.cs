using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Docs;

/// <summary>The example of Vjp.Functional/README.md (the package's readme on NuGet), compiled and checked.</summary>
public class PackageReadmeSnippetTests
{
    [Fact]
    public void FunctionalPackageReadme_Snippet_GivesTheValueAndGradient()
    {
        // snippet: package-functional
        var x = Diff.Input<Vec>();                               // the input, x ∈ ℝ³
        var f = Sum(Tanh(x) * x) + Sin(x[0]) * x[2];             // f(x) = Σ tanh(xᵢ)·xᵢ + sin(x₀)·x₂
        var p = Vec.Of(0.5, -1.0, 2.0);
        double y = f.Invoke(p);                                  // f(p)
        Vec grad = f.Gradient(p);                                // ∇f(p): one reverse sweep
        // end snippet

        var expected = (Math.Tanh(0.5) * 0.5) + (Math.Tanh(-1.0) * -1.0) + (Math.Tanh(2.0) * 2.0) + (Math.Sin(0.5) * 2.0);
        Assert.Equal(expected, y, 12);
        Assert.Equal(3, grad.Length);
        Assert.Equal(f.Vjp(p, 1.0), grad);
    }
}
