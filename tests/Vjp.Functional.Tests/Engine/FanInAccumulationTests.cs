using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Where a value fans out, its cotangent is the sum of the contributions; the engine adds later
/// contributions into the first sum it allocated. Checked against finite differences, and for the
/// absence of aliasing: nothing the caller passed in or received earlier changes.
/// </summary>
public class FanInAccumulationTests
{
    private static Vec Random(int n, int seed)
    {
        var random = new Random(seed);
        return Vec.Generate(n, _ => 2 * random.NextDouble() - 1);
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-7 * (1 + Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void VecFanIn_Vjp_MatchesFiniteDifferences()
    {
        var x = Diff.Input<Vec>();
        var f = x * x + Tanh(x) + 3.0 * x + x + Sin(x) * x;
        Vec at = Random(7, 1), yBar = Random(7, 2);
        var xBar = f.Vjp(at, yBar);
        for (var k = 0; k < 3; k++)
        {
            var v = Random(7, 10 + k);
            const double h = 1e-6;
            var fd = Vec.Dot(yBar, (f.Invoke(Vec.Axpy(h, v, at)) - f.Invoke(Vec.Axpy(-h, v, at))) / (2 * h));
            Close(fd, Vec.Dot(xBar, v), "⟨x̄, v⟩");
        }
    }

    [Fact]
    public void MatFanIn_Gradient_MatchesFiniteDifferences()
    {
        var w = Diff.Input<Mat>();
        Vec c1 = Random(3, 3), c2 = Random(3, 4);
        var f = Sum(Tanh(w * Const<Mat, Vec>(c1))) + Dot(w * Const<Mat, Vec>(c2), (w + w) * Const<Mat, Vec>(c1));
        var at = Mat.Create(4, 3, Random(12, 5).AsSpan());
        var gradient = f.Gradient(at);
        var direction = Mat.Create(4, 3, Random(12, 6).AsSpan());
        const double h = 1e-6;
        var fd = (f.Invoke(at + h * direction) - f.Invoke(at + (-h) * direction)) / (2 * h);
        Close(fd, Mat.Inner(gradient, direction), "⟨∇f, D⟩");
    }

    [Fact]
    public void FanIn_Vjp_LeavesCotangentInputsAndEarlierResultsUnchanged()
    {
        var x = Diff.Input<Vec>();
        var f = x + x + x + Tanh(x);
        Vec at = Random(5, 7), yBar = Random(5, 8);
        var yBarCopy = yBar.ToArray();
        var atCopy = at.ToArray();
        var (_, pullback) = f.ValueWithPullback(at);

        var first = pullback(yBar);
        var firstCopy = first.ToArray();
        var second = pullback(yBar);

        Assert.Equal(yBarCopy, yBar.ToArray());
        Assert.Equal(atCopy, at.ToArray());
        Assert.Equal(firstCopy, first.ToArray());
        Assert.Equal(firstCopy, second.ToArray());
        Assert.NotSame(first, second);
    }
}
