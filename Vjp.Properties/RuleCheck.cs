using CsCheck;
using Vjp.Properties.Checks;

namespace Vjp.Properties;

/// <summary>
/// Property checks of differentiation rules: one call checks a <see cref="Diff{TIn, TOut}"/> — a user's
/// <c>Diff.Create</c> rule, a primitive, or a whole pipeline — over generated inputs.
/// </summary>
/// <remarks>
/// <para>At every sample, with random tangents ẋ and cotangents ȳ, it checks:</para>
/// <list type="number">
/// <item>primal: the value returned with the pullback (and pushforward) equals <c>Invoke(x)</c>;</item>
/// <item>the pushforward against central finite differences, Richardson-extrapolated, with a step scaled to x, and
/// a tolerance whose absolute part is scaled to the size of f's derivatives and rounding at x (so a rule whose
/// derivatives are 10⁻¹² is judged relatively too); a
/// disagreement (here and in the Taylor order below) is reported only when a second run, on steps that resolve f
/// at the slope the rule claims, confirms it, so a function varying far below the first step is not a false alarm;</item>
/// <item>the pullback against the pushforward by the adjoint identity <c>⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩</c> over several
/// random pairs, and against finite differences through <c>⟨ȳ, ·⟩</c> (the only numerical check of a rule that
/// declares no pushforward);</item>
/// <item>linearity of the pullback and the pushforward (additivity, homogeneity on a random scalar and on −1, 2¹⁰,
/// 2⁻¹⁰, powers of two so that a linear map scales bit for bit; zero maps to zero), allowing the map's own measured rounding where its result cancels (as the adjoint
/// identity does); a map that is not linear is reported as such first, its other failures as consequences;</item>
/// <item>determinism: two calls with the same argument agree bit for bit;</item>
/// <item>aliasing and mutation: a result keeps its values when the rule is called again, and the rule never writes
/// into x, y, ȳ or ẋ (the report shows the arguments first passed in);</item>
/// <item>concurrency: threads calling the rule at once, each on its own ȳ and ẋ, get the serial results bit for
/// bit (<see cref="RuleCheckOptions.ConcurrencyThreads"/>; a race may go unobserved, a correct rule never fails);</item>
/// <item>cost: the pullback/forward and pushforward/forward time ratios, reported in the result and judged only
/// when <see cref="RuleCheckOptions.MaxCostRatio"/> is set;</item>
/// <item>for a composition or fan-out, the chain rule: its pullback equals its parts' pullbacks applied in
/// reverse (summed), and its pushforward theirs applied in order;</item>
/// <item>the Taylor remainder <c>‖f(x + h·ẋ) − f(x) − h·J·ẋ‖</c> shrinks like h² (observed order ≈ 2), a verdict
/// that needs no step size and no tolerance;</item>
/// <item>structure: the cotangent is shaped like the input and the tangent like the output (reported as such,
/// not as a numerical failure).</item>
/// </list>
/// <para>
/// On failure, the input is shrunk (CsCheck sizes) to a small counterexample, a composition is walked to find
/// the innermost part whose own rule fails, and the report names the rule and its path, the input, tangent and
/// cotangent, both sides of the failing identity, absolute and relative error, the tolerance, the observed
/// Taylor order and the seed that replays it.
/// </para>
/// </remarks>
/// <example><code>
/// var softsign = Diff.Create&lt;double, double&gt;("softsign",
///     forward: x => x / (1 + Math.Abs(x)),
///     pullback: (x, y, yBar) => yBar / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))));
/// RuleCheck.Verify(softsign, RuleGen.Scalar());           // throws RuleCheckException with a report on failure
/// RuleCheckResult r = RuleCheck.Check(softsign, RuleGen.Scalar());
/// </code></example>
public static partial class RuleCheck
{
    /// <summary>Checks the laws of <paramref name="diff"/> at inputs from <paramref name="inputs"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="inputs">The generator of inputs (see <see cref="RuleGen"/>, or any CsCheck generator).</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <returns>The result; <see cref="RuleCheckResult.Passed"/> says whether every law held.</returns>
    public static RuleCheckResult Check<TIn, TOut>(Diff<TIn, TOut> diff, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= RuleCheckOptions.Default;
        options.Validate();
        var root = Structure.Root(diff);
        
        // The untyped node itself (which the Diff's IDiff view delegates to), so blame can see the rule inside a loop or map.
        return Runner.Run(diff.Node, inputs, Probe.Typed(diff, options, root), options, Describe(diff), root);
    }

    /// <summary>
    /// Checks the laws of <paramref name="diff"/> at inputs shaped like <paramref name="like"/>, every coordinate
    /// drawn from the rule's own <see cref="IDiff.Domain"/> (declared with <c>Diff.Create(…, domain)</c> or by a primitive), over six decades, with round numbers and points beside its ends and kinks (see <see cref="RuleGen"/>).
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="like">A value of the input shape (its coordinates are ignored).</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <returns>The result.</returns>
    public static RuleCheckResult Check<TIn, TOut>(Diff<TIn, TOut> diff, TIn like, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(like);
        return Check(diff, RuleGen.PointLike(like, diff.Domain), options);
    }

    /// <summary>Checks the laws of <paramref name="diff"/> at the one input <paramref name="x"/>, with <see cref="RuleCheckOptions.Samples"/> random tangent and cotangent draws.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="x">The input.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <returns>The result.</returns>
    public static RuleCheckResult CheckAt<TIn, TOut>(Diff<TIn, TOut> diff, TIn x, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull =>
        Check(diff, Gen.Const(Argument.NotNull(x)), options);

    /// <summary>Checks the laws of <paramref name="diff"/> at inputs from <paramref name="inputs"/>, and throws a <see cref="RuleCheckException"/> carrying the report when one fails.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="inputs">The generator of inputs.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <exception cref="RuleCheckException">When a law fails; its message is the full report.</exception>
    public static void Verify<TIn, TOut>(Diff<TIn, TOut> diff, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull => ThrowIfFailed(Check(diff, inputs, options));

    /// <summary>Checks the laws of <paramref name="diff"/> at inputs shaped like <paramref name="like"/> in its domain, and throws a <see cref="RuleCheckException"/> when one fails.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="like">A value of the input shape.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <exception cref="RuleCheckException">When a law fails; its message is the full report.</exception>
    public static void Verify<TIn, TOut>(Diff<TIn, TOut> diff, TIn like, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull => ThrowIfFailed(Check(diff, like, options));

    private static void ThrowIfFailed(RuleCheckResult result)
    {
        if (!result.Passed)
        {
            throw new RuleCheckException(result);
        }
    }

    private static string Describe<TIn, TOut>(Diff<TIn, TOut> diff) where TIn : notnull where TOut : notnull => Structure.Describe(diff);
}
