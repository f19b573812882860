using TorchSharp;
using Vjp.Benchmarks;
using Vjp.Functional;
using static TorchSharp.torch;
using static Vjp.Functional.Fn;
using static Vjp.Functional.SpecialFunctions;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The Black–Scholes call C = S N(d₁) − K e^(−rT) N(d₂), d₁ = (ln(S/K) + (r + σ²/2)T)/(σ√T), d₂ = d₁ − σ√T
/// (Hull, ch. 15; as in the <c>greeks</c> example), and its gradient (Δ, ∂C/∂K, ρ, vega, ∂C/∂T) three ways:
/// a Vjp <c>Diff</c>, the closed forms by hand, and TorchSharp autograd on 0-d f64 tensors.
/// </summary>
public static class BlackScholes
{
    /// <summary>The option the benchmark prices (<see cref="BlackScholesDiff.Point"/>).</summary>
    public static OptionInputs Point => BlackScholesDiff.Point;

    /// <summary>The price as a Vjp function of the five inputs (<see cref="BlackScholesDiff.Build"/>).</summary>
    public static Diff<OptionInputs, double> Price { get; } = BlackScholesDiff.Build();

    /// <summary>Price and gradient from the closed forms (Hull, ch. 19; Haug §2.1–2.2 for ∂C/∂K).</summary>
    /// <param name="o">The inputs.</param>
    public static (double Price, OptionInputs Gradient) ByHand(OptionInputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var sqrtT = Math.Sqrt(o.Time);
        var d1 = (Math.Log(o.Spot / o.Strike) + (o.Rate + 0.5 * o.Volatility * o.Volatility) * o.Time) / (o.Volatility * sqrtT);
        var d2 = d1 - o.Volatility * sqrtT;
        double n1 = NormalCdf(d1), n2 = NormalCdf(d2), phi1 = NormalPdf(d1), discount = Math.Exp(-o.Rate * o.Time);
        var price = o.Spot * n1 - o.Strike * discount * n2;
        return (price, new OptionInputs(
            Spot: n1,
            Strike: -discount * n2,
            Rate: o.Strike * o.Time * discount * n2,
            Volatility: o.Spot * phi1 * sqrtT,
            Time: o.Spot * phi1 * o.Volatility / (2 * sqrtT) + o.Rate * o.Strike * discount * n2));
    }

    /// <summary>Price and gradient by TorchSharp autograd on 0-d f64 tensors; the tensors are freed before returning.</summary>
    /// <param name="o">The inputs.</param>
    public static (double Price, OptionInputs Gradient) Torch(OptionInputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        using var scope = NewDisposeScope();
        var s = tensor(o.Spot, float64, requires_grad: true);
        var k = tensor(o.Strike, float64, requires_grad: true);
        var r = tensor(o.Rate, float64, requires_grad: true);
        var sigma = tensor(o.Volatility, float64, requires_grad: true);
        var t = tensor(o.Time, float64, requires_grad: true);
        // Written with explicit long-lived scalars rather than operators on doubles (see TorchScalars).
        var one = TorchScalars.One;
        var sigmaSqrtT = sigma.mul(t.sqrt());
        var d1 = s.div(k).log().add(r.add(sigma.mul(sigma).mul(TorchScalars.Half), one).mul(t), one).div(sigmaSqrtT);
        var d2 = d1.sub(sigmaSqrtT);
        var price = s.mul(Cdf(d1)).sub(k.mul(r.neg().mul(t).exp()).mul(Cdf(d2)));
        var g = torch.autograd.grad([price], [s, k, r, sigma, t]);
        return (price.item<double>(), new OptionInputs(g[0].item<double>(), g[1].item<double>(), g[2].item<double>(), g[3].item<double>(), g[4].item<double>()));
    }

    private static Tensor Cdf(Tensor x) => x.mul(TorchScalars.InvSqrt2).erf().add(TorchScalars.One, TorchScalars.One).mul(TorchScalars.Half);
}
