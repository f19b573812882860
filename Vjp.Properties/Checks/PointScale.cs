namespace Vjp.Properties.Checks;

/// <summary>
/// The scale of a rule's derivatives at one sample, which makes the absolute part of the finite-difference
/// tolerance relative: <c>D = (‖f(x)‖∞ + σ/ε) / (1 + ‖x‖∞) · ‖ẋ‖∞</c>, the size of <c>J·ẋ</c> that f's own
/// magnitude and its measured rounding noise σ (<see cref="Numerics.Noise"/>) suggest at x.
/// </summary>
/// <remarks>
/// <para>
/// The absolute part of <see cref="RuleCheckOptions.FiniteDifferenceTolerance"/> (1e-6) covers derivatives that
/// are tiny only because a correct rule's rounding is amplified along a chain: those are rounded at the scale of
/// the terms that cancel in f, about <c>σ/ε</c> (σ being ε times those terms), divided by the scale over which x
/// moves. Left as a fixed number, it swallowed every rule whose derivatives are 1e-6 or smaller (a 5 % error of
/// <c>10⁻⁶·sin x</c> passed). Here it is multiplied by <c>min(1, D)</c> (by <c>min(1, D·‖ȳ‖∞)</c> for the scalar
/// <c>⟨ȳ, J·ẋ⟩</c>): never looser than the fixed number, and for a rule whose values and rounding are both of
/// size s, proportional to s, so a relative error is caught at any magnitude.
/// </para>
/// <para>
/// σ stands in for rounding: a rule whose terms cancel (f tiny, σ large) keeps the full absolute part, so the
/// allowance for its rounded derivative is unchanged; where σ was not measurable (∞), D is ∞ and the fixed number
/// applies.
/// </para>
/// </remarks>
/// <param name="Derivative">D, the derivative scale along ẋ at x.</param>
internal readonly record struct PointScale(double Derivative)
{
    /// <summary>ε = 2⁻⁵², the spacing of doubles at 1 (not <see cref="double.Epsilon"/>, the least denormal).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The scale at x (flat), f(x) = <paramref name="y"/>, along <paramref name="dx"/>, with noise σ per evaluation;
    /// ∞ (the fixed absolute part) when f is quantised there: some component of <c>f(x ± τ·ẋ)</c>, with τ the
    /// noise stencil's first spacing, equals f(x) bit for bit.
    /// </summary>
    /// <remarks>
    /// A smooth f moves by far more than its own rounding over τ (about 10⁻¹⁰ of its size at the default steps), so
    /// a repeated value means values rounded at the scale of much larger terms (<c>10⁵ sin x − 10⁵(1 − 10⁻¹⁰) sin x</c>)
    /// or rounded on purpose, a component constant along ẋ, or a kink at rest: there the noise estimate can read 0
    /// (<see cref="Numerics.Noise"/>) and says nothing of the rounding, so the scale does not shrink the tolerance.
    /// </remarks>
    public static PointScale At(double[] x, double[] y, double[] dx, double sigma, Func<double, double[]?> line, double tau)
    {
        if (!(tau > 0) || Repeats(line(tau), y) || Repeats(line(-tau), y))
        {
            return new(double.PositiveInfinity);
        }

        var noise = double.IsNaN(sigma) ? double.PositiveInfinity : sigma / MachineEpsilon;
        var d = (Numerics.Flat.NormInf(y) + noise) / (1 + Numerics.Flat.NormInf(x)) * Numerics.Flat.NormInf(dx);
        return new(double.IsNaN(d) ? double.PositiveInfinity : d);
    }

    private static bool Repeats(double[]? v, double[] y)
    {
        if (v is null || v.Length != y.Length)
        {
            return true;
        }

        for (var i = 0; i < y.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(v[i]) == BitConverter.DoubleToInt64Bits(y[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tolerance for comparing <c>J·ẋ</c>: its absolute part scaled by <c>min(1, D)</c>.</summary>
    public Tolerance ForTangent(Tolerance tolerance) => tolerance with { Absolute = tolerance.Absolute * Factor(Derivative) };

    /// <summary>The tolerance for comparing <c>⟨ȳ, J·ẋ⟩</c>: its absolute part scaled by <c>min(1, D·‖ȳ‖∞)</c>.</summary>
    public Tolerance ForPairing(Tolerance tolerance, double[] yBar) =>
        tolerance with { Absolute = tolerance.Absolute * Factor(Derivative * Numerics.Flat.NormInf(yBar)) };

    private static double Factor(double d) => d >= 1 || double.IsNaN(d) ? 1 : d;
}
