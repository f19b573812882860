using System.Diagnostics;
using Vjp.Functional.Tests.Support;
using Xunit.Abstractions;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Evaluation depth does not grow with the length of a composition: a chain of a million <c>Then</c>
/// stages runs forward, Vjp and Jvp without stack overflow, in time linear in its length (printed, not
/// asserted); a deeply nested expression compiles and differentiates too.
/// </summary>
public sealed class StackSafetyTests(ITestOutputHelper output)
{
    /// <summary>x ↦ sin, neg, sin, neg, … (n stages): bounded (|x| shrinks like √(3/k)), derivative ∏ ±cos xₖ.</summary>
    private static Diff<double, double> Chain(int n, bool leftDeep = true)
    {
        var f = S.Sin;
        for (var i = 1; i < n; i++)
        {
            var stage = i % 2 == 0 ? S.Sin : S.Neg;
            f = leftDeep ? f.Then(stage) : Diff.Compose(f, stage); // right-deep: stage first, then the rest
        }

        return f;
    }

    /// <summary>The same maths as <see cref="Chain"/> in plain loops: the values xₖ, then the derivative in forward and in reverse order.</summary>
    private static (double Value, double Tangent, double Cotangent) PlainChain(int n, double x, double dx, double yBar)
    {
        var xs = new double[n];
        var v = x;
        for (var i = 0; i < n; i++)
        {
            xs[i] = v;
            v = i % 2 == 0 ? Math.Sin(v) : -v;
        }

        // In the order the sweeps multiply: the pushforward forward from ẋ, the pullback backward from ȳ.
        var t = dx;
        for (var i = 0; i < n; i++)
        {
            t = i % 2 == 0 ? Math.Cos(xs[i]) * t : -t;
        }

        var c = yBar;
        for (var i = n - 1; i >= 0; i--)
        {
            c = i % 2 == 0 ? c * Math.Cos(xs[i]) : -c;
        }

        return (v, t, c);
    }

    private (double Value, double Tangent, double Cotangent) Run(int n, Diff<double, double> f, double x)
    {
        var clock = Stopwatch.StartNew();
        var value = f.Invoke(x); // compiles on first use
        var compileAndRun = clock.Elapsed;
        clock.Restart();
        _ = f.Invoke(x);
        var run = clock.Elapsed;
        clock.Restart();
        var cotangent = f.Vjp(x, 1.0);
        var vjp = clock.Elapsed;
        clock.Restart();
        var tangent = f.Jvp(x, 1.0);
        var jvp = clock.Elapsed;
        output.WriteLine($"n = {n,9:N0}: compile+forward {compileAndRun.TotalMilliseconds,8:F0} ms, forward {run.TotalMilliseconds,7:F0} ms, vjp {vjp.TotalMilliseconds,7:F0} ms, jvp {jvp.TotalMilliseconds,7:F0} ms");
        return (value, tangent, cotangent);
    }

    [Fact]
    public void ThenChain_OfAMillionStages_EvaluatesAndDifferentiatesLikeThePlainLoop()
    {
        const double x = 1.3;
        foreach (var n in new[] { 100_000, 1_000_000 })
        {
            var f = Chain(n);
            Assert.Equal(n, f.Parts.Count);
            Assert.EndsWith($"({n} stages)", f.ToString(), StringComparison.Ordinal); // bounded text, whatever the length
            var (value, tangent, cotangent) = Run(n, f, x);
            var plain = PlainChain(n, x, 1.0, 1.0);

            Assert.Equal(plain.Value, value);
            Assert.Equal(plain.Tangent, tangent);
            Assert.Equal(plain.Cotangent, cotangent);
            Assert.NotEqual(0.0, cotangent); // the derivative is small but has not underflowed: the test has teeth
            Assert.True(Math.Abs(value) < 0.01, $"the chain should contract towards 0, got {value}");
        }
    }

    [Fact]
    public void ComposeChain_RightDeep_EvaluatesAndDifferentiatesLikeThePlainLoop()
    {
        const int n = 100_001;
        const double x = -0.4;
        var f = Chain(n, leftDeep: false);

        // Right-deep Compose(f, stage) runs the newest stage first, so the stages run in reverse order of
        // construction: stage n−1, …, 1, then sin. With n odd, that is sin, neg, sin, …, sin again.
        var plain = PlainChain(n, x, 1.0, 1.0);
        Assert.Equal(plain.Value, f.Invoke(x));
        Assert.Equal(plain.Cotangent, f.Vjp(x, 1.0));
        Assert.Equal(plain.Tangent, f.Jvp(x, 1.0));
    }

    [Fact]
    public void DeepSum_OfTwentyThousandTermsBuiltLeftDeep_CompilesAndDifferentiates()
    {
        const int terms = 20_000;
        var x = Diff.Input<double>();
        var sum = Sin(x);
        for (var i = 1; i < terms; i++)
        {
            sum = sum + Sin(x * (1 + i * 1e-4)); // each + nests one level deeper
        }

        const double at = 0.3;
        var plain = 0.0;
        for (var i = 0; i < terms; i++)
        {
            plain += Math.Sin(at * (1 + i * 1e-4));
        }

        Assert.Equal(plain, sum.Invoke(at), 1e-9);
        var (value, gradient) = sum.ValueAndGradient(at);
        Assert.Equal(sum.Invoke(at), value);
        var expected = FiniteDifferences.Directional(sum.Invoke, at, 1.0);
        Assert.Equal(expected, gradient, 1e-6 * Math.Abs(expected));
        Assert.Equal(gradient, sum.Jvp(at, 1.0), 1e-9 * Math.Abs(gradient));
        Assert.True(sum.ToString().Length <= 2_001, "ToString must stay bounded on deep expressions");
    }
}
