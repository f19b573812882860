using LanguageExt;
using Vjp.Combinators;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.LanguageExt;

/// <summary>
/// A function lifted to sequences, <c>[x₁ … xₙ] ↦ [f(x₁) … f(xₙ)]</c>: its tape runs once per element
/// (a loop, however long the sequence); the pullback and pushforward are the element's, element by element.
/// </summary>
internal sealed class SeqLiftRule<A, B>(Diff<A, B> f)
    : Rule($"lift[{Names.Of(f.Node)}]", VectorSpace<Seq<A>>.Instance, VectorSpace<Seq<B>>.Instance)
    where A : notnull
    where B : notnull
{
    public override int Arity => 1;

    public override bool HasPushforward => f.HasPushforward;

    public override IReadOnlyList<Node> Children => [f.Node];

    public override object Run(object x)
    {
        var tape = f.Node.Tape;
        return Prelude.toSeq(((Seq<A>)x).Map(a => (B)tape.Run(a)).ToArray());
    }

    public override object Forward(object x, out object? r)
    {
        var tape = f.Node.Tape;
        var traces = ((Seq<A>)x).Map(a => tape.Record(a)).ToArray();
        r = traces;
        return Prelude.toSeq(traces.Select(t => (B)tape.Output(t)).ToArray());
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var tape = f.Node.Tape;
        var traces = (Trace[])r!;
        B[] bars = [.. (Seq<B>)yBar];
        var xBar = new A[traces.Length];
        for (var i = 0; i < xBar.Length; i++)
        {
            xBar[i] = (A)tape.Pullback(traces[i], bars[i]);
        }

        return Prelude.toSeq(xBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var tape = f.Node.Tape;
        var traces = (Trace[])r!;
        A[] dots = [.. (Seq<A>)dx];
        var dy = new B[traces.Length];
        for (var i = 0; i < dy.Length; i++)
        {
            dy[i] = (B)tape.Pushforward(traces[i], dots[i]);
        }

        return Prelude.toSeq(dy);
    }

    /// <summary>Why this rule has no differentiable forms.</summary>
    public override string? SecondOrderUnsupported =>
        "its pullback runs over a sequence whose length is known only at run time and is not yet expressed as a differentiable function (Cond, Checkpoint, FixedPoint and Iterate with a fixed count are).";
}

/// <summary>The sum of a sequence's elements, <c>y = Σᵢ xᵢ</c>; pullback <c>x̄ᵢ = ȳ</c>, pushforward <c>ẏ = Σᵢ ẋᵢ</c>.</summary>
internal sealed class SeqSumRule<A>() : Rule("seqsum", VectorSpace<Seq<A>>.Instance, VectorSpace<A>.Instance)
    where A : notnull
{
    public static readonly SeqSumRule<A> Instance = new();

    public override int Arity => 1;

    private static A Sum(Seq<A> xs)
    {
        if (xs.IsEmpty)
        {
            throw new ShapeException("SeqDiff.Sum", "the sum of an empty sequence has no shape; it needs at least one element");
        }

        var space = VectorSpace<A>.Instance;
        return xs.Tail.Fold(xs.Head, space.Add);
    }

    public override object Forward(object x, out object? r)
    {
        r = null;
        return Sum((Seq<A>)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) =>
        Prelude.toSeq(Enumerable.Repeat((A)yBar, ((Seq<A>)x).Count).ToArray());

    public override object? Pushforward(object x, object y, object? r, object dx) => Sum((Seq<A>)dx);

    /// <summary>(xs, ȳ) ↦ [ȳ, …, ȳ] shaped like xs: a linear map whose adjoint is this sum again.</summary>
    public override Node PullbackNode => new RuleNode(new ShapedLinearRule<Seq<A>, A, Seq<A>>(
        "seq-replicate",
        static (like, v) => Prelude.toSeq(like.Map(_ => v)),
        static (like, yBar) => Sum(yBar),
        static _ => NodeOps.Then(new ProjectNode(VectorSpace<(Seq<A>, Seq<A>)>.Instance, 1), new RuleNode(Instance))));

    /// <summary>(xs, ẋs) ↦ Σ ẋs.</summary>
    public override Node PushforwardNode => NodeOps.Then(new ProjectNode(VectorSpace<(Seq<A>, Seq<A>)>.Instance, 1), new RuleNode(Instance));

}

/// <summary>n expressions packed into a sequence, <c>x ↦ [f₁(x) … fₙ(x)]</c>; the pullback hands each its element's cotangent.</summary>
internal sealed class SequenceRule<T>(int n) : NaryRule("sequence", [.. Enumerable.Repeat<VectorSpace>(VectorSpace<T>.Instance, n)], VectorSpace<Seq<T>>.Instance)
    where T : notnull
{
    public override object Forward(object[] args) => Prelude.toSeq(args.Cast<T>().ToArray());

    public override void Pullback(object[] args, object y, object yBar, object?[] argBars)
    {
        var i = 0;
        foreach (var bar in (Seq<T>)yBar)
        {
            argBars[i++] = bar;
        }
    }

    public override object Pushforward(object[] args, object y, object?[] argDots) =>
        Prelude.toSeq(args.Select((a, i) => (T)(argDots[i] ?? Ins[i].ZeroLikeObject(a))).ToArray());

    public override string Format(IReadOnlyList<string> args) => $"Seq({string.Join(", ", args)})";
}

/// <summary>
/// Differentiable functions over LanguageExt's <see cref="Seq{A}"/>, the immutable sequence of a
/// functional codebase (a vector space through <see cref="SeqSpace{A}"/>): lifting a function to
/// sequences, turning a sequence of expressions into an expression of a sequence, and summing.
/// </summary>
public static class SeqDiff
{
    /// <summary>
    /// <paramref name="f"/> lifted to sequences, <c>[x₁ … xₙ] ↦ [f(x₁) … f(xₙ)]</c>: pullback and pushforward
    /// element by element.
    /// </summary>
    /// <typeparam name="A">The element input type.</typeparam>
    /// <typeparam name="B">The element output type.</typeparam>
    /// <param name="f">The function on elements.</param>
    public static Diff<Seq<A>, Seq<B>> Lift<A, B>(Diff<A, B> f) where A : notnull where B : notnull =>
        new(new RuleNode(new SeqLiftRule<A, B>(f.NotNull())));

    /// <summary>
    /// A sequence of expressions of one input as one expression of a sequence,
    /// <c>x ↦ [f₁(x) … fₙ(x)]</c> (the traversal); where the expressions share parts, cotangents add.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="parts">The expressions, at least one.</param>
    /// <exception cref="ArgumentException">When <paramref name="parts"/> is empty.</exception>
    public static Diff<X, Seq<T>> Sequence<X, T>(this Seq<Diff<X, T>> parts) where X : notnull where T : notnull
    {
        if (parts.IsEmpty)
        {
            throw new ArgumentException("SeqDiff.Sequence needs at least one expression (an empty sequence has no input to read).", nameof(parts));
        }

        return new(new NaryNode(new SequenceRule<T>(parts.Count), [.. parts.Map(p => p.Node)]));
    }

    /// <summary>The sum of a sequence's elements, <c>[x₁ … xₙ] ↦ Σᵢ xᵢ</c>; pullback <c>x̄ᵢ = ȳ</c>.</summary>
    /// <typeparam name="A">The element type.</typeparam>
    /// <exception cref="ShapeException">At call time, for an empty sequence.</exception>
    public static Diff<Seq<A>, A> Sum<A>() where A : notnull => new(new RuleNode(SeqSumRule<A>.Instance));

    /// <summary>The sum of a sequence-valued expression's elements.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The element type.</typeparam>
    /// <param name="xs">The sequence-valued expression.</param>
    public static Diff<X, A> Sum<X, A>(this Diff<X, Seq<A>> xs) where X : notnull where A : notnull => xs.NotNull().Then(Sum<A>());

    /// <summary>A function lifted to the elements of a sequence-valued expression; see <see cref="Lift{A, B}"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The element input type.</typeparam>
    /// <typeparam name="B">The element output type.</typeparam>
    /// <param name="xs">The sequence-valued expression.</param>
    /// <param name="f">The function on elements.</param>
    public static Diff<X, Seq<B>> Each<X, A, B>(this Diff<X, Seq<A>> xs, Diff<A, B> f) where X : notnull where A : notnull where B : notnull =>
        xs.NotNull().Then(Lift(f));

    /// <summary>
    /// An <see cref="System.Collections.Immutable.ImmutableArray{T}"/>-valued expression (a scan's states, say) as a
    /// <see cref="Seq{A}"/>-valued one: the same coordinates, so the pullback converts the cotangent back.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The element type.</typeparam>
    /// <param name="xs">The array-valued expression.</param>
    public static Diff<X, Seq<A>> ToSeq<X, A>(this Diff<X, System.Collections.Immutable.ImmutableArray<A>> xs) where X : notnull where A : notnull =>
        xs.NotNull().Then(SeqConversions.ToSeq<A>());
}
