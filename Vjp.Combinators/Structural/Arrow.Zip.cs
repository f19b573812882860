using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Any binary scalar function zipped over two vectors, <c>yᵢ = f(aᵢ, bᵢ)</c>. The forward pass keeps
/// the partial derivatives <c>∂ₐf</c> and <c>∂_bf</c> at every element (one pullback of <c>f</c>'s tape
/// per element), so the pullback <c>(ā, b̄) = (ȳ ⊙ ∂ₐf, ȳ ⊙ ∂_bf)</c> and the pushforward
/// <c>ẏ = ∂ₐf ⊙ ȧ + ∂_bf ⊙ ḃ</c> are elementwise products.
/// </summary>
internal sealed class ZipWithRule(Node f) : Rule($"zip({Printer.Print(f)})", NodeOps.PairSpace(VecSpace.Default, VecSpace.Default), VecSpace.Default), IRepeatedPart
{
    Node IRepeatedPart.Part => f;

    string IRepeatedPart.Unit => "element";

    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x) => ZipMapRule.ElementPairs(x);

    /// <summary>A combinator over another function (its part), not an n-ary primitive of argument expressions.</summary>
    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 2;

    public override IReadOnlyList<Node> Children => [f];

    public override bool HasPushforward => f.HasPushforward;

    private void Check(Vec a, Vec b)
    {
        if (a.Length != b.Length)
        {
            throw new ShapeException(Name, $"lengths {a.Length} and {b.Length} differ");
        }
    }

    public override object Forward2(object a, object b, out object? r)
    {
        Vec va = (Vec)a, vb = (Vec)b;
        Check(va, vb);
        var tape = f.Tape;
        var y = new double[va.Length];
        var da = new double[va.Length];
        var db = new double[va.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var trace = tape.Record((va[i], vb[i]));
            y[i] = (double)tape.Output(trace);
            (da[i], db[i]) = ((double, double))tape.Pullback(trace, 1.0);
        }

        r = (da, db);
        return Vec.Wrap(y);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        var (da, db) = ((double[], double[]))r!;
        var s = (Vec)yBar;
        aBar = Vec.Hadamard(s, Vec.Wrap(da));
        bBar = Vec.Hadamard(s, Vec.Wrap(db));
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? dA, object? dB)
    {
        var (da, db) = ((double[], double[]))r!;
        var dy = new double[da.Length];
        for (var i = 0; i < dy.Length; i++)
        {
            dy[i] = (dA is Vec ta ? da[i] * ta[i] : 0) + (dB is Vec tb ? db[i] * tb[i] : 0);
        }

        return Vec.Wrap(dy);
    }

    public override string Format2(string a, string b) => $"{Name}({a}, {b})";

    /// <summary>((a, b), ȳ) ↦ (ȳ ⊙ ∂ₐf(a, b), ȳ ⊙ ∂_bf(a, b)), the partials mapped elementwise as differentiable functions.</summary>
    public override Node PullbackNode => new ZipMapRule(f).PullbackNode;

    /// <summary>((a, b), (ȧ, ḃ)) ↦ ∂ₐf ⊙ ȧ + ∂_bf ⊙ ḃ.</summary>
    public override Node PushforwardNode => new ZipMapRule(f).PushforwardNode!;
}

public static partial class Arrow
{
    /// <summary>
    /// A binary scalar function zipped over two vectors of equal length, <c>(a, b) ↦ [f(aᵢ, bᵢ)]ᵢ</c>.
    /// Pullback <c>(ā, b̄) = (ȳ ⊙ ∂ₐf, ȳ ⊙ ∂_bf)</c>; pushforward <c>ẏ = ∂ₐf ⊙ ȧ + ∂_bf ⊙ ḃ</c>.
    /// </summary>
    /// <param name="f">The binary scalar function.</param>
    /// <returns>The zip over pairs of vectors.</returns>
    /// <exception cref="ShapeException">At call time, when the two vectors' lengths differ.</exception>
    public static Diff<(Vec, Vec), Vec> Zip(Diff<(double, double), double> f) =>
        new(new RuleNode(f.CheckedNode() is RuleNode { Rule: ScalarBinaryRule s } ? new ZipRule(s) : new ZipWithRule(f.Node)));

    /// <summary>Two vector expressions zipped through a binary scalar function: <c>a.Zip(b, f)</c> is <c>x ↦ [f(a(x)ᵢ, b(x)ᵢ)]ᵢ</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first vector expression.</param>
    /// <param name="b">The second vector expression.</param>
    /// <param name="f">The binary scalar function.</param>
    public static Diff<X, Vec> Zip<X>(this Diff<X, Vec> a, Diff<X, Vec> b, Diff<(double, double), double> f) where X : notnull =>
        Diff.Fanout(a.NotNull(), b.NotNull()).Then(Zip(f));
}
