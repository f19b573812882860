namespace Vjp.Properties.Tests.Generators;

/// <summary>A rule declares its domain with <c>Diff.Create(…, domain)</c>, and checks draw from it; defaults reach every length.</summary>
public class DeclaredDomainTests
{
    private static readonly Diff<double, double> Log = Diff.Create<double, double>("log", Math.Log,
        (x, y, yBar) => yBar / x, (x, y, dx) => dx / x, Domain.Positive);

    [Fact]
    public void DiffCreate_WithADomain_CarriesIt()
    {
        Assert.Equal(Domain.Positive, Log.Domain);
        Assert.Equal(Domain.All, Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => yBar * Math.Cos(x)).Domain);

        var pullback = Diff.Input<(double X, double YBar)>();
        var twice = Diff.Create<double, double>("square", x => x * x, 2.0 * (pullback.Fst() * pullback.Snd()), domain: Domain.Interval(-1, 1));
        Assert.Equal(Domain.Interval(-1, 1), twice.Domain);
    }

    [Fact]
    public void CheckLike_DrawsFromTheDeclaredDomain_NeverOutsideIt()
    {
        var result = RuleCheck.Check(Log, 0.0, new RuleCheckOptions { Samples = 500 });

        Assert.True(result.Passed, result.Report);
        Assert.Equal(0, result.Discarded);
    }

    [Fact]
    public void DefaultVectorLengths_LibraryRules_PassAtEveryLength()
    {
        Assert.True(RuleCheck.Check(VecPrimitives.Tanh, RuleGen.Vec()).Passed);
        // Softmax is undefined on the empty vector (it throws, by its contract): every other length.
        var softmax = RuleCheck.Check(Vjp.Combinators.Layers.Softmax(), RuleGen.Vec().Where(v => v.Length > 0));
        Assert.True(softmax.Passed, softmax.Report);
    }
}
