using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// Building differentiable functions: inputs, constants, user-written rules, composition and
/// fan-out; and the transforms as free functions.
/// </summary>
public static partial class Diff
{
    /// <summary>
    /// The input of an expression: the identity on <typeparamref name="T"/>, to build functions in
    /// the maths' own notation, e.g. <c>var x = Diff.Input&lt;Vec&gt;(); var f = Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]));</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A function has one input, and every call of <c>Input</c> is that same input: two calls are one
    /// variable, not two. After <c>var x = Diff.Input&lt;double&gt;(); var y = Diff.Input&lt;double&gt;();</c>,
    /// <c>x * y</c> is x² (and prints <c>x * x</c>).
    /// </para>
    /// <para>
    /// For several variables, take one input of a tuple (or record) type and deconstruct it:
    /// <c>var (x1, x2) = Diff.Input&lt;(double, double)&gt;();</c> gives two expressions of the pair
    /// <c>(x₁, x₂)</c>, and <c>x1 * x2</c> is their product. Deconstruction works for tuples of two to
    /// seven components; a record's members are read with <c>p.Get(m =&gt; m.W1)</c>.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">The input type; must be differentiable.</typeparam>
    /// <returns>The identity function.</returns>
    /// <exception cref="MissingVectorSpaceException">When <typeparamref name="T"/> is not differentiable.</exception>
    public static Diff<T, T> Input<T>() where T : notnull => new(new IdNode(VectorSpace<T>.Instance));

    /// <summary>The identity, <c>x ↦ x</c>; pullback and pushforward are the identity.</summary>
    /// <typeparam name="T">The type.</typeparam>
    public static Diff<T, T> Id<T>() where T : notnull => Input<T>();

    /// <summary>The constant function <c>x ↦ value</c>; its pullback is zero and its pushforward is zero.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="value">The constant.</param>
    public static Diff<TIn, TOut> Const<TIn, TOut>(TOut value) where TIn : notnull where TOut : notnull =>
        new(new ConstNode(VectorSpace<TIn>.Instance, VectorSpace<TOut>.Instance, value.NotNull()));

    /// <summary><paramref name="outer"/> after <paramref name="inner"/>: <c>x ↦ outer(inner(x))</c>. The pullback runs <paramref name="outer"/>'s first.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TMid">The intermediate type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="outer">Applied second.</param>
    /// <param name="inner">Applied first.</param>
    public static Diff<TIn, TOut> Compose<TIn, TMid, TOut>(Diff<TMid, TOut> outer, Diff<TIn, TMid> inner)
        where TIn : notnull where TMid : notnull where TOut : notnull => inner.NotNull().Then(outer.NotNull());

    /// <summary>
    /// A user-written rule from a forward function, its pullback <c>(x, y, ȳ) ↦ x̄</c> and, optionally,
    /// its pushforward <c>(x, y, ẋ) ↦ ẏ</c>.
    /// </summary>
    /// <remarks>
    /// Without a pushforward, <see cref="Diff{TIn, TOut}.Jvp"/> is still exact: it materialises this
    /// rule's Jacobian with one pullback per output coordinate (cost m pullbacks for an m-dimensional
    /// output), so give a pushforward when forward mode matters. Check a rule with Vjp.Properties
    /// before trusting it. A rule made from plain closures is differentiable once; its pullback is not
    /// itself differentiated.
    /// What the rule's forward, pullback or pushforward throw surfaces from evaluation as a
    /// <see cref="RuleException"/> naming the rule's path, the phase and the shapes of the arguments, with
    /// the original exception as its inner exception (an <see cref="OperationCanceledException"/> passes
    /// through as itself). A forward that returns null throws <see cref="InvalidOperationException"/> naming the rule.
    /// </remarks>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="name">The rule's name, shown in pipelines, errors and property-check reports.</param>
    /// <param name="forward">The function <c>x ↦ y</c>.</param>
    /// <param name="pullback">The pullback <c>(x, y, ȳ) ↦ x̄ = ȳᵀ J(x)</c>; must return a value shaped like <c>x</c>.</param>
    /// <param name="pushforward">The pushforward <c>(x, y, ẋ) ↦ ẏ = J(x) ẋ</c>, or null.</param>
    /// <param name="domain">Where the rule is differentiable, elementwise (an open interval less its kinks); all reals when null. Property checks draw their inputs from it; evaluation outside it is not checked.</param>
    /// <returns>The rule as a <see cref="Diff{TIn, TOut}"/>.</returns>
    /// <example>
    /// <code>
    /// var cube = Diff.Create&lt;double, double&gt;("cube", x => x * x * x,
    ///     pullback: (x, y, yBar) => 3 * x * x * yBar,
    ///     pushforward: (x, y, dx) => 3 * x * x * dx);
    /// </code>
    /// </example>
    public static Diff<TIn, TOut> Create<TIn, TOut>(
        string name,
        Func<TIn, TOut> forward,
        Func<TIn, TOut, TOut, TIn> pullback,
        Func<TIn, TOut, TIn, TOut>? pushforward = null,
        Domain? domain = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(pullback);
        return new(new RuleNode(new TypedRule<TIn, TOut>(
            name, DiffKind.Rule, domain ?? Domain.All,
            x => (UserCode.Forward(name, forward, x), null),
            (x, y, r, yBar) => UserCode.Linear(name, RulePhase.Pullback, pullback, x, y, yBar),
            pushforward is null ? null : (x, y, r, dx) => UserCode.Linear(name, RulePhase.Pushforward, pushforward, x, y, dx))
        {
            User = new(forward, pullback, pushforward),
        }));
    }

