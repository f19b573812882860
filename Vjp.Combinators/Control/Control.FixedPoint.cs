using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// The fixed point <c>x*(θ) = g(θ, x*)</c>, found by iteration and differentiated implicitly: by the
/// implicit function theorem, <c>∂x*/∂θ = (I − ∂g/∂x)⁻¹ ∂g/∂θ</c> at the solution, so the pullback solves
/// the adjoint equation <c>λ = x̄ + (∂g/∂x)ᵀ λ</c> by iterating VJPs of <c>g</c> and returns
/// <c>θ̄ = (∂g/∂θ)ᵀ λ</c>, and the pushforward solves <c>ẋ = (∂g/∂θ) θ̇ + (∂g/∂x) ẋ</c> by iterating JVPs.
/// The forward iterations are never differentiated through: the residuals are one trace of <c>g</c> at
/// the solution.
/// </summary>
internal sealed class FixedPointRule<P, X>(Diff<(P, X), X> g, X initial, double? tolerance, int maxIterations)
    : Rule($"fixedpoint[{Names.Of(g.Node)}]", VectorSpace<P>.Instance, VectorSpace<X>.Instance)
    where P : notnull
    where X : notnull
{
    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override bool HasPushforward => g.HasPushforward;

    public override IReadOnlyList<Node> Children => [g.Node];

    /// <summary>A residual of a few ulps, <c>4ε·(1 + ‖x‖)</c>: as close to a fixed point as doubles get.</summary>
    internal const double Ulps = 4 * 2.220446049250313e-16;   // 4ε; .NET's double.Epsilon is the least subnormal, not ε

    /// <summary>
    /// The residual below which the default stopping rule accepts an iteration that no longer improves,
    /// <c>10⁻¹²·(1 + ‖x‖)</c> (the tolerance the default used to stop at).
    /// </summary>
    internal const double Stagnation = 1e-12;

    /// <summary>
    /// Iterates <paramref name="next"/> from <paramref name="start"/>. With an explicit tolerance it stops once
    /// <c>‖xₖ₊₁ − xₖ‖ ≤ tolerance·(1 + ‖xₖ₊₁‖)</c>; by default once the change is a few ulps, or once it no longer
    /// decreases after falling below <see cref="Stagnation"/>. A non-finite start, iterate or residual (the norm
    /// of an iterate beyond 10¹⁵⁴ overflows) is a divergence and throws at once.
    /// </summary>
    private T Solve<T>(T start, Func<T, T> next, string phase, string startName) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var x = start;
        if (!double.IsFinite(space.Norm(x)))
        {
            throw ConvergenceException.NotFinite(Name, phase, 0, double.NaN, $"the start {startName} is {Describe(space, x)}");
        }

        var accept = tolerance ?? Stagnation;
        var residual = double.PositiveInfinity;
        var lastFinite = double.NaN;
        var withinStagnation = false;
        for (var k = 1; k <= maxIterations; k++)
        {
            var xNext = next(x);
            var previous = residual;
            residual = space.Norm(space.Subtract(xNext, x));
            var size = space.Norm(xNext);
            if (!double.IsFinite(residual) || !double.IsFinite(size))
            {
                throw ConvergenceException.NotFinite(Name, phase, k, lastFinite, $"the iterate is {Describe(space, xNext)}");
            }

            lastFinite = residual;
            x = xNext;
            var scale = 1 + size;
            if (tolerance is { } tol ? residual <= tol * scale : residual <= Ulps * scale || (residual <= Stagnation * scale && residual >= previous))
            {
                return x;
            }

            withinStagnation = residual <= accept * scale;
        }

        // The default rule also accepts a last iterate within Stagnation that was still (slowly) improving.
        return tolerance is null && withinStagnation ? x : throw new ConvergenceException(Name, phase, maxIterations, residual, accept);
    }

    /// <summary>How a non-finite value reads in a message: NaN, ∞, or finite entries whose norm overflows.</summary>
    private static string Describe<T>(VectorSpace<T> space, T x) where T : notnull
    {
        var flat = space.ToArray(x);
        return flat.Any(double.IsNaN) ? "NaN"
            : flat.Any(double.IsInfinity) ? "infinite"
            : FormattableString.Invariant($"so large that its norm overflows (largest entry {flat.Max(Math.Abs):G4})");
    }

    public X Solve(P theta)
    {
        var tape = g.Node.Tape;
        return Solve(initial, x => (X)tape.Run((theta, x)), "forward iteration x ← g(θ, x)", "x₀ (the initial guess)");
    }

    public override object Run(object x) => Solve((P)x);

    public override object Forward(object x, out object? r)
    {
        var theta = (P)x;
        var xStar = Solve(theta);
        r = g.Node.Tape.Record((theta, xStar));
        return xStar;
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var trace = (Trace)r!;
        var tape = g.Node.Tape;
        var xBar = (X)yBar;
        var space = VectorSpace<X>.Instance;
        var lambda = Solve(xBar, l => space.Add(xBar, (((P, X))tape.Pullback(trace, l)).Item2), "adjoint iteration λ ← x̄ + (∂g/∂x)ᵀλ", "λ₀ = x̄ (the cotangent fed to the pullback)");
        return (((P, X))tape.Pullback(trace, lambda)).Item1;
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var trace = (Trace)r!;
        var tape = g.Node.Tape;
        var dTheta = (P)dx;
        var xStar = (X)y;
        var space = VectorSpace<X>.Instance;
        if (!double.IsFinite(VectorSpace<P>.Instance.Norm(dTheta)))
        {
            throw ConvergenceException.NotFinite(Name, "tangent iteration ẋ ← (∂g/∂θ)θ̇ + (∂g/∂x)ẋ", 0, double.NaN, $"the tangent θ̇ fed to the pushforward is {Describe(VectorSpace<P>.Instance, dTheta)}");
        }

        return Solve(space.Zero(xStar), dX => (X)tape.Pushforward(trace, (dTheta, dX)), "tangent iteration ẋ ← (∂g/∂θ)θ̇ + (∂g/∂x)ẋ", "ẋ₀ = 0");
    }

    /// <summary>
    /// (θ, x̄) ↦ θ̄ as a differentiable function: λ = fixedpoint(λ ↦ x̄ + (∂g/∂x)ᵀλ) at x* = fixedpoint(θ), then
    /// θ̄ = (∂g/∂θ)ᵀλ — itself a fixed point of VJPs of g, so implicit differentiation nests.
    /// </summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = VectorSpace<(P, X)>.Instance;
            var theta = new ProjectNode(pair, 0);
            var xBar = new ProjectNode(pair, 1);
            var xStar = NodeOps.Then(theta, new RuleNode(this));
            var pullback = Diff.PullbackOf(g).Node;                         // ((θ, x), λ) ↦ (θ̄, x̄)
            var hIn = VectorSpace<((P, X, X), X)>.Instance;
            var q = new ProjectNode(hIn, 0);
            var lambda = new ProjectNode(hIn, 1);
            var atQ = new FanoutNode([NodeOps.Project(q, 0), NodeOps.Project(q, 1)], pair);
            var h = NodeOps.Apply2(
                new SpaceAddRule(Out),
                NodeOps.Project(q, 2),
                NodeOps.Project(NodeOps.Then(new FanoutNode([atQ, lambda], VectorSpace<((P, X), X)>.Instance), pullback), 1));
            var adjoint = new FixedPointRule<(P, X, X), X>(new Diff<((P, X, X), X), X>(h), VectorSpace<X>.Instance.Zero(initial), tolerance, maxIterations);
            var solved = NodeOps.Then(new FanoutNode([theta, xStar, xBar], VectorSpace<(P, X, X)>.Instance), new RuleNode(adjoint));
            var at = new FanoutNode([theta, xStar], pair);
            return NodeOps.Project(NodeOps.Then(new FanoutNode([at, solved], VectorSpace<((P, X), X)>.Instance), pullback), 0);
        }
    }

    /// <summary>(θ, θ̇) ↦ ẋ = fixedpoint(ẋ ↦ (∂g/∂θ)θ̇ + (∂g/∂x)ẋ) at x* = fixedpoint(θ), a fixed point of JVPs of g.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = VectorSpace<(P, P)>.Instance;
            var theta = new ProjectNode(pair, 0);
            var dTheta = new ProjectNode(pair, 1);
            var xStar = NodeOps.Then(theta, new RuleNode(this));
            var pushforward = Diff.PushforwardOf(g).Node;                   // ((θ, x), (θ̇, ẋ)) ↦ ẏ
            var hIn = VectorSpace<((P, X, P), X)>.Instance;
            var q = new ProjectNode(hIn, 0);
            var dx = new ProjectNode(hIn, 1);
            var at = new FanoutNode([NodeOps.Project(q, 0), NodeOps.Project(q, 1)], VectorSpace<(P, X)>.Instance);
            var dir = new FanoutNode([NodeOps.Project(q, 2), dx], VectorSpace<(P, X)>.Instance);
            var h = NodeOps.Then(new FanoutNode([at, dir], VectorSpace<((P, X), (P, X))>.Instance), pushforward);
            var tangent = new FixedPointRule<(P, X, P), X>(new Diff<((P, X, P), X), X>(h), VectorSpace<X>.Instance.Zero(initial), tolerance, maxIterations);
            return NodeOps.Then(new FanoutNode([theta, xStar, dTheta], VectorSpace<(P, X, P)>.Instance), new RuleNode(tangent));
        }
    }
}

