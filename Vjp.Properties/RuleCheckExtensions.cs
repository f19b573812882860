using CsCheck;

namespace Vjp.Properties;

/// <summary>Assertion-style access to <see cref="RuleCheck"/>: <c>myRule.ShouldSatisfyRuleLaws(RuleGen.Scalar());</c>.</summary>
public static class RuleCheckExtensions
{
    /// <summary>Asserts that <paramref name="diff"/> satisfies its rule laws at inputs from <paramref name="inputs"/>; see <see cref="RuleCheck"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="inputs">The generator of inputs.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <exception cref="RuleCheckException">When a law fails; its message is the full report.</exception>
    public static void ShouldSatisfyRuleLaws<TIn, TOut>(this Diff<TIn, TOut> diff, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull => RuleCheck.Verify(diff, inputs, options);

    /// <summary>Asserts that <paramref name="diff"/> satisfies its rule laws at inputs shaped like <paramref name="like"/> in its domain.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="like">A value of the input shape.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    /// <exception cref="RuleCheckException">When a law fails; its message is the full report.</exception>
    public static void ShouldSatisfyRuleLaws<TIn, TOut>(this Diff<TIn, TOut> diff, TIn like, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull => RuleCheck.Verify(diff, like, options);

    /// <summary>The structured result of checking <paramref name="diff"/> at inputs from <paramref name="inputs"/>; see <see cref="RuleCheck.Check{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, RuleCheckOptions?)"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="diff">The rule or pipeline.</param>
    /// <param name="inputs">The generator of inputs.</param>
    /// <param name="options">Settings; <see cref="RuleCheckOptions.Default"/> when null.</param>
    public static RuleCheckResult CheckRuleLaws<TIn, TOut>(this Diff<TIn, TOut> diff, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull => RuleCheck.Check(diff, inputs, options);
}
