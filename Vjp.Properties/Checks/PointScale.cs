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
/// <para>
/// Below that, a floor: the rounding level of a derivative computed from intermediate values of order
/// <c>max(1, ‖y‖∞)</c>, <c>F = 32ε·max(1, ‖y‖∞)·‖ẋ‖∞ / max(1, ‖x‖∞)</c>. A stage that saturates (tanh′ = 1 − y² with
/// y rounded to 1), or a sum 1 + δ inside a logarithm, leaves J·ẋ with an absolute error of a few ε per unit of
/// ẋ over the scale of x, although f's value and its noise are far smaller (10⁻¹⁴, a product of small factors):
/// the finite differences resolve the true 10⁻¹⁶ … 10⁻³⁷ and contradict the correctly rounded rule. A
/// disagreement below F is no evidence of a wrong rule. F is ε-relative to order-1 values, so a 5 % error of a
/// rule whose derivatives are 10⁻¹² or larger is still caught (<c>ScaleTests</c>); only rules whose derivatives
/// are below about 10⁻¹³ of their intermediates are judged no finer than that.
/// </para>
/// </remarks>
/// <param name="Derivative">D, the derivative scale along ẋ at x.</param>
/// <param name="Floor">F, the rounding level of a derivative along ẋ at x (0 when unknown).</param>
internal readonly record struct PointScale(double Derivative, double Floor = 0)
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
            return new(double.PositiveInfinity, FloorAt(x, y, dx));
        }

        var noise = double.IsNaN(sigma) ? double.PositiveInfinity : sigma / MachineEpsilon;
        var d = (Numerics.Flat.NormInf(y) + noise) / (1 + Numerics.Flat.NormInf(x)) * Numerics.Flat.NormInf(dx);
        return new(double.IsNaN(d) ? double.PositiveInfinity : d, FloorAt(x, y, dx));
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

    /// <summary>The tolerance for comparing <c>J·ẋ</c>: its absolute part scaled by <c>min(1, D)</c>, and at least F.</summary>
    public Tolerance ForTangent(Tolerance tolerance) => tolerance with { Absolute = Math.Max(tolerance.Absolute * Factor(Derivative), Floor) };

    /// <summary>The tolerance for comparing <c>⟨ȳ, J·ẋ⟩</c>: its absolute part scaled by <c>min(1, D·‖ȳ‖∞)</c>, and at least F·‖ȳ‖₁.</summary>
    public Tolerance ForPairing(Tolerance tolerance, double[] yBar) =>
        tolerance with { Absolute = Math.Max(tolerance.Absolute * Factor(Derivative * Numerics.Flat.NormInf(yBar)), Floor * Numerics.Flat.Norm1(yBar)) };

    /// <summary>F = 32ε·max(1, ‖y‖∞)·‖ẋ‖∞ / max(1, ‖x‖∞); 0 where not finite.</summary>
    private static double FloorAt(double[] x, double[] y, double[] dx)
    {
        var f = 32 * MachineEpsilon * Math.Max(1, Numerics.Flat.NormInf(y)) * Numerics.Flat.NormInf(dx) / Math.Max(1, Numerics.Flat.NormInf(x));
        return double.IsFinite(f) ? f : 0;
    }

    private static double Factor(double d) => d >= 1 || double.IsNaN(d) ? 1 : d;
}