    /// <summary>
    /// A user-written rule whose forward pass saves residuals <typeparamref name="TRes"/> for its
    /// pullback <c>(r, ȳ) ↦ x̄</c> and optional pushforward <c>(r, ẋ) ↦ ẏ</c>.
    /// </summary>
    /// <remarks>See <see cref="Create{TIn, TOut}(string, Func{TIn, TOut}, Func{TIn, TOut, TOut, TIn}, Func{TIn, TOut, TIn, TOut}, Domain)"/> for JVPs of rules without a pushforward.</remarks>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <typeparam name="TRes">The residuals the forward pass saves.</typeparam>
    /// <param name="name">The rule's name.</param>
    /// <param name="forward">The function with its residuals, <c>x ↦ (y, r)</c>.</param>
    /// <param name="pullback">The pullback from the residuals, <c>(r, ȳ) ↦ x̄</c>.</param>
    /// <param name="pushforward">The pushforward from the residuals, <c>(r, ẋ) ↦ ẏ</c>, or null.</param>
    /// <param name="domain">Where the rule is differentiable, elementwise; all reals when null. Property checks draw their inputs from it.</param>
    /// <returns>The rule.</returns>
    public static Diff<TIn, TOut> Create<TIn, TOut, TRes>(
        string name,
        Func<TIn, (TOut Value, TRes Residuals)> forward,
        Func<TRes, TOut, TIn> pullback,
        Func<TRes, TIn, TOut>? pushforward = null,
        Domain? domain = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(pullback);
        return new(new RuleNode(new TypedRule<TIn, TOut>(
            name, DiffKind.Rule, domain ?? Domain.All,
            x =>
            {
                var (y, r) = UserCode.Forward(name, forward, x);
                return (y, r);
            },
            (x, y, r, yBar) => UserCode.FromResiduals(name, RulePhase.Pullback, pullback, (TRes)r!, yBar),
            pushforward is null ? null : (x, y, r, dx) => UserCode.FromResiduals(name, RulePhase.Pushforward, pushforward, (TRes)r!, dx))));
    }

