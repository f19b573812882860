using System.Collections.Immutable;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

// A consumer's namespace, with the usings a consumer of Vjp.Combinators writes.
namespace BclConsumer;

/// <summary>
/// In a project that references Vjp.Combinators alone, plain LINQ binds to the BCL's <see cref="Enumerable"/>:
/// <c>a.Zip(b).First()</c> compiles (it failed with CS1061 while LanguageExt.Core came along) and gives the BCL's results.
/// </summary>
public class BclLinqTests
{
    [Fact]
    public void Zip_OfTwoArrays_IsTheBclZipOfTuples()
    {
        int[] a = [1, 2, 3];
        int[] b = [10, 20, 30];
        var zipped = a.Zip(b);
        Assert.IsAssignableFrom<IEnumerable<(int, int)>>(zipped);
        Assert.Equal((1, 10), a.Zip(b).First());
        Assert.Equal([(1, 10), (2, 20), (3, 30)], zipped.ToArray());
        Assert.Equal(typeof(Enumerable), ((Func<IEnumerable<int>, IEnumerable<int>, IEnumerable<(int, int)>>)Enumerable.Zip).Method.DeclaringType);
    }

    [Fact]
    public void SelectWhereAggregate_OnArraysAndLists_AreTheBcls()
    {
        int[] a = [1, 2, 3, 4];
        List<double> xs = [0.5, -1.5, 2.0];
        IEnumerable<int> evens = a.Where(i => i % 2 == 0);
        IEnumerable<string> names = xs.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([2, 4], evens);
        Assert.Equal(["0.5", "-1.5", "2"], names);
        Assert.Equal(10, a.Aggregate((s, i) => s + i));
        Assert.Equal(1.0, xs.Aggregate(0.0, (s, x) => s + x));
        Assert.Equal(6, xs.Select((x, i) => i).Sum() + a.First() + a.Last() - 2);
    }

    [Fact]
    public void TheLibrary_WorksBesideBclLinq()
    {
        // A scan over data given as a list; its states are an ImmutableArray, a vector space of Vjp.Functional.
        var (p, s, a) = Diff.Input<(double, double, double)>();
        var states = Control.Scan(Tanh(p * s + a), new List<double> { 0.5, -0.2, 0.1 });
        ImmutableArray<double> y = states.Invoke((0.8, 0.0));
        Assert.Equal(Math.Tanh(0.5), y.First(), 15);
        Assert.Equal(3, y.Zip(y).Count(t => t.First == t.Second));
        var (dp, ds0) = states.Vjp((0.8, 0.0), [1.0, 1.0, 1.0]);
        Assert.True(double.IsFinite(dp) && double.IsFinite(ds0));
    }

    [Fact]
    public void VjpCombinators_ReferencesNoLanguageExtAssembly()
    {
        var combinators = typeof(Control).Assembly;
        var references = combinators.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.DoesNotContain(references, n => n.Contains("LanguageExt", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Vjp.Functional", references);
        Assert.DoesNotContain(typeof(Diff).Assembly.GetReferencedAssemblies(), r => r.Name!.Contains("LanguageExt", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), x => x.GetName().Name!.Contains("LanguageExt", StringComparison.OrdinalIgnoreCase));
    }
}
