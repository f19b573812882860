namespace Vjp.Examples.NeuralOde;

/// <summary>The parameters of a damped oscillator <c>x″ + 2ζω x′ + ω² x = 0</c>.</summary>
/// <param name="Omega">ω, the natural frequency.</param>
/// <param name="Zeta">ζ, the damping ratio (below 1: under-damped).</param>
public sealed record OscillatorParameters(double Omega, double Zeta)
{
    /// <summary>The exact solution from x(0) = 1, x′(0) = 0 (under-damped): <c>e^(−ζωt) (cos ω_d t + (ζω/ω_d) sin ω_d t)</c>, ω_d = ω√(1 − ζ²).</summary>
    /// <param name="t">The time.</param>
    public double Exact(double t)
    {
        var omegaD = Omega * Math.Sqrt(1 - Zeta * Zeta);
        return Math.Exp(-Zeta * Omega * t) * (Math.Cos(omegaD * t) + Zeta * Omega / omegaD * Math.Sin(omegaD * t));
    }
}
