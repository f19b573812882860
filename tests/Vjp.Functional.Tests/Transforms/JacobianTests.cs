using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Transforms;

public sealed class JacobianTests
{
    private const int WideIn = 1000;
    private const int WideOut = 10;

    private static readonly Vec[] Weights = [.. Enumerable.Range(0, WideOut).Select(i => Vec.Generate(WideIn, j => Math.Sin(i + 0.37 * j)))];

    private static readonly Vec WidePoint = Vec.Generate(WideIn, j => Math.Cos(0.11 * j) + 0.001 * j);

    /// <summary>ℝ¹⁰⁰⁰ → ℝ¹⁰: yᵢ = ⟨x[100i..], tanh x[100i+50..]⟩ + sin(xᵢ)·Σ x[100i..]²/100 + ⟨x, wᵢ⟩.</summary>
    private static Diff<Vec, Vec> Wide()
    {
        var x = Diff.Input<Vec>();
        var parts = new Diff<Vec, double>[WideOut];
        for (var i = 0; i < WideOut; i++)
        {
            var block = Slice(x, 100 * i, 100);
            var shifted = Slice(x, (100 * i + 50) % 900, 100);
            parts[i] = Dot(block, Tanh(shifted)) + Sin(x[i]) * Sum(Square(block)) / 100 + Dot(x, Const<Vec, Vec>(Weights[i]));
        }

        return Diff.Vector(parts);
    }

    private static readonly Mat Tall = Mat.Generate(50, 3, (i, j) => Math.Cos(i * 0.3 + j));

    /// <summary>ℝ³ → ℝ⁵⁰: y = tanh(A x) ⊙ (A x) + x₀x₁·𝟙.</summary>
    private static Diff<Vec, Vec> Narrow()
    {
        var x = Diff.Input<Vec>();
        var ax = Const<Vec, Mat>(Tall) * x;
        return Tanh(ax) * ax + x[0] * x[1] * Const<Vec, Vec>(Vec.Ones(50));
    }

    [Fact]
    public void Jacobian_WideFunctionByRows_IsTheStackedVjps()
    {
        var f = Wide();
        var j = f.Jacobian(WidePoint, JacobianMode.Rows);
        Assert.Equal((WideOut, WideIn), j.Shape);
        for (var i = 0; i < WideOut; i++)
        {
            Assert.Equal(f.Vjp(WidePoint, Vec.Basis(WideOut, i)), j.Row(i));
        }
    }

    [Fact]
    public void Jacobian_WideFunctionByColumns_IsTheStackedJvpsAndAgreesWithRows()
    {
        var f = Wide();
        var byColumns = f.Jacobian(WidePoint, JacobianMode.Columns);
        for (var c = 0; c < WideIn; c++)
        {
            Assert.Equal(f.Jvp(WidePoint, Vec.Basis(WideIn, c)), byColumns.Column(c));
        }

        var byRows = f.Jacobian(WidePoint, JacobianMode.Rows);
        Assert.True(byRows.ApproxEquals(byColumns, 1e-12, 1e-12), "rows and columns disagree");
    }

    [Fact]
    public void Jacobian_WideFunction_MatchesFiniteDifferencesAlongRandomDirections()
    {
        var f = Wide();
        var j = Diff.Jacobian(f, WidePoint);
        var random = new Random(7);
        for (var k = 0; k < 3; k++)
        {
            var v = Vec.Generate(WideIn, _ => random.NextDouble() * 2 - 1);
            var fd = FiniteDifferences.Directional(f.Invoke, WidePoint, v);
            Approx.Close(fd, j * v, 1e-7, $"J·v along direction {k}");
        }
    }

    [Fact]
    public void Jacobian_AutoOnWideFunction_PicksRowsOnePullbackPerOutput()
    {
        var counter = new CallCounter();
        var f = Wide().Then(counter.Identity<Vec>());
        var auto = f.Jacobian(WidePoint);
        Assert.Equal(WideOut, counter.Pullbacks);
        Assert.Equal(0, counter.Pushforwards);
        Assert.Equal(Wide().Jacobian(WidePoint, JacobianMode.Rows), auto);
    }

    [Fact]
    public void Jacobian_AutoOnNarrowFunction_PicksColumnsOnePushforwardPerInput()
    {
        var counter = new CallCounter();
        var f = counter.Identity<Vec>().Then(Narrow());
        var x = Vec.Of(0.3, -1.2, 0.8);
        var auto = f.Jacobian(x);
        Assert.Equal(3, counter.Pushforwards);
        Assert.Equal(0, counter.Pullbacks);
        Assert.Equal((50, 3), auto.Shape);
        Assert.Equal(Narrow().Jacobian(x, JacobianMode.Columns), auto);
        Assert.True(auto.ApproxEquals(Narrow().Jacobian(x, JacobianMode.Rows), 1e-12, 1e-12));
        Assert.True(auto.ApproxEquals(FiniteDifferences.Jacobian(Narrow().Invoke, x), 1e-7, 1e-7));
    }

    [Fact]
    public void Jacobian_OverTupleInputAndOutput_UsesTheFlatViewsInOrder()
    {
        var (s, v) = Diff.Input<(double, Vec)>();
        var f = Diff.Fanout(Sin(s) * v + Square(v), Sum(v) * s);
        var x = (0.7, Vec.Of(1, -2, 0.5));
        Func<(double, Vec), (Vec, double)> plain = f.Invoke;
        var expected = FiniteDifferences.Jacobian(plain, x);
        Assert.Equal((4, 4), expected.Shape);
        Assert.True(f.Jacobian(x, JacobianMode.Rows).ApproxEquals(expected, 1e-8, 1e-8));
        Assert.True(f.Jacobian(x, JacobianMode.Columns).ApproxEquals(expected, 1e-8, 1e-8));
    }
}
