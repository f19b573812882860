using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>The inverse trigonometric and hyperbolic functions, max, min, clamp, hypot and atan2.</summary>
public static partial class ScalarPrimitives
{
    internal static readonly ScalarRule AtanRule = new("atan", Domain.All, Math.Atan, static (x, y) => 1 / (1 + x * x));
    internal static readonly ScalarRule AsinRule = new("asin", Domain.Interval(-1, 1), Math.Asin, static (x, y) => 1 / Real.Sqrt(1 - x * x));
    internal static readonly ScalarRule AcosRule = new("acos", Domain.Interval(-1, 1), Math.Acos, static (x, y) => -1 / Real.Sqrt(1 - x * x));
    internal static readonly ScalarRule SinhRule = new("sinh", Domain.All, Math.Sinh, static (x, y) => Real.Cosh(x), second: static (x, y) => y);
    internal static readonly ScalarRule CoshRule = new("cosh", Domain.All, Math.Cosh, static (x, y) => Real.Sinh(x), second: static (x, y) => y);

    // atan2(a, b) is the angle of the point (b, a): a is the ordinate, as in Math.Atan2(y, x). It jumps by 2π
    // across a = 0 for b < 0, so the checked domain keeps both coordinates away from 0.
    internal static readonly ScalarBinaryRule Atan2Rule = new("atan2", Domain.All.Excluding(0), Math.Atan2,
        static (a, b, y) => b / (a * a + b * b), static (a, b, y) => -a / (a * a + b * b));

    // double.Hypot scales its arguments, so √(a² + b²) neither overflows nor underflows; the partials a/y and b/y
    // are at most 1 in magnitude and use y, never a² + b².
    internal static readonly ScalarBinaryRule HypotRule = new("hypot", Domain.All.Excluding(0), double.Hypot,
        static (a, b, y) => a / y, static (a, b, y) => b / y);

    // At a tie the subgradient is split, ½ to each argument: it is the midpoint of the subdifferential
    // {(t, 1 − t) : t ∈ [0, 1]}, the same for max(a, b) and max(b, a), and max(x, x) = x still gets derivative 1.
    internal static readonly ScalarBinaryRule MaxRule = new("max", Domain.All, Math.Max,
        static (a, b, y) => 0.5 * (1 + Real.Sign(a - b)), static (a, b, y) => 0.5 * (1 - Real.Sign(a - b)));

    internal static readonly ScalarBinaryRule MinRule = new("min", Domain.All, Math.Min,
        static (a, b, y) => 0.5 * (1 - Real.Sign(a - b)), static (a, b, y) => 0.5 * (1 + Real.Sign(a - b)));

    /// <summary>Arctangent, <c>y = arctan x</c>, in (−π/2, π/2).</summary>
    /// <remarks>∂y/∂x = 1/(1 + x²); pushforward ẏ = ẋ/(1 + x²); pullback x̄ = ȳ/(1 + x²).</remarks>
    public static Diff<double, double> Atan { get; } = Wrap(AtanRule);

    /// <summary>Arcsine, <c>y = arcsin x</c>, for −1 &lt; x &lt; 1 (NaN outside [−1, 1]).</summary>
    /// <remarks>∂y/∂x = 1/√(1 − x²); pushforward ẏ = ẋ/√(1 − x²); pullback x̄ = ȳ/√(1 − x²); infinite at ±1.</remarks>
    public static Diff<double, double> Asin { get; } = Wrap(AsinRule);

    /// <summary>Arccosine, <c>y = arccos x</c>, for −1 &lt; x &lt; 1 (NaN outside [−1, 1]).</summary>
    /// <remarks>∂y/∂x = −1/√(1 − x²); pushforward ẏ = −ẋ/√(1 − x²); pullback x̄ = −ȳ/√(1 − x²); infinite at ±1.</remarks>
    public static Diff<double, double> Acos { get; } = Wrap(AcosRule);

    /// <summary>Hyperbolic sine, <c>y = sinh x = (eˣ − e⁻ˣ)/2</c>.</summary>
    /// <remarks>∂y/∂x = cosh x; pushforward ẏ = cosh x·ẋ; pullback x̄ = ȳ·cosh x.</remarks>
    public static Diff<double, double> Sinh { get; } = Wrap(SinhRule);

