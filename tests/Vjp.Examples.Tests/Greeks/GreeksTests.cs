using Vjp.Examples.Greeks;
using Vjp.Examples.Tests.Support;
using Vjp.Functional;

namespace Vjp.Examples.Tests.Greeks;

public class GreeksTests
{
    [Fact]
    public void Run_DefaultOptions_EveryGreekMatchesItsClosedFormTo1e10()
    {
        using var t = new TestOptions();
        var results = GreeksRun.Run(t.Options);
        Assert.Equal(GreeksRun.DefaultOptions.Count, results.Count);
        foreach (var r in results)
        {
            Assert.Equal(9, r.Greeks.Count);
            foreach (var g in r.Greeks)
            {
                Assert.True(g.Difference <= 1e-10, $"{r.Inputs}: {g.Name} by differentiation {g.ByDifferentiation}, closed form {g.ClosedForm}");
            }
        }
    }

    [Fact]
    public void Run_AtTheMoney_PriceIsTheTextbookValue()
    {
        // S = K = 100, T = 1, r = 5 %, σ = 20 %: C = 10.4506 (Hull, ch. 15).
        using var t = new TestOptions();
        var r = GreeksRun.Run(t.Options, [new OptionInputs(100, 100, 1, 0.05, 0.2)]);
        Assert.Equal(10.4506, r[0].Price, 4);
        Assert.Equal(GreeksRun.ClosedForm(r[0].Inputs).Price, r[0].Price, 12);
    }

    [Theory]
    [InlineData(90, 100, 0.25, 0.02, 0.3)]
    [InlineData(100, 80, 3.0, 0.04, 0.15)]
    public void Gradient_OneSidedInputs_MatchesFiniteDifferences(double s, double k, double tm, double r, double sigma)
    {
        var o = new OptionInputs(s, k, tm, r, sigma);
        var g = GreeksRun.CallPrice().Gradient(o);
        var price = GreeksRun.CallPrice();
        double Fd(Func<double, OptionInputs> bump, double h) => (price.Invoke(bump(h)) - price.Invoke(bump(-h))) / (2 * h);
        Assert.Equal(Fd(h => o with { Spot = s + h }, 1e-4), g.Spot, 7);
        Assert.Equal(Fd(h => o with { Strike = k + h }, 1e-4), g.Strike, 7);
        Assert.Equal(Fd(h => o with { Maturity = tm + h }, 1e-6), g.Maturity, 6);
        Assert.Equal(Fd(h => o with { Rate = r + h }, 1e-6), g.Rate, 5);
        Assert.Equal(Fd(h => o with { Volatility = sigma + h }, 1e-6), g.Volatility, 5);
    }
}
