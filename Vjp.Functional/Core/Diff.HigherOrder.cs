using Vjp.Functional.Engine;

namespace Vjp.Functional;

public static partial class Diff
{
    /// <summary>
    /// The gradient as a differentiable function, <c>x ↦ ∇f(x)</c>, which can itself be
    /// differentiated: its <see cref="Diff{TIn, TOut}.Jvp"/> is a Hessian–vector product, its
    /// Jacobian the Hessian, its gradients third derivatives.
    /// </summary>
    /// <remarks>
    /// Built by replaying <paramref name="f"/>'s tape with every rule's differentiable pullback, once
    /// per <paramref name="f"/> (cached). Rules without a differentiable pullback (a <c>Diff.Create</c>
    /// rule from plain closures) make this throw <see cref="NotTwiceDifferentiableException"/> here, at
    /// the call, naming the rule.
    /// </remarks>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function.</param>
    /// <returns>The gradient function.</returns>
    /// <exception cref="NotTwiceDifferentiableException">When a rule inside has no differentiable pullback.</exception>
    public static Diff<TIn, TIn> Gradient<TIn>(Diff<TIn, double> f) where TIn : notnull => new(f.CheckedNode().GradientNode);

    /// <summary>The pullback as a differentiable function, <c>(x, ȳ) ↦ ȳᵀ J(x)</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <exception cref="NotTwiceDifferentiableException">When a rule inside has no differentiable pullback.</exception>
    public static Diff<(TIn X, TOut YBar), TIn> PullbackOf<TIn, TOut>(Diff<TIn, TOut> f) where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        var pair = VectorSpace<(TIn, TOut)>.Instance;
        return new(Emitter.Pullback(f.Node, new ProjectNode(pair, 0), new ProjectNode(pair, 1)));
    }

    /// <summary>The pushforward as a differentiable function, <c>(x, ẋ) ↦ J(x) ẋ</c>; its gradient is reverse-over-forward.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <exception cref="NotTwiceDifferentiableException">When a rule inside has no differentiable pushforward.</exception>
    public static Diff<(TIn X, TIn Dx), TOut> PushforwardOf<TIn, TOut>(Diff<TIn, TOut> f) where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        var pair = VectorSpace<(TIn, TIn)>.Instance;
        return new(Emitter.Pushforward(f.Node, new ProjectNode(pair, 0), new ProjectNode(pair, 1)));
    }

    /// <summary>
    /// The Hessian–vector product <c>H(x) v = ∇²f(x) v</c>, forward over reverse: one JVP of the
    /// gradient function, a small constant times the cost of one gradient; no Hessian is formed.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function.</param>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction, shaped like <paramref name="x"/>.</param>
    public static TIn Hvp<TIn>(Diff<TIn, double> f, TIn x, TIn v) where TIn : notnull => Gradient(f).Jvp(x.NotNull(), v.NotNull());

    /// <summary>The Hessian <c>∇²f(x)</c> as an n×n matrix over the flat view, formed column by column from n HVPs.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function.</param>
    /// <param name="x">The point.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the n × n matrix has more elements than an array can hold; the message names n × n and the bytes it would take.</exception>
    public static Mat Hessian<TIn>(Diff<TIn, double> f, TIn x) where TIn : notnull => DiffTransforms.Jacobian(Gradient(f), x.NotNull(), JacobianMode.Columns, "Hessian");

    /// <summary>
    /// The derivative of a closure at a point: <c>d/dv f(v) |_{v = at}</c>, as an expression of the outer
    /// input. The closure may capture other expressions of the outer input; they are held fixed, so
    /// nested derivatives do not confuse perturbations: <c>d/dx [x · d/dy (x + y)] = 1</c>.
    /// </summary>
    /// <typeparam name="X">The outer input type.</typeparam>
    /// <param name="f">The closure, from the variable to a scalar.</param>
    /// <param name="at">Where to take the derivative.</param>
    /// <example>
    /// <code>
    /// var x = Diff.Input&lt;double&gt;();
    /// var g = x * Diff.Derivative(y => x + y, at: x);   // x · 1
    /// double d = g.Gradient(3.0);                         // 1
    /// </code>
    /// </example>
    public static Diff<X, double> Derivative<X>(Func<Diff<X, double>, Diff<X, double>> f, Diff<X, double> at) where X : notnull =>
        GradientAt(f, at);

    /// <summary>The gradient of a closure at a point, <c>∇_v f(v) |_{v = at}</c>, as an expression of the outer input (see <see cref="Derivative{X}"/>).</summary>
    /// <typeparam name="X">The outer input type.</typeparam>
    /// <typeparam name="T">The variable's type.</typeparam>
    /// <param name="f">The closure, from the variable to a scalar.</param>
    /// <param name="at">Where to take the gradient.</param>
    public static Diff<X, T> GradientAt<X, T>(Func<Diff<X, T>, Diff<X, double>> f, Diff<X, T> at) where X : notnull where T : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(at);
        var v = new VarNode(VectorSpace<X>.Instance, VectorSpace<T>.Instance);
        var body = f(new Diff<X, T>(v));
        var pair = VectorSpace<(X, T)>.Instance;
        var bound = new BindNode(v, body.Node, pair);

        // ∇_v of (x, v) ↦ body: the second component of the pullback of the seed 1, at (x, at(x)).
        var xv = new FanoutNode([new IdNode(VectorSpace<X>.Instance), at.Node], pair);
        var pullback = Emitter.Pullback(bound, xv, NodeOps.Const(VectorSpace<X>.Instance, 1.0));
        return new(NodeOps.Project(pullback, 1));
    }

    /// <summary>
    /// A user-written rule whose pullback (and optionally pushforward) are themselves differentiable
    /// functions, so that derivatives of derivatives pass through it.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="name">The rule's name.</param>
    /// <param name="forward">The function <c>x ↦ y</c>.</param>
    /// <param name="pullback">The pullback <c>(x, ȳ) ↦ x̄</c> as a differentiable function.</param>
    /// <param name="pushforward">The pushforward <c>(x, ẋ) ↦ ẏ</c> as a differentiable function, or null (then JVPs go through pullbacks).</param>
    /// <param name="domain">Where the rule is differentiable, elementwise; all reals when null. Property checks draw their inputs from it.</param>
    /// <returns>The rule.</returns>
    public static Diff<TIn, TOut> Create<TIn, TOut>(
        string name,
        Func<TIn, TOut> forward,
        Diff<(TIn X, TOut YBar), TIn> pullback,
        Diff<(TIn X, TIn Dx), TOut>? pushforward = null,
        Domain? domain = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(pullback);
        return new(new RuleNode(new TypedRule<TIn, TOut>(
            name, DiffKind.Rule, domain ?? Domain.All,
            x => (UserCode.Forward(name, forward, x), null),
            (x, y, r, yBar) => pullback.Invoke((x, yBar)),
            pushforward is null ? null : (x, y, r, dx) => pushforward.Invoke((x, dx)),
            pullbackNode: () => pullback.Node,
            pushforwardNode: pushforward is null ? null : () => pushforward.Node)));
    }
}