public static partial class Control
{
    /// <summary>
    /// The fixed point <c>θ ↦ x*</c> with <c>x* = g(θ, x*)</c>, found by iterating <c>x ← g(θ, x)</c> from
    /// <paramref name="initial"/> until the change <c>‖xₖ₊₁ − xₖ‖</c> is at rounding level (or within
    /// <paramref name="tolerance"/>), and differentiated implicitly, never through the iterations.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>Stopping.</b> By default (<paramref name="tolerance"/> null) an iteration stops once
    /// <c>‖xₖ₊₁ − xₖ‖ ≤ 4ε·(1 + ‖xₖ₊₁‖)</c> (a few ulps, ε = 2⁻⁵²), or once the change no longer decreases after it
    /// has fallen below <c>10⁻¹²·(1 + ‖xₖ₊₁‖)</c>: plain iteration then stalls at the rounding of g itself, and
    /// the solution is as accurate as g lets it be (for a contraction with factor ρ, about ‖Δ‖/(1 − ρ) from x*).
    /// With an explicit tolerance it stops as soon as <c>‖xₖ₊₁ − xₖ‖ ≤ tolerance·(1 + ‖xₖ₊₁‖)</c>, which saves
    /// iterations when less precision will do. The adjoint and tangent iterations stop by the same rule.
    /// </para>
    /// <para>
    /// <b>Divergence.</b> A start, iterate or change that is not finite (NaN, ∞, or so large that its norm
    /// overflows, beyond about 10¹⁵⁴) fails at once with a <see cref="ConvergenceException"/> naming the phase,
    /// the iteration and the last finite residual, never returns a number: a NaN cotangent fed to the pullback
    /// is reported as such, before any iteration.
    /// </para>
    /// <para>
    /// With <c>A = ∂g/∂x</c> and <c>B = ∂g/∂θ</c> at the solution, the implicit function theorem gives
    /// <c>∂x*/∂θ = (I − A)⁻¹ B</c>. Pullback: solve <c>λ = x̄ + Aᵀλ</c> by iterating VJPs of <c>g</c>, then
    /// <c>θ̄ = Bᵀλ</c>. Pushforward: solve <c>ẋ = B θ̇ + A ẋ</c> by iterating JVPs. All three iterations
    /// converge when <c>g</c> is a contraction in <c>x</c> near the solution (spectral radius of A below 1).
    /// </para>
    /// </remarks>
    /// <typeparam name="P">The parameters θ.</typeparam>
    /// <typeparam name="X">The unknown x.</typeparam>
    /// <param name="g">The map <c>(θ, x) ↦ g(θ, x)</c>.</param>
    /// <param name="initial">The starting guess x₀.</param>
    /// <param name="tolerance">The relative tolerance of the iterations; null (the default) iterates to rounding level, as described in the remarks.</param>
    /// <param name="maxIterations">The most iterations each solve may take.</param>
    /// <returns>The solution map θ ↦ x*(θ).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="tolerance"/> is not positive and finite, or <paramref name="maxIterations"/> is not positive.</exception>
    /// <exception cref="ConvergenceException">At call time, when an iteration has not converged after <paramref name="maxIterations"/>, or produced a value that is not finite; the message names the function, the phase, the iteration and the last finite residual. <c>TryFixedPoint</c> in the Vjp.LanguageExt package returns the failure as a <c>Fin</c> value instead.</exception>
    /// <example>
    /// <code>
    /// var (theta, x) = Diff.Input&lt;(double, double)&gt;();
    /// var sqrtOf = Control.FixedPoint(0.5 * (x + theta / x), initial: 1.0);   // Newton's map for √θ
    /// </code>
    /// </example>
    public static Diff<P, X> FixedPoint<P, X>(Diff<(P, X), X> g, X initial, double? tolerance = null, int maxIterations = 10_000)
        where P : notnull where X : notnull
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(initial);
        if (tolerance is { } tol && !(tol > 0 && double.IsFinite(tol)))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tol, "The tolerance must be positive and finite, or null for the default stopping rule.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        return new(new RuleNode(new FixedPointRule<P, X>(g, initial, tolerance, maxIterations)));
    }
}
