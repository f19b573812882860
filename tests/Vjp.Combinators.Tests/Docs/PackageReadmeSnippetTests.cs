using Vjp.Functional;
using static Vjp.Combinators.Arrow;
using static Vjp.Functional.Fn;

// Outside the Vjp.Combinators namespace on purpose: the snippet compiles with the usings a user writes.
namespace CombinatorsPackageReadme;

/// <summary>The example of Vjp.Combinators/README.md (the package's readme on NuGet), compiled and checked.</summary>
public class PackageReadmeSnippetTests
{
    [Fact]
    public void CombinatorsPackageReadme_Snippet_GivesTheGradientOfTheComposedModel()
    {
        // snippet: package-combinators
        var x = Diff.Input<Vec>();
        var both = Fanout(Tanh(x), Sum(x * x));                              // x ↦ (tanh x, ‖x‖²)
        var model = both.Then(Map(ScalarPrimitives.Sin).Parallel(ScalarPrimitives.Exp)); // (sin tanh x, e^‖x‖²)
        var loss = Sum(model.Fst()) * model.Snd();                           // x feeds both branches: cotangents add
        Vec g = loss.Gradient(Vec.Of(0.5, -1));
        // end snippet

        Vjp.Combinators.Tests.Checks.FiniteDifferences(loss, Vec.Of(0.5, -1), Vec.Of(1, 0), 1.0);
        Vjp.Combinators.Tests.Checks.FiniteDifferences(loss, Vec.Of(0.5, -1), Vec.Of(0, 1), 1.0);
        Assert.Equal(2, g.Length);
    }
}
