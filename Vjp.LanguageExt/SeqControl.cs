using System.Collections.Immutable;
using LanguageExt;
using Vjp.Combinators;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.LanguageExt;

/// <summary>
/// A change of representation that keeps every coordinate, <c>x ↦ to(x)</c> with inverse <c>back</c>: a linear
/// isometry (such as <see cref="Seq{A}"/> ↔ <see cref="ImmutableArray{T}"/>), so its pullback is the inverse and
/// its pushforward itself, at any order.
/// </summary>
internal sealed class ReshapeRule<X, Y>(string name, string inverseName, Func<X, Y> to, Func<Y, X> back)
    : Rule(name, VectorSpace<X>.Instance, VectorSpace<Y>.Instance)
    where X : notnull
    where Y : notnull
{
    public override int Arity => 1;

    private ReshapeRule<Y, X> Inverse => new(inverseName, Name, back, to);

    public override object Forward(object x, out object? r)
    {
        r = null;
        return to((X)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => back((Y)yBar);

    public override object? Pushforward(object x, object y, object? r, object dx) => to((X)dx);

    /// <summary>(x, ȳ) ↦ back(ȳ).</summary>
    public override Node PullbackNode => NodeOps.Then(new ProjectNode(VectorSpace<(X, Y)>.Instance, 1), new RuleNode(Inverse));

    /// <summary>(x, ẋ) ↦ to(ẋ).</summary>
    public override Node PushforwardNode => NodeOps.Then(new ProjectNode(VectorSpace<(X, X)>.Instance, 1), new RuleNode(this));
}

/// <summary>
/// The conversions between LanguageExt's <see cref="Seq{A}"/> and the <see cref="ImmutableArray{T}"/> that
/// Vjp.Combinators' loops use, as differentiable functions (each the other's pullback).
/// </summary>
internal static class SeqConversions
{
    public static Seq<A> ToSeq<A>(ImmutableArray<A> xs) =>
        xs.IsDefault
            ? throw new ArgumentException($"Seq conversion: a default (uninitialized) ImmutableArray<{typeof(A).Name}> has no elements to convert.", nameof(xs))
            : Prelude.toSeq(xs.ToArray());

    public static ImmutableArray<A> ToImmutableArray<A>(Seq<A> xs) => [.. xs];

    public static Diff<ImmutableArray<A>, Seq<A>> ToSeq<A>() where A : notnull =>
        new(new RuleNode(new ReshapeRule<ImmutableArray<A>, Seq<A>>("toSeq", "toImmutableArray", ToSeq, ToImmutableArray)));

    public static Diff<(P, S, Seq<A>), (P, S, ImmutableArray<A>)> Inputs<P, S, A>() where P : notnull where S : notnull where A : notnull =>
        new(new RuleNode(new ReshapeRule<(P, S, Seq<A>), (P, S, ImmutableArray<A>)>(
            "toImmutableArray",
            "toSeq",
            static x => (x.Item1, x.Item2, ToImmutableArray(x.Item3)),
            static x => (x.Item1, x.Item2, ToSeq(x.Item3)))));
}

/// <summary>
/// Scans and folds over LanguageExt's <see cref="Seq{A}"/>: <see cref="Control.Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>
/// and <see cref="Control.Fold{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/> with sequences in and out as
/// <see cref="Seq{A}"/> instead of <see cref="ImmutableArray{T}"/>, with the same pullbacks, pushforwards,
/// checkpointing and higher-order derivatives (the conversions are differentiable and cost one copy).
/// </summary>
/// <example>
/// <code>
/// var (p, s, a) = Diff.Input&lt;(double, double, double)&gt;();
/// Diff&lt;(double, double), Seq&lt;double&gt;&gt; states = SeqControl.Scan(Tanh(p * s + a), Seq(0.5, -0.2, 0.1));
/// </code>
/// </example>
public static class SeqControl
{
    /// <summary>
    /// The scan of a step over a sequence, <c>(p, s₀, [a₁ … aₙ]) ↦ [s₁ … sₙ]</c> with <c>sᵢ = step(p, sᵢ₋₁, aᵢ)</c>,
    /// differentiable in the parameters, the initial state and the elements; see
    /// <see cref="Control.Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>.
    /// </summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The sequence's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals and recompute the rest in the pullback.</param>
    /// <returns>The scan; its output holds the n states after each step (not <c>s₀</c>).</returns>
    public static Diff<(P, S, Seq<A>), Seq<S>> Scan<P, S, A>(Diff<(P, S, A), S> step, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        return SeqConversions.Inputs<P, S, A>().Then(Control.Scan(step, checkpoint)).Then(SeqConversions.ToSeq<S>());
    }

    /// <summary>
    /// The scan of a step over a fixed sequence of data, <c>(p, s₀) ↦ [s₁ … sₙ]</c>, differentiable in the
    /// parameters and the initial state; see <see cref="Control.Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, IReadOnlyList{A}, bool)"/>.
    /// </summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The data's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="xs">The data.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals.</param>
    public static Diff<(P, S), Seq<S>> Scan<P, S, A>(Diff<(P, S, A), S> step, Seq<A> xs, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        return Control.Scan(step, SeqConversions.ToImmutableArray(xs), checkpoint).Then(SeqConversions.ToSeq<S>());
    }

    /// <summary>
    /// The fold of a step over a sequence, <c>(p, s₀, [a₁ … aₙ]) ↦ sₙ</c>; see
    /// <see cref="Control.Fold{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>.
    /// </summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The sequence's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals and recompute the rest in the pullback.</param>
    public static Diff<(P, S, Seq<A>), S> Fold<P, S, A>(Diff<(P, S, A), S> step, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        return SeqConversions.Inputs<P, S, A>().Then(Control.Fold(step, checkpoint));
    }

    /// <summary>The fold of a step over a fixed sequence of data, <c>(p, s₀) ↦ sₙ</c>.</summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The data's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="xs">The data.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals.</param>
    public static Diff<(P, S), S> Fold<P, S, A>(Diff<(P, S, A), S> step, Seq<A> xs, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        return Control.Fold(step, SeqConversions.ToImmutableArray(xs), checkpoint);
    }
}
