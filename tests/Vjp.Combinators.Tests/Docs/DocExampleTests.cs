using System.Collections.Immutable;
using Vjp.Combinators;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace CombinatorsReadme;

/// <summary>The <c>&lt;example&gt;</c> code of Vjp.Combinators' XML docs, compiled and checked.</summary>
public class DocExampleTests
{
    [Fact]
    public void ArrowMap_Example_MapsACustomScalarRule()
    {
        var softSign = Arrow.Map(Diff.Create<double, double>("softsign", x => x / (1 + Math.Abs(x)), (x, y, yBar) => yBar / Math.Pow(1 + Math.Abs(x), 2)));
        Assert.Equal(Vec.Of(0.5, -0.75), softSign.Invoke(Vec.Of(1, -3)));
        Checks.Derivatives(softSign, Vec.Zeros(3), lo: 0.1, hi: 2);
    }

    [Fact]
    public void Iterate_Example_IsEulersMethod()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var decay = Diff.Fanout(theta, x - 0.01 * theta * x).Iterate(100);   // 100 Euler steps of ẋ = −θx, θ carried along
        Assert.Equal(Math.Pow(1 - 0.01 * 2, 100) * 3, decay.Invoke((2, 3)).Item2, 12);
        Checks.Derivatives(decay, (0.0, 0.0));
    }

    [Fact]
    public void Cond_Example_HasFiniteDerivativeAtMinusFour()
    {
        var x = Diff.Input<double>();
        var f = Control.Cond(v => v > 0, Sqrt(x), -x);   // f′(−4) = −1, not NaN
        Checks.FiniteDifferences(f, -4.0, 1.0, 1.0);
        Assert.False(double.IsNaN(f.Gradient(-4.0)));
    }

    [Fact]
    public void FixedPoint_Example_IsTheSquareRoot()
    {
        var (theta, x) = Diff.Input<(double, double)>();
        var sqrtOf = Control.FixedPoint(0.5 * (x + theta / x), initial: 1.0);   // Newton's map for √θ
        Assert.Equal(Math.Sqrt(3), sqrtOf.Invoke(3.0), 14);
        Checks.FiniteDifferences(sqrtOf, 3.0, 1.0, 1.0);
    }

    [Fact]
    public void Scan_Example_HasTheDocumentedType()
    {
        var (p, s, a) = Diff.Input<(double, double, double)>();
        Diff<(double, double, ImmutableArray<double>), ImmutableArray<double>> scan = Control.Scan(Tanh(p * s + a));
        Assert.Equal(2, scan.Invoke((1, 0, ImmutableArray.Create(1.0, 2.0))).Length);
    }

    [Fact]
    public void Layers_Example_BuildsAnMlpOverARecord()
    {
        var (p, x) = Diff.Input<(Mlp, Vec)>();
        var h = Tanh(Layers.Dense(p.Get(m => m.W1), p.Get(m => m.B1), x));
        var output = Layers.Dense(p.Get(m => m.W2), p.Get(m => m.B2), h);
        var like = (new Mlp(Mat.Zeros(3, 2), Vec.Zeros(3), Mat.Zeros(1, 3), Vec.Zeros(1)), Vec.Zeros(2));
        Checks.Derivatives(output, like, iter: 10);
    }
}
