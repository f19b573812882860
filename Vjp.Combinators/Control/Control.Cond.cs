using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// A conditional on the primal: the predicate chooses one branch, and only that branch runs, forward,
/// backward and forward-mode. The branch not taken is never evaluated, so its cotangent is exactly
/// zero even where it would be NaN or infinite (the <c>where</c>-gradient trap of libraries that
/// evaluate both branches and mask, where 0 · NaN = NaN, cannot arise).
/// </summary>
internal sealed class CondRule<X, Y>(Func<X, bool> predicate, Diff<X, Y> then, Diff<X, Y> otherwise)
    : Rule($"cond({Names.Of(then.Node)}, {Names.Of(otherwise.Node)})", VectorSpace<X>.Instance, VectorSpace<Y>.Instance)
    where X : notnull
    where Y : notnull
{
    private sealed record Residuals(Node Branch, Trace Trace);

    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override bool HasPushforward => then.HasPushforward && otherwise.HasPushforward;

    public override IReadOnlyList<Node> Children => [then.Node, otherwise.Node];

    private Node Branch(object x) => predicate((X)x) ? then.Node : otherwise.Node;

    public override object Run(object x) => Branch(x).Tape.Run(x);

    public override object Forward(object x, out object? r)
    {
        var branch = Branch(x);
        var trace = branch.Tape.Record(x);
        r = new Residuals(branch, trace);
        return branch.Tape.Output(trace);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var (branch, trace) = (Residuals)r!;
        return branch.Tape.Pullback(trace, yBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var (branch, trace) = (Residuals)r!;
        return branch.Tape.Pushforward(trace, dx);
    }

    public override string Format(string arg) => $"({arg} ? {Names.Of(then.Node)} : {Names.Of(otherwise.Node)})";

    /// <summary>(x, ȳ) ↦ the pullback of the branch the predicate chooses at x: itself a conditional on the primal.</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(In, Out);
            Diff<(X, Y), X> Of(Diff<X, Y> branch) => new(Emitter.Pullback(branch.Node, new ProjectNode(pair, 0), new ProjectNode(pair, 1)));
            return new RuleNode(new CondRule<(X, Y), X>(p => predicate(p.Item1), Of(then), Of(otherwise)));
        }
    }

    /// <summary>(x, ẋ) ↦ the pushforward of the branch the predicate chooses at x.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(In, In);
            Diff<(X, X), Y> Of(Diff<X, Y> branch) => new(Emitter.Pushforward(branch.Node, new ProjectNode(pair, 0), new ProjectNode(pair, 1)));
            return new RuleNode(new CondRule<(X, X), Y>(p => predicate(p.Item1), Of(then), Of(otherwise)));
        }
    }
}

public static partial class Control
{
    /// <summary>
    /// A conditional on the primal: <c>x ↦ predicate(x) ? then(x) : otherwise(x)</c>. Only the chosen
    /// branch runs; its pullback and pushforward are the conditional's, and the branch not taken gets
    /// exactly zero cotangent, never NaN, even where it is undefined (<c>Sqrt</c> of a negative number).
    /// The predicate is piecewise constant, so it has no derivative of its own.
    /// </summary>
    /// <remarks>
    /// Both branches are functions of the same input; to branch on an intermediate value, compose:
    /// <c>h.Then(Control.Cond(...))</c>. For an elementwise choice over a vector, map a scalar conditional:
    /// <c>Arrow.Map(Control.Cond&lt;double, double&gt;(x =&gt; x &gt; 0, sqrt, zero))</c>.
    /// </remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="Y">The output type.</typeparam>
    /// <param name="predicate">Chooses <paramref name="then"/> when true, decided on the primal input.</param>
    /// <param name="then">The branch taken when the predicate holds.</param>
    /// <param name="otherwise">The branch taken when it does not.</param>
    /// <example>
    /// <code>
    /// var x = Diff.Input&lt;double&gt;();
    /// var f = Control.Cond(v =&gt; v &gt; 0, Sqrt(x), -x);   // f′(−4) = −1, not NaN
    /// </code>
    /// </example>
    public static Diff<X, Y> Cond<X, Y>(Func<X, bool> predicate, Diff<X, Y> then, Diff<X, Y> otherwise)
        where X : notnull where Y : notnull
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(otherwise);
        return new(new RuleNode(new CondRule<X, Y>(predicate, then, otherwise)));
    }
}