    /// <summary>Hyperbolic cosine, <c>y = cosh x = (eˣ + e⁻ˣ)/2</c>.</summary>
    /// <remarks>∂y/∂x = sinh x; pushforward ẏ = sinh x·ẋ; pullback x̄ = ȳ·sinh x.</remarks>
    public static Diff<double, double> Cosh { get; } = Wrap(CoshRule);

    /// <summary>The two-argument arctangent, <c>y = atan2(a, b)</c>: the angle of the point (b, a) in (−π, π], as <see cref="Math.Atan2"/>(a, b).</summary>
    /// <remarks>
    /// ∂y/∂a = b/(a² + b²), ∂y/∂b = −a/(a² + b²); pushforward ẏ = (b·ȧ − a·ḃ)/(a² + b²);
    /// pullback (ā, b̄) = ȳ·(b, −a)/(a² + b²). Discontinuous across a = 0 for b &lt; 0 and undefined at the origin.
    /// </remarks>
    public static Diff<(double A, double B), double> Atan2 { get; } = Wrap2(Atan2Rule);

    /// <summary>The hypotenuse <c>y = √(a² + b²)</c>, evaluated without overflow or underflow (<see cref="double.Hypot"/>).</summary>
    /// <remarks>∂y/∂a = a/y, ∂y/∂b = b/y; pushforward ẏ = (a·ȧ + b·ḃ)/y; pullback (ā, b̄) = ȳ·(a, b)/y. Not differentiable at the origin (NaN there).</remarks>
    public static Diff<(double A, double B), double> Hypot { get; } = Wrap2(HypotRule);

    /// <summary>The larger argument, <c>y = max(a, b)</c> (NaN if either is).</summary>
    /// <remarks>
    /// ∂y/∂a = 1 where a &gt; b and 0 where a &lt; b (∂y/∂b the other way round); at a tie a = b the subgradient
    /// is split, ½ to each: the midpoint of the subdifferential, symmetric in a and b, so max(x, x) has derivative 1.
    /// Pushforward ẏ = ∂ₐy·ȧ + ∂_by·ḃ; pullback (ā, b̄) = ȳ·(∂ₐy, ∂_by).
    /// </remarks>
    public static Diff<(double A, double B), double> Max { get; } = Wrap2(MaxRule);

    /// <summary>The smaller argument, <c>y = min(a, b)</c> (NaN if either is).</summary>
    /// <remarks>
    /// ∂y/∂a = 1 where a &lt; b and 0 where a &gt; b; at a tie the subgradient is split, ½ to each (as for <see cref="Max"/>).
    /// Pushforward ẏ = ∂ₐy·ȧ + ∂_by·ḃ; pullback (ā, b̄) = ȳ·(∂ₐy, ∂_by).
    /// </remarks>
    public static Diff<(double A, double B), double> Min { get; } = Wrap2(MinRule);

    /// <summary>The clamp <c>y = min(max(x, lo), hi)</c> to constant bounds lo ≤ hi.</summary>
    /// <param name="lo">The lower bound (−∞ for none).</param>
    /// <param name="hi">The upper bound (+∞ for none).</param>
    /// <returns>The primitive.</returns>
    /// <remarks>
    /// ∂y/∂x = 1 for lo &lt; x &lt; hi and 0 outside; at the bounds x = lo and x = hi the subgradient 0 is used, as for
    /// <see cref="Relu"/> at 0 (Clamp(x, 0, ∞) is Relu, derivative and all). Pushforward ẏ = ∂y/∂x·ẋ; pullback x̄ = ȳ·∂y/∂x.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">When lo &gt; hi, or either is NaN.</exception>
    public static Diff<double, double> Clamp(double lo, double hi) => Wrap(ClampRule(lo, hi));

    internal static ScalarRule ClampRule(double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi)
        {
            throw new ArgumentOutOfRangeException(nameof(lo), lo, FormattableString.Invariant($"Clamp needs lo ≤ hi, got lo = {lo}, hi = {hi}."));
        }

        return new(
            FormattableString.Invariant($"clamp[{lo}, {hi}]"),
            Domain.All.Excluding(lo).Excluding(hi),
            x => Math.Clamp(x, lo, hi),
            (x, y) => Real.Step(x - lo) * Real.Step(hi - x),
            a => FormattableString.Invariant($"clamp({a}, {lo}, {hi})"));
    }
}