    /// <summary>Both from one input: <c>x ↦ (f(x), g(x))</c>. The pullback sums the two branches' cotangents.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TA">The first output type.</typeparam>
    /// <typeparam name="TB">The second output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    public static Diff<TIn, (TA, TB)> Fanout<TIn, TA, TB>(Diff<TIn, TA> f, Diff<TIn, TB> g)
        where TIn : notnull where TA : notnull where TB : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode()], VectorSpace<(TA, TB)>.Instance));

    /// <summary>Three from one input: <c>x ↦ (f(x), g(x), h(x))</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TA">The first output type.</typeparam>
    /// <typeparam name="TB">The second output type.</typeparam>
    /// <typeparam name="TC">The third output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    public static Diff<TIn, (TA, TB, TC)> Fanout<TIn, TA, TB, TC>(Diff<TIn, TA> f, Diff<TIn, TB> g, Diff<TIn, TC> h)
        where TIn : notnull where TA : notnull where TB : notnull where TC : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode(), h.CheckedNode()], VectorSpace<(TA, TB, TC)>.Instance));

    /// <summary>Four from one input: <c>x ↦ (f(x), g(x), h(x), k(x))</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TA">The first output type.</typeparam>
    /// <typeparam name="TB">The second output type.</typeparam>
    /// <typeparam name="TC">The third output type.</typeparam>
    /// <typeparam name="TD">The fourth output type.</typeparam>
    /// <param name="f">The first branch.</param>
    /// <param name="g">The second branch.</param>
    /// <param name="h">The third branch.</param>
    /// <param name="k">The fourth branch.</param>
    public static Diff<TIn, (TA, TB, TC, TD)> Fanout<TIn, TA, TB, TC, TD>(Diff<TIn, TA> f, Diff<TIn, TB> g, Diff<TIn, TC> h, Diff<TIn, TD> k)
        where TIn : notnull where TA : notnull where TB : notnull where TC : notnull where TD : notnull =>
        new(new FanoutNode([f.CheckedNode(), g.CheckedNode(), h.CheckedNode(), k.CheckedNode()], VectorSpace<(TA, TB, TC, TD)>.Instance));

    /// <summary>The first component, <c>(a, b) ↦ a</c>; pullback ā ↦ (ā, 0).</summary>
    /// <typeparam name="TA">The first component type.</typeparam>
    /// <typeparam name="TB">The second component type.</typeparam>
    public static Diff<(TA, TB), TA> Fst<TA, TB>() where TA : notnull where TB : notnull =>
        new(new ProjectNode(VectorSpace<(TA, TB)>.Instance, 0));

    /// <summary>The second component, <c>(a, b) ↦ b</c>; pullback b̄ ↦ (0, b̄).</summary>
    /// <typeparam name="TA">The first component type.</typeparam>
    /// <typeparam name="TB">The second component type.</typeparam>
    public static Diff<(TA, TB), TB> Snd<TA, TB>() where TA : notnull where TB : notnull =>
        new(new ProjectNode(VectorSpace<(TA, TB)>.Instance, 1));

    /// <summary>Stacks scalar functions into a vector function: <c>x ↦ [f₁(x), …, fₙ(x)]</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="parts">The components, at least one.</param>
    /// <returns>The vector-valued function; its pullback sends ȳᵢ to the i-th part.</returns>
    public static Diff<TIn, Vec> Vector<TIn>(params Diff<TIn, double>[] parts) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Diff.Vector needs at least one component.", nameof(parts));
        }

        return new(new NaryNode(new VecPrimitives.StackRule(parts.Length), [.. parts.Select(p => p.CheckedNode(nameof(parts)))]));
    }

    /// <summary>Concatenates vector functions: <c>x ↦ [f₁(x); …; fₙ(x)]</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="parts">The parts, at least one.</param>
    public static Diff<TIn, Vec> Concat<TIn>(params Diff<TIn, Vec>[] parts) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Diff.Concat needs at least one part.", nameof(parts));
        }

        return new(new NaryNode(new VecPrimitives.ConcatRule(parts.Length), [.. parts.Select(p => p.CheckedNode(nameof(parts)))]));
    }

    // Transforms as free functions ------------------------------------------------------------

    /// <summary>The gradient <c>∇f(x)</c> of a scalar function: one pullback of the seed 1.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static TIn Gradient<TIn>(Diff<TIn, double> f, TIn x) where TIn : notnull => f.NotNull().Gradient(x);

    /// <summary>The value <c>f(x)</c> and gradient <c>∇f(x)</c> from one forward and one backward sweep.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static (double Value, TIn Gradient) ValueAndGradient<TIn>(Diff<TIn, double> f, TIn x) where TIn : notnull => f.NotNull().ValueAndGradient(x);

    /// <summary>The vector–Jacobian product <c>ȳᵀ J(x)</c>; see <see cref="Diff{TIn, TOut}.Vjp"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="yBar">The output cotangent.</param>
    public static TIn Vjp<TIn, TOut>(Diff<TIn, TOut> f, TIn x, TOut yBar) where TIn : notnull where TOut : notnull => f.NotNull().Vjp(x, yBar);

    /// <summary>The Jacobian–vector product <c>J(x) ẋ</c>; see <see cref="Diff{TIn, TOut}.Jvp"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="dx">The input tangent.</param>
    public static TOut Jvp<TIn, TOut>(Diff<TIn, TOut> f, TIn x, TIn dx) where TIn : notnull where TOut : notnull => f.NotNull().Jvp(x, dx);

    /// <summary>The Jacobian as an m×n matrix over the flat views; see <see cref="DiffTransforms.Jacobian{TIn, TOut}(Diff{TIn, TOut}, TIn, JacobianMode)"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Rows by VJPs, columns by JVPs, or the cheaper side.</param>
    public static Mat Jacobian<TIn, TOut>(Diff<TIn, TOut> f, TIn x, JacobianMode mode = JacobianMode.Auto)
        where TIn : notnull where TOut : notnull => f.NotNull().Jacobian(x, mode);
}
