namespace Vjp.Properties.Tests.Docs;

/// <summary>The example of Vjp.Properties/README.md (the package's readme on NuGet), compiled and checked.</summary>
public class PackageReadmeSnippetTests
{
    [Fact]
    public void PropertiesPackageReadme_Snippet_PassesTheRuleLaws()
    {
        // snippet: package-properties
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        var silu = Diff.Create<double, double>("silu",                       // y = x·σ(x), a rule of your own
            forward: x => x * Sigmoid(x),
            pullback: (x, y, yBar) => yBar * (Sigmoid(x) + (y * (1 - Sigmoid(x)))));
        silu.ShouldSatisfyRuleLaws(RuleGen.Scalar());   // throws RuleCheckException with a report if a law fails
        // end snippet

        Assert.True(RuleCheck.Check(silu, RuleGen.Scalar()).Passed);
    }
}
