using CsCheck;
using Vjp.Properties.Checks;

namespace Vjp.Properties;

public static partial class RuleCheck
{
    /// <summary>
    /// Checks the derivatives of <paramref name="f"/> up to order <paramref name="order"/>, for any output type, in
    /// forward mode, reverse mode or both, in the spirit of JAX's <c>check_grads(order=k)</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Order 1 is <see cref="Check{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, RuleCheckOptions?)"/> of f. Above it, each order
    /// is the first-order check of a function built from the one below: in reverse mode the gradient of its contraction
    /// with a sampled direction, <c>x ↦ ∇⟨ȳ₁, f⟩(x) = J(x)ᵀ·ȳ₁</c>, then <c>x ↦ ∇⟨ū₂, ∇⟨ȳ₁, f⟩⟩(x)</c>; in forward mode
    /// the pushforward along a sampled tangent, <c>x ↦ J(x)·ẋ₁</c>, then <c>x ↦ D(J·ẋ₁)(x)·ẋ₂</c>. These are built from the
    /// rules' differentiable pullbacks and pushforwards (<see cref="Diff.Gradient{TIn}(Diff{TIn, double})"/>, <see cref="Diff.PushforwardOf{TIn, TOut}"/>),
    /// so every law of the first-order check — finite differences, the adjoint identity, linearity, Taylor order, the
    /// entry-by-entry Jacobian for small dimensions, blame of the innermost failing part — judges f's derivative of that
    /// order: a rule whose pullback is right but whose pullback's own derivative is wrong fails at order 2.
    /// </para>
    /// <para>
    /// The directions are drawn once per run (from <see cref="OrderCheckResult.Seed"/>), shaped like f's input and output
    /// at the first point of <paramref name="inputs"/> where f is finite, so the inputs must all have that one shape. The
    /// check stops after the first order at which a level fails; <see cref="OrderCheckResult.FailedLevel"/> holds that
    /// level's full result.
    /// </para>
    /// </remarks>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type: <c>double</c>, <c>Vec</c>, tuples, records — any type with a vector space.</typeparam>
    /// <param name="f">The rule or pipeline.</param>
    /// <param name="inputs">The generator of inputs, all of one shape.</param>
    /// <param name="order">The highest order to check, 1 to 3.</param>
    /// <param name="modes">The towers to build above order 1.</param>
    /// <param name="options">Settings for every level's check; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <returns>The result, level by level.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="order"/> is not 1 to 3, or <paramref name="modes"/> is <see cref="DerivativeModes.None"/>.</exception>
    /// <exception cref="NotTwiceDifferentiableException">When a rule inside has no differentiable pullback (reverse) or pushforward (forward) at an order asked for.</exception>
    /// <example><code>
    /// var f = Diff.Create&lt;double, double&gt;("cube", x => x * x * x,
    ///     Diff.Create&lt;(double X, double YBar), double&gt;("cube′", p => 3 * p.X * p.X * p.YBar,
    ///         (p, y, s) => (6 * p.X * p.YBar * s, 3 * p.X * p.X * s), (p, y, d) => (6 * p.X * p.YBar * d.X) + (3 * p.X * p.X * d.YBar)));
    /// OrderCheckResult r = RuleCheck.CheckOrder(f, 0.0, order: 3, modes: DerivativeModes.Reverse);
    /// </code></example>
    public static OrderCheckResult CheckOrder<TIn, TOut>(Diff<TIn, TOut> f, Gen<TIn> inputs, int order, DerivativeModes modes = DerivativeModes.Both, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, OrderCheck.MaxOrder);
        if ((modes & DerivativeModes.Both) == DerivativeModes.None || (modes & ~DerivativeModes.Both) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modes), modes, "Pass DerivativeModes.Forward, Reverse or both.");
        }

        options ??= RuleCheckOptions.Default;
        options.Validate();
        return OrderCheck.Run(f, inputs, order, modes, options);
    }

    /// <summary>
    /// Checks the derivatives of <paramref name="f"/> up to order <paramref name="order"/> at inputs shaped like
    /// <paramref name="like"/>, drawn from f's domain; see <see cref="CheckOrder{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, int, DerivativeModes, RuleCheckOptions?)"/>.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The rule or pipeline.</param>
    /// <param name="like">A value of the input shape (its coordinates are ignored).</param>
    /// <param name="order">The highest order to check, 1 to 3.</param>
    /// <param name="modes">The towers to build above order 1.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <returns>The result, level by level.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="order"/> is not 1 to 3, or <paramref name="modes"/> is <see cref="DerivativeModes.None"/>.</exception>
    /// <exception cref="NotTwiceDifferentiableException">When a rule inside has no differentiable form at an order asked for.</exception>
    public static OrderCheckResult CheckOrder<TIn, TOut>(Diff<TIn, TOut> f, TIn like, int order, DerivativeModes modes = DerivativeModes.Both, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(like);
        return CheckOrder(f, RuleGen.PointLike(like, f.Domain), order, modes, options);
    }

    /// <summary>Runs <see cref="CheckOrder{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, int, DerivativeModes, RuleCheckOptions?)"/> and throws a <see cref="RuleCheckException"/> carrying the report when a level fails.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The rule or pipeline.</param>
    /// <param name="like">A value of the input shape.</param>
    /// <param name="order">The highest order to check, 1 to 3.</param>
    /// <param name="modes">The towers to build above order 1.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <exception cref="RuleCheckException">When a level fails; its message is the report.</exception>
    public static void VerifyOrder<TIn, TOut>(Diff<TIn, TOut> f, TIn like, int order, DerivativeModes modes = DerivativeModes.Both, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        var result = CheckOrder(f, like, order, modes, options);
        if (!result.Passed)
        {
            throw new RuleCheckException(result.Report);
        }
    }
}
