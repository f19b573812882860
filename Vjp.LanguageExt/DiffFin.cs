using LanguageExt;
using LanguageExt.Common;
using Vjp.Combinators;
using Vjp.Functional;
using static LanguageExt.Prelude;

namespace Vjp.LanguageExt;

/// <summary>
/// <c>Try…</c> variants of evaluation for functional codebases: each returns a <see cref="Fin{A}"/>,
/// with the failures Vjp reports by exception as values instead — shapes that do not match where a
/// composition meets its input (<see cref="ShapeException"/>, whose message names the rule's path and
/// both shapes), arguments outside what a rule accepts, types that are not differentiable, and
/// iterations that do not converge (<see cref="ConvergenceException"/>). Other exceptions (bugs) still throw,
/// among them a <see cref="RuleException"/>: what the code of a user's rule throws is a bug in that rule, so the
/// <c>Try…</c> functions do not catch it, and it arrives with the rule's path, phase and argument shapes. A null
/// argument throws <see cref="ArgumentNullException"/> at the call, before anything is caught.
/// </summary>
/// <example>
/// <code>
/// Fin&lt;Vec&gt; y = Layers.Dense(w, b).TryInvoke(x);   // for w 2×3 and x of length 4: Fail("Mat.MatVec: (2×3) · vector of length 4 …")
/// </code>
/// </example>
public static class DiffFin
{
    private static Fin<T> Try<T>(Func<T> f)
    {
        try
        {
            return FinSucc(f());
        }
        catch (Exception e) when (e is ArgumentException or ConvergenceException or MissingVectorSpaceException)
        {
            return FinFail<T>(Error.New(e));
        }
    }

    /// <summary>The value <c>f(x)</c>, or the failure.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static Fin<TOut> TryInvoke<TIn, TOut>(this Diff<TIn, TOut> f, TIn x) where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return Try(() => f.Invoke(x));
    }

    /// <summary>The vector–Jacobian product <c>ȳᵀ J(x)</c>, or the failure.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="yBar">The output cotangent.</param>
    public static Fin<TIn> TryVjp<TIn, TOut>(this Diff<TIn, TOut> f, TIn x, TOut yBar) where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(yBar);
        return Try(() => f.Vjp(x, yBar));
    }

    /// <summary>The Jacobian–vector product <c>J(x) ẋ</c>, or the failure.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="dx">The input tangent.</param>
    public static Fin<TOut> TryJvp<TIn, TOut>(this Diff<TIn, TOut> f, TIn x, TIn dx) where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dx);
        return Try(() => f.Jvp(x, dx));
    }

    /// <summary>The value and the pullback at <c>x</c>, or the failure of the forward pass.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static Fin<(TOut Value, Pullback<TIn, TOut> Pullback)> TryValueWithPullback<TIn, TOut>(this Diff<TIn, TOut> f, TIn x)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return Try(() => f.ValueWithPullback(x));
    }

    /// <summary>The gradient <c>∇f(x)</c> of a scalar function, or the failure.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static Fin<TIn> TryGradient<TIn>(this Diff<TIn, double> f, TIn x) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return Try(() => f.Gradient(x));
    }

    /// <summary>The value and gradient of a scalar function, or the failure.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static Fin<(double Value, TIn Gradient)> TryValueAndGradient<TIn>(this Diff<TIn, double> f, TIn x) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return Try(() => f.ValueAndGradient(x));
    }

    /// <summary>
    /// The fixed point <c>x* = g(θ, x*)</c> at <paramref name="theta"/>, or a failure naming the function, the
    /// iteration count and the last residual when the iteration does not converge. See
    /// <see cref="Control.FixedPoint{P, X}"/>; to differentiate, use that with <see cref="TryGradient{TIn}"/> or
    /// <see cref="TryValueWithPullback{TIn, TOut}"/>.
    /// </summary>
    /// <typeparam name="P">The parameters θ.</typeparam>
    /// <typeparam name="X">The unknown x.</typeparam>
    /// <param name="g">The map <c>(θ, x) ↦ g(θ, x)</c>.</param>
    /// <param name="theta">The parameters.</param>
    /// <param name="initial">The starting guess.</param>
    /// <param name="tolerance">The relative tolerance; null (the default) iterates to rounding level.</param>
    /// <param name="maxIterations">The most iterations.</param>
    public static Fin<X> TryFixedPoint<P, X>(this Diff<(P, X), X> g, P theta, X initial, double? tolerance = null, int maxIterations = 10_000)
        where P : notnull where X : notnull
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(initial);
        return Try(() => Control.FixedPoint(g, initial, tolerance, maxIterations).Invoke(theta));
    }

    /// <summary>
    /// <see cref="Optimizer.Minimize{P}(IOptimizer, Diff{P, double}, P, int)"/> as a value: the final parameters and loss, or the failure — a
    /// <see cref="NonFiniteException"/> naming the step at which the loss, the gradient or the parameters were not
    /// finite, or an iteration inside the loss that did not converge (<see cref="ConvergenceException"/>).
    /// Other exceptions (bugs) still throw; a null argument throws <see cref="ArgumentNullException"/> at the call.
    /// </summary>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">The loss as a function of the parameters.</param>
    /// <param name="initial">The starting parameters.</param>
    /// <param name="steps">The number of steps, at least zero.</param>
    /// <returns><c>Succ((parameters, loss))</c>, or <c>Fail</c> with the error.</returns>
    /// <example>
    /// <code>
    /// Fin&lt;(double Parameters, double Loss)&gt; run = new Sgd(2).TryMinimize(Sqrt(x), 1.0, steps: 10);   // Fail: at step 2, the gradient is infinite
    /// </code>
    /// </example>
    public static Fin<(P Parameters, double Loss)> TryMinimize<P>(this IOptimizer optimizer, Diff<P, double> loss, P initial, int steps) where P : notnull
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(initial);
        try
        {
            return FinSucc(optimizer.Minimize(loss, initial, steps));
        }
        catch (Exception e) when (e is NonFiniteException or ConvergenceException)
        {
            return FinFail<(P, double)>(Error.New(e));
        }
    }
}
