using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vjp.Properties.Tests.Checks;

/// <summary>The aliasing and mutation law: results keep their values, arguments are never written into.</summary>
public class AliasingTests
{
    private static Span<double> Storage(Vec v) => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(v.AsSpan()), v.Length);

    [Fact]
    public void PullbackReturningOneBuffer_FirstCotangentTakesTheSecondsValues_IsAliasing()
    {
        var box = new StrongBox<Vec?>();
        var rule = Diff.Create<Vec, Vec>("twice", v => 2 * v,
            (v, y, yBar) =>
            {
                var result = box.Value is { } b && b.Length == v.Length ? b : box.Value = Vec.Zeros(v.Length);
                yBar.AsSpan().CopyTo(Storage(result));
                Storage(result).Multiply(2);
                return result;
            },
            (v, y, dv) => 2 * dv);

        var result = RuleCheck.Check(rule, RuleGen.Vec(3));

        Assert.False(result.Passed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(RuleCheckKind.Aliasing, failure.Kind);
        Assert.Contains("very same object", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(failure.Right, [.. failure.Left.Select(v => -2 * v)]);
    }

    [Fact]
    public void PullbackMutatingCotangent_ReportShowsTheCotangentFirstPassedIn()
    {
        var rule = Diff.Create<Vec, Vec>("negate", v => -v,
            (v, y, yBar) =>
            {
                Storage(yBar).Multiply(-1);
                return Vec.Create(yBar.AsSpan());
            },
            (v, y, dv) => -dv);

        var result = RuleCheck.Check(rule, RuleGen.Vec(2));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(RuleCheckKind.Mutation, failure.Kind);
        var shown = Assert.IsType<Vec>(failure.Cotangent);
        Assert.Equal(failure.Left, shown.AsSpan().ToArray());
        Assert.Equal(failure.Right, [.. shown.AsSpan().ToArray().Select(v => -v)]);
        Assert.Contains("passed in", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesReturningTheirArguments_AreNotAliasing()
    {
        // Returning ȳ itself, or x itself, shares storage with an argument, not with a buffer written again.
        var id = Diff.Create<Vec, Vec>("id", v => v, (v, y, yBar) => yBar, (v, y, dv) => dv);

        var result = RuleCheck.Check(id, RuleGen.Vec(0, 20), new RuleCheckOptions { Samples = 200 });

        Assert.True(result.Passed, result.Report);
    }
}

file static class SpanExtensions
{
    public static void Multiply(this Span<double> span, double c)
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] *= c;
        }
    }
}
