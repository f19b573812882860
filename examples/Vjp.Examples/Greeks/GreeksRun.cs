using Spectre.Console;
using Vjp.Examples.Runner;
using Vjp.Functional;
using static Vjp.Examples.Runner.Format;
using static Vjp.Functional.Fn;
using static Vjp.Functional.SpecialFunctions;

namespace Vjp.Examples.Greeks;

/// <summary>
/// Example 4. The Black–Scholes price of a European call as a differentiable function of
/// (S, K, T, r, σ); one pullback of the seed 1 gives all five first-order sensitivities at once, and
/// Hessian–vector products give gamma, vanna and volga. Each is compared with its closed form.
/// </summary>
/// <remarks>
/// Closed forms: J. C. Hull, <i>Options, Futures, and Other Derivatives</i>, 10th ed., Pearson 2018,
/// ch. 15 (the Black–Scholes–Merton formula) and ch. 19 (the Greek letters: delta, theta, gamma, vega,
/// rho); E. G. Haug, <i>The Complete Guide to Option Pricing Formulas</i>, 2nd ed., McGraw-Hill 2007,
/// §2.1–2.2 (the generalised Black–Scholes–Merton formula and its Greeks: strike delta, vanna, volga).
/// </remarks>
public static class GreeksRun
{
    /// <summary>The options priced by default: at, out of and in the money.</summary>
    public static IReadOnlyList<OptionInputs> DefaultOptions { get; } =
    [
        new(100, 100, 1.0, 0.05, 0.20),
        new(100, 110, 0.5, 0.03, 0.25),
        new(120, 100, 2.0, 0.01, 0.35),
    ];

    /// <summary>
    /// C(S, K, T, r, σ) = S N(d₁) − K e^{−rT} N(d₂), d₁ = (ln(S/K) + (r + σ²/2)T) / (σ√T), d₂ = d₁ − σ√T
    /// (Hull, ch. 15), written as the maths reads.
    /// </summary>
    public static Diff<OptionInputs, double> CallPrice()
    {
        var o = Diff.Input<OptionInputs>();
        var s = o.Get(x => x.Spot);
        var k = o.Get(x => x.Strike);
        var t = o.Get(x => x.Maturity);
        var r = o.Get(x => x.Rate);
        var sigma = o.Get(x => x.Volatility);

        var sigmaSqrtT = sigma * Sqrt(t);
        var d1 = (Log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        return s * NormalCdf(d1) - k * Exp(-r * t) * NormalCdf(d2);
    }

    /// <summary>Runs the example on <see cref="DefaultOptions"/>.</summary>
    /// <param name="options">Where to print.</param>
    public static IReadOnlyList<GreeksResult> Run(ExampleOptions options) => Run(options, DefaultOptions);

    /// <summary>Runs the example on the given options.</summary>
    /// <param name="options">Where to print.</param>
    /// <param name="contracts">The options to price.</param>
    public static IReadOnlyList<GreeksResult> Run(ExampleOptions options, IReadOnlyList<OptionInputs> contracts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contracts);
        var console = options.Console;
        var price = CallPrice();
        console.WriteLineWhole("C(S, K, T, r, σ) = S N(d₁) − K e^(−rT) N(d₂)   (Black–Scholes call; Hull ch. 15)");
        console.WriteLineWhole("One pullback of the seed 1 returns ∇C as an OptionInputs record: all five first-order Greeks at once.");
        console.WriteLineWhole("Second order from Hessian–vector products (forward over reverse), no Hessian formed.");
        console.WriteLineWhole("Closed forms: Hull, Options, Futures, and Other Derivatives (10th ed.), ch. 19; Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), §2.1–2.2.");

        var results = new List<GreeksResult>();
        foreach (var o in contracts)
        {
            // First order: one forward pass, one pullback.
            var (c, pullback) = price.ValueWithPullback(o);
            var g = pullback(1.0);

            // Second order: H·e_S = ∂(∇C)/∂S and H·e_σ = ∂(∇C)/∂σ.
            var hS = price.Hvp(o, new OptionInputs(1, 0, 0, 0, 0));
            var hSigma = price.Hvp(o, new OptionInputs(0, 0, 0, 0, 1));

            var closed = ClosedForm(o);
            GreekComparison[] greeks =
            [
                new("Delta ∂C/∂S", g.Spot, closed.Delta),
                new("Strike delta ∂C/∂K", g.Strike, closed.StrikeDelta),
                new("∂C/∂T (= −Theta)", g.Maturity, closed.MaturitySensitivity),
                new("Rho ∂C/∂r", g.Rate, closed.Rho),
                new("Vega ∂C/∂σ", g.Volatility, closed.Vega),
                new("Gamma ∂²C/∂S²", hS.Spot, closed.Gamma),
                new("Vanna ∂²C/∂S∂σ", hS.Volatility, closed.Vanna),
                new("Vanna ∂²C/∂σ∂S", hSigma.Spot, closed.Vanna),
                new("Volga ∂²C/∂σ²", hSigma.Volatility, closed.Volga),
            ];

            console.WriteLine();
            console.WriteLineWhole($"S = {o.Spot}, K = {o.Strike}, T = {o.Maturity}, r = {o.Rate}, σ = {o.Volatility}:  C = {N(c)}  (closed form {N(closed.Price)})");
            var table = new Table().AddColumns("Greek", "one pullback / HVP", "closed form", "|difference|");
            foreach (var greek in greeks)
            {
                table.AddText(greek.Name, N(greek.ByDifferentiation, 12), N(greek.ClosedForm, 12), E(greek.Difference));
            }

            console.WriteWhole(table);
            results.Add(new(o, c, g, greeks));
        }

        console.WriteLineWhole($"Largest difference from the closed forms: {E(results.Max(r => r.MaxDifference))}");
        return results;
    }

    /// <summary>The closed-form price and Greeks of a call (Hull ch. 15 and 19; Haug §2.1–2.2), with φ the normal density.</summary>
    /// <param name="o">The option.</param>
    public static (double Price, double Delta, double StrikeDelta, double MaturitySensitivity, double Rho, double Vega, double Gamma, double Vanna, double Volga) ClosedForm(OptionInputs o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var (s, k, t, r, sigma) = (o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility);
        var sqrtT = Math.Sqrt(t);
        var d1 = (Math.Log(s / k) + (r + sigma * sigma / 2) * t) / (sigma * sqrtT);
        var d2 = d1 - sigma * sqrtT;
        var discount = Math.Exp(-r * t);
        var pdf = NormalPdf(d1);
        return (
            Price: s * NormalCdf(d1) - k * discount * NormalCdf(d2),
            Delta: NormalCdf(d1),
            StrikeDelta: -discount * NormalCdf(d2),
            MaturitySensitivity: s * pdf * sigma / (2 * sqrtT) + r * k * discount * NormalCdf(d2),
            Rho: k * t * discount * NormalCdf(d2),
            Vega: s * pdf * sqrtT,
            Gamma: pdf / (s * sigma * sqrtT),
            Vanna: -pdf * d2 / sigma,
            Volga: s * pdf * sqrtT * d1 * d2 / sigma);
    }
}
