namespace Vjp.Examples.Greeks;

/// <summary>
/// The inputs of a European option's Black–Scholes price, as one differentiable record: its gradient
/// is again an <see cref="OptionInputs"/>, one sensitivity per field.
/// </summary>
/// <param name="Spot">S, the price of the underlying.</param>
/// <param name="Strike">K, the strike.</param>
/// <param name="Maturity">T, the time to maturity in years.</param>
/// <param name="Rate">r, the continuously compounded risk-free rate.</param>
/// <param name="Volatility">σ, the volatility.</param>
public sealed record OptionInputs(double Spot, double Strike, double Maturity, double Rate, double Volatility);
