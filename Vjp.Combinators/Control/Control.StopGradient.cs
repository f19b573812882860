using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>The identity whose pullback and pushforward are zero: a value treated as a constant by differentiation.</summary>
internal sealed class StopGradientRule(VectorSpace space) : Rule("stop_gradient", space, space)
{
    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override object Forward(object x, out object? r)
    {
        r = null;
        return x;
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => null;

    public override object? Pushforward(object x, object y, object? r, object dx) => null;

    /// <summary>(x, ȳ) ↦ 0: the pullback is zero, and so is its derivative.</summary>
    public override Node PullbackNode => Emitter.ZeroLike(new ProjectNode(NodeOps.PairSpace(In, Out), 0));

    /// <summary>(x, ẋ) ↦ 0.</summary>
    public override Node PushforwardNode => Emitter.ZeroLike(new ProjectNode(NodeOps.PairSpace(In, In), 0));
}

public static partial class Control
{
    /// <summary>
    /// The identity <c>x ↦ x</c> that differentiation treats as a constant: pullback <c>ȳ ↦ 0</c>,
    /// pushforward <c>ẋ ↦ 0</c>. Use it for targets computed from the parameters (as in temporal-difference
    /// learning) or to hold part of a model fixed.
    /// </summary>
    /// <typeparam name="T">The type.</typeparam>
    public static Diff<T, T> StopGradient<T>() where T : notnull => new(new RuleNode(new StopGradientRule(VectorSpace<T>.Instance)));

    /// <summary>The expression's value, with no derivative: <c>e.StopGradient()</c> has the value of <c>e</c> and zero pullback and pushforward.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="e">The expression.</param>
    public static Diff<X, T> StopGradient<X, T>(this Diff<X, T> e) where X : notnull where T : notnull => e.NotNull().Then(StopGradient<T>());
}
