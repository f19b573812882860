using Vjp.Examples.Runner;
using Vjp.Examples.Tests.Support;

namespace Vjp.Examples.Tests.Runner;

public class ExampleRunnerTests
{
    [Fact]
    public void Run_NoArguments_RunsWorkedExampleAndListsTheRest()
    {
        using var t = new TestOptions();
        Assert.Equal(0, ExampleRunner.Run([], t.Console));
        Assert.Contains("5.4596976941", t.Output, StringComparison.Ordinal);
        foreach (var e in ExampleCatalog.All)
        {
            Assert.Contains(e.Name, t.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_UnknownName_ReturnsTwoAndSaysSo()
    {
        using var t = new TestOptions();
        Assert.Equal(2, ExampleRunner.Run(["no-such-example"], t.Console));
        Assert.Contains("No example named 'no-such-example'", t.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_NamesAndNumbers_AreUniqueAndFindable()
    {
        Assert.Equal(ExampleCatalog.All.Count, ExampleCatalog.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(ExampleCatalog.All.Count, ExampleCatalog.All.Select(e => e.Number).Distinct().Count());
        foreach (var e in ExampleCatalog.All)
        {
            Assert.Same(e, ExampleCatalog.Find(e.Name));
            Assert.Same(e, ExampleCatalog.Find(e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
