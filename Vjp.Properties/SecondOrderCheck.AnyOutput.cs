using CsCheck;
using Vjp.Properties.Checks;

namespace Vjp.Properties;

public static partial class SecondOrderCheck
{
    /// <summary>
    /// Runs the second-order checks on a function of any output type (<c>Vec</c>, tuples, records): f is contracted
    /// with a cotangent ȳ sampled from the run's seed, shaped like f's value at the first input drawn, and the
    /// scalar checks run on <c>x ↦ ⟨ȳ, f(x)⟩</c>, whose Hessian is <c>Σⱼ ȳⱼ ∇²fⱼ(x)</c>.
    /// </summary>
    /// <remarks>
    /// One ȳ per run: a wrong second-order rule is caught for almost every ȳ, and the seed replays the same one. The
    /// inputs must all have the shape of the first. For orders above 2, and for forward mode, see
    /// <see cref="RuleCheck.CheckOrder{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, int, DerivativeModes, RuleCheckOptions?)"/>.
    /// </remarks>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">A function built from twice-differentiable rules.</param>
    /// <param name="inputs">The points to check at, all of one shape.</param>
    /// <param name="options">Samples, seed and tolerances; <see cref="RuleCheckOptions.Samples"/> defaults to 100.</param>
    /// <returns>The result of the checks of the contraction (named <c>⟨ȳ, f⟩</c>).</returns>
    /// <exception cref="Vjp.Functional.NotTwiceDifferentiableException">When a rule inside has no differentiable pullback.</exception>
    public static SecondOrderResult Check<TIn, TOut>(Diff<TIn, TOut> f, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? new RuleCheckOptions();
        var pcg = Seeds.For(o.Seed, "second order, contracted: " + f.Name);
        var seed = pcg.ToString(pcg.State);
        var (_, y) = Contraction.FinitePoint(f, inputs, pcg);
        var contracted = Contraction.Inner(f, Contraction.Direction(y, pcg)).Named($"⟨ȳ, {f.Name}⟩");
        return Check(contracted, inputs, o with { Seed = seed });
    }

    /// <summary>Runs the second-order checks of <see cref="Check{TIn, TOut}(Diff{TIn, TOut}, Gen{TIn}, RuleCheckOptions?)"/> and throws <see cref="RuleCheckException"/> with the report when one fails.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">A function built from twice-differentiable rules.</param>
    /// <param name="inputs">The points to check at.</param>
    /// <param name="options">Samples, seed and tolerances.</param>
    /// <exception cref="RuleCheckException">When a check fails.</exception>
    public static void Verify<TIn, TOut>(Diff<TIn, TOut> f, Gen<TIn> inputs, RuleCheckOptions? options = null)
        where TIn : notnull where TOut : notnull
    {
        var result = Check(f, inputs, options);
        if (!result.Passed)
        {
            throw new RuleCheckException(result.Report);
        }
    }
}
