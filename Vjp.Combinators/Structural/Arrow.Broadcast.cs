using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>A scalar repeated into a vector of length n: <c>y = x·𝟙ₙ</c>; pullback <c>x̄ = Σᵢ ȳᵢ</c>, pushforward <c>ẏ = ẋ·𝟙ₙ</c>.</summary>
internal sealed class BroadcastRule(int n) : Rule($"broadcast[{n}]", DoubleSpace.Default, VecSpace.Default)
{
    public override int Arity => 1;

    public override object Forward(object x, out object? r)
    {
        r = null;
        return Vec.Fill(n, (double)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => ((Vec)yBar).Sum();

    public override object? Pushforward(object x, object y, object? r, object dx) => Vec.Fill(n, (double)dx);

    /// <summary>(s, ȳ) ↦ Σᵢ ȳᵢ.</summary>
    public override Node PullbackNode => NodeOps.Then(new ProjectNode(NodeOps.PairSpace(In, Out), 1), new RuleNode(VecPrimitives.SumRule));

    /// <summary>(s, ṡ) ↦ ṡ·𝟙ₙ.</summary>
    public override Node PushforwardNode => NodeOps.Then(new ProjectNode(NodeOps.PairSpace(In, In), 1), new RuleNode(this));
}

public static partial class Arrow
{
    /// <summary>
    /// A scalar broadcast to a vector of length <paramref name="n"/>, <c>x ↦ (x, …, x)</c>. The length is
    /// stated, never guessed: nothing in Vjp broadcasts implicitly. Pullback <c>x̄ = Σᵢ ȳᵢ</c>.
    /// </summary>
    /// <param name="n">The length, at least zero.</param>
    public static Diff<double, Vec> Broadcast(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return new(new RuleNode(new BroadcastRule(n)));
    }

    /// <summary>A scalar expression broadcast to a vector of length <paramref name="n"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="s">The scalar expression.</param>
    /// <param name="n">The length.</param>
    public static Diff<X, Vec> Broadcast<X>(this Diff<X, double> s, int n) where X : notnull => s.NotNull().Then(Broadcast(n));
}
