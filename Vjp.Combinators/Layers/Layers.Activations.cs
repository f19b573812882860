using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

public static partial class Layers
{
    private static readonly Diff<Vec, Vec> SiluMap = VecPrimitives.Lift(ScalarPrimitives.Create(
        "silu", Domain.All, static x => x / (1 + Math.Exp(-x)),
        static (x, y) =>
        {
            var s = Real.Sigmoid(x);
            return s + y * (1 - s);
        }));

    /// <summary>
    /// The leaky rectifier, elementwise <c>yᵢ = xᵢ</c> for <c>xᵢ &gt; 0</c> and <c>α xᵢ</c> otherwise.
    /// Derivative 1 or α (α taken at the kink 0); pullback <c>x̄ᵢ = ȳᵢ·f′(xᵢ)</c>.
    /// </summary>
    /// <param name="alpha">The slope for negative inputs.</param>
    public static Diff<Vec, Vec> LeakyRelu(double alpha = 0.01) =>
        VecPrimitives.Lift(ScalarPrimitives.Create(
            FormattableString.Invariant($"leaky_relu[{alpha}]"), Domain.All.Excluding(0),
            x => x > 0 ? x : alpha * x,
            (x, y) => alpha + (1 - alpha) * Real.Step(x)));

    /// <summary>The leaky rectifier of a vector expression; see <see cref="LeakyRelu(double)"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector expression.</param>
    /// <param name="alpha">The slope for negative inputs.</param>
    public static Diff<X, Vec> LeakyRelu<X>(Diff<X, Vec> x, double alpha = 0.01) where X : notnull => x.NotNull().Then(LeakyRelu(alpha));

    /// <summary>
    /// The exponential linear unit, elementwise <c>yᵢ = xᵢ</c> for <c>xᵢ &gt; 0</c> and <c>α(e^(xᵢ) − 1)</c>
    /// otherwise. Derivative 1 for x &gt; 0, <c>y + α</c> otherwise (continuous for α = 1).
    /// </summary>
    /// <param name="alpha">The scale of the negative part.</param>
    public static Diff<Vec, Vec> Elu(double alpha = 1.0) =>
        VecPrimitives.Lift(ScalarPrimitives.Create(
            FormattableString.Invariant($"elu[{alpha}]"), Domain.All.Excluding(0),
            x => x > 0 ? x : alpha * ScalarPrimitives.Expm1Impl(x),
            (x, y) => Real.Step(x) + (1 - Real.Step(x)) * (y + alpha)));

    /// <summary>The exponential linear unit of a vector expression; see <see cref="Elu(double)"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector expression.</param>
    /// <param name="alpha">The scale of the negative part.</param>
    public static Diff<X, Vec> Elu<X>(Diff<X, Vec> x, double alpha = 1.0) where X : notnull => x.NotNull().Then(Elu(alpha));

    /// <summary>
    /// The sigmoid-weighted linear unit (swish), elementwise <c>yᵢ = xᵢ σ(xᵢ)</c>. Derivative
    /// <c>σ(x) + y (1 − σ(x))</c>.
    /// </summary>
    public static Diff<Vec, Vec> Silu() => SiluMap;

    /// <summary>The sigmoid-weighted linear unit of a vector expression; see <see cref="Silu()"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector expression.</param>
    public static Diff<X, Vec> Silu<X>(Diff<X, Vec> x) where X : notnull => x.NotNull().Then(SiluMap);

    /// <summary>
    /// The Gaussian error linear unit, elementwise <c>yᵢ = xᵢ Φ(xᵢ)</c> with Φ the standard normal CDF
    /// (the exact form, not the tanh approximation). Built from <c>x ⊙ Φ(x)</c>, so its derivative
    /// <c>Φ(x) + x φ(x)</c> comes from the product rule.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector expression.</param>
    public static Diff<X, Vec> Gelu<X>(Diff<X, Vec> x) where X : notnull => x.NotNull() * Fn.NormalCdf(x);

    /// <summary>The Gaussian error linear unit as a function of ℝⁿ; see <see cref="Gelu{X}(Diff{X, Vec})"/>.</summary>
    public static Diff<Vec, Vec> Gelu() => Gelu(Diff.Input<Vec>());
}
