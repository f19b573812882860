using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Benchmarks;

/// <summary>The five inputs of a European call.</summary>
/// <param name="Spot">S.</param>
/// <param name="Strike">K.</param>
/// <param name="Rate">r.</param>
/// <param name="Volatility">σ.</param>
/// <param name="Time">T, in years.</param>
public sealed record OptionInputs(double Spot, double Strike, double Rate, double Volatility, double Time);

/// <summary>
/// The Black–Scholes call C = S N(d₁) − K e^(−rT) N(d₂), d₁ = (ln(S/K) + (r + σ²/2)T)/(σ√T), d₂ = d₁ − σ√T, as a
/// Vjp function: the one definition the <c>scalar</c> mode and Vjp.TorchBenchmarks measure and TypedJacobianTests checks (both link this file).
/// </summary>
public static class BlackScholesDiff
{
    /// <summary>The option priced (at the money, one year).</summary>
    public static OptionInputs Point { get; } = new(100, 100, 0.05, 0.2, 1.0);

    /// <summary>Builds the price as a fresh Vjp function of the five inputs (a new <c>Diff</c> each call, for cold starts).</summary>
    public static Diff<OptionInputs, double> Build()
    {
        var o = Diff.Input<OptionInputs>();
        var s = o.Get(x => x.Spot);
        var k = o.Get(x => x.Strike);
        var r = o.Get(x => x.Rate);
        var sigma = o.Get(x => x.Volatility);
        var t = o.Get(x => x.Time);
        var sigmaSqrtT = sigma * Sqrt(t);
        var d1 = (Log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        return s * NormalCdf(d1) - k * Exp(-r * t) * NormalCdf(d2);
    }
}
