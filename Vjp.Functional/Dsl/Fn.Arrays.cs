using System.Collections.Immutable;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>The sum of an array's elements, <c>y = Σᵢ xᵢ</c>; pullback <c>x̄ᵢ = ȳ</c>, pushforward <c>ẏ = Σᵢ ẋᵢ</c>.</summary>
internal sealed class ArraySumRule<A>() : Rule("sum", VectorSpace<ImmutableArray<A>>.Instance, VectorSpace<A>.Instance)
    where A : notnull
{
    public static readonly ArraySumRule<A> Instance = new();

    public override int Arity => 1;

    internal static A Sum(ImmutableArray<A> xs)
    {
        if (xs.IsDefaultOrEmpty)
        {
            throw new ShapeException("Fn.Sum", $"the sum of an empty ImmutableArray<{typeof(A).Name}> has no shape; it needs at least one element");
        }

        var space = VectorSpace<A>.Instance;
        var sum = xs[0];
        for (var i = 1; i < xs.Length; i++)
        {
            sum = space.Add(sum, xs[i]);
        }

        return sum;
    }

    public override object Forward(object x, out object? r)
    {
        r = null;
        return Sum((ImmutableArray<A>)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) =>
        ImmutableArray.CreateRange(Enumerable.Repeat((A)yBar, ((ImmutableArray<A>)x).Length));

    public override object? Pushforward(object x, object y, object? r, object dx) => Sum((ImmutableArray<A>)dx);

    /// <summary>(xs, ȳ) ↦ [ȳ, …, ȳ] shaped like xs: a linear map whose adjoint is this sum again.</summary>
    public override Node PullbackNode => new RuleNode(new ShapedLinearRule<ImmutableArray<A>, A, ImmutableArray<A>>(
        "replicate",
        static (like, v) => ImmutableArray.CreateRange(Enumerable.Repeat(v, like.Length)),
        static (like, yBar) => Sum(yBar),
        static _ => NodeOps.Then(new ProjectNode(VectorSpace<(ImmutableArray<A>, ImmutableArray<A>)>.Instance, 1), new RuleNode(Instance))));

    /// <summary>(xs, ẋs) ↦ Σ ẋs.</summary>
    public override Node PushforwardNode => NodeOps.Then(new ProjectNode(VectorSpace<(ImmutableArray<A>, ImmutableArray<A>)>.Instance, 1), new RuleNode(Instance));
}

/// <summary>One element of an array, <c>y = xᵢ</c>; pullback scatters ȳ into zeros shaped like x, pushforward <c>ẏ = ẋᵢ</c>.</summary>
internal sealed class ArrayElementRule<A>(int index) : Rule($"[{index}]", VectorSpace<ImmutableArray<A>>.Instance, VectorSpace<A>.Instance)
    where A : notnull
{
    public override int Arity => 1;

    private A At(ImmutableArray<A> xs) =>
        xs.IsDefault
            ? throw new ArgumentException($"Fn.At: a default (uninitialized) ImmutableArray<{typeof(A).Name}> has no elements.", nameof(xs))
            : (uint)index < (uint)xs.Length
            ? xs[index]
            : throw new ArgumentOutOfRangeException(nameof(xs), index, $"Fn.At: index {index} is outside ImmutableArray<{typeof(A).Name}>[{xs.Length}]");

    private ImmutableArray<A> Scatter(ImmutableArray<A> like, A v)
    {
        var space = VectorSpace<A>.Instance;
        var b = ImmutableArray.CreateBuilder<A>(like.Length);
        for (var i = 0; i < like.Length; i++)
        {
            b.Add(i == index ? v : space.Zero(like[i]));
        }

        return b.MoveToImmutable();
    }

    public override object Forward(object x, out object? r)
    {
        r = null;
        return At((ImmutableArray<A>)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => Scatter((ImmutableArray<A>)x, (A)yBar);

    public override object? Pushforward(object x, object y, object? r, object dx) => At((ImmutableArray<A>)dx);

    /// <summary>(xs, ȳ) ↦ ȳ scattered into zeros shaped like xs: a linear map whose adjoint is this element again.</summary>
    public override Node PullbackNode => new RuleNode(new ShapedLinearRule<ImmutableArray<A>, A, ImmutableArray<A>>(
        $"scatter[{index}]",
        Scatter,
        (like, yBar) => At(yBar),
        _ => NodeOps.Then(new ProjectNode(VectorSpace<(ImmutableArray<A>, ImmutableArray<A>)>.Instance, 1), new RuleNode(this))));

    /// <summary>(xs, ẋs) ↦ ẋsᵢ.</summary>
    public override Node PushforwardNode => NodeOps.Then(new ProjectNode(VectorSpace<(ImmutableArray<A>, ImmutableArray<A>)>.Instance, 1), new RuleNode(this));
}

public static partial class Fn
{
    /// <summary>
    /// The sum of an array-valued expression's elements, <c>Σᵢ xsᵢ</c>, in the elements' vector space: for
    /// example the states of a <c>Control.Scan</c> summed into one value. Pullback <c>x̄sᵢ = ȳ</c>.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The element type (differentiable: it has a vector space).</typeparam>
    /// <param name="xs">The array-valued expression.</param>
    /// <returns>The sum; an empty array throws a <see cref="ShapeException"/> when evaluated (a sum of nothing has no shape).</returns>
    public static Diff<X, A> Sum<X, A>(Diff<X, ImmutableArray<A>> xs) where X : notnull where A : notnull =>
        new(NodeOps.Then(xs.CheckedNode(), new RuleNode(ArraySumRule<A>.Instance)));

    /// <summary>
    /// Element <paramref name="index"/> of an array-valued expression, <c>xs[index]</c>: for example the last state of
    /// a <c>Control.Scan</c>. Pullback: ȳ at <paramref name="index"/>, zero elsewhere.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The element type (differentiable: it has a vector space).</typeparam>
    /// <param name="xs">The array-valued expression.</param>
    /// <param name="index">The element's index, at least 0; an index past the end throws when evaluated, naming both.</param>
    /// <returns>The element.</returns>
    public static Diff<X, A> At<X, A>(Diff<X, ImmutableArray<A>> xs, int index) where X : notnull where A : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(NodeOps.Then(xs.CheckedNode(), new RuleNode(new ArrayElementRule<A>(index))));
    }
}
