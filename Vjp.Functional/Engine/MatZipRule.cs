namespace Vjp.Functional.Engine;

/// <summary>
/// An elementwise binary rule on matrices of one shape, <c>Yᵢⱼ = f(Aᵢⱼ, Bᵢⱼ)</c>: the vector rule <see cref="ZipRule"/>
/// on the row-major entries, its pullback and pushforward too, and its differentiable forms are the vector rule's
/// between a flattening and an unflattening to the primal's shape, so derivatives nest as the vector rule's do.
/// </summary>
internal sealed class MatZipRule(ZipRule zip)
    : Rule(zip.Name, NodeOps.PairSpace(MatSpace.Default, MatSpace.Default), MatSpace.Default)
{
    public override int Arity => 2;

    public override Domain Domain => zip.Domain;

    public override bool FreshCotangents => true;

    private static Vec Flat(object m) => Vec.Create(((Mat)m).AsSpan());

    private static Mat Like(Mat like, object v) => Mat.Create(like.Rows, like.Cols, ((Vec)v).AsSpan());

    public override object Forward2(object a, object b, out object? r)
    {
        Mat ma = (Mat)a, mb = (Mat)b;
        if (ma.Shape != mb.Shape)
        {
            throw new ShapeException($"Mat.{Name}", $"shapes ({ma.Rows}×{ma.Cols}) and ({mb.Rows}×{mb.Cols}) differ");
        }

        r = null;
        return Like(ma, zip.Forward2(Flat(a), Flat(b), out _));
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar) =>
        Pullback2(a, b, y, r, yBar, needA: true, needB: true, out aBar, out bBar);

    public override void Pullback2(object a, object b, object y, object? r, object yBar, bool needA, bool needB, out object? aBar, out object? bBar)
    {
        zip.Pullback2(Flat(a), Flat(b), Flat(y), null, Flat(yBar), needA, needB, out var va, out var vb);
        aBar = va is null ? null : Like((Mat)a, va);
        bBar = vb is null ? null : Like((Mat)b, vb);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? dA, object? dB)
    {
        var dy = zip.Pushforward2(Flat(a), Flat(b), Flat(y), null, dA is null ? null : Flat(dA), dB is null ? null : Flat(dB));
        return dy is null ? null : Like((Mat)y, dy);
    }

    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    /// <summary>((A, B), Ȳ) ↦ the vector rule's pullback form on (vec A, vec B, vec Ȳ), unflattened to the shapes of A and B.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildPullback();

    /// <summary>((A, B), (Ȧ, Ḃ)) ↦ the vector rule's pushforward form on the flattened entries, unflattened to A's shape.</summary>
    public override Node PushforwardNode => _pushforwardNode ??= BuildPushforward();

    private static Node Flatten(Node m) => NodeOps.Then(m, new RuleNode(MatPrimitives.FlattenRule));

    private Node FlatPair(Node pair) =>
        new FanoutNode([Flatten(NodeOps.Project(pair, 0)), Flatten(NodeOps.Project(pair, 1))], zip.In);

    private Node BuildPullback()
    {
        var input = NodeOps.PairSpace(In, Out);
        var ab = new ProjectNode(input, 0);
        var seed = new ProjectNode(input, 1);
        var flat = new FanoutNode([FlatPair(ab), Flatten(seed)], NodeOps.PairSpace(zip.In, zip.Out));
        var bars = NodeOps.Then(flat, zip.PullbackNode);
        return new FanoutNode(
            [NodeOps.Apply2(BatchShapes.Unflatten, NodeOps.Project(ab, 0), NodeOps.Project(bars, 0)),
             NodeOps.Apply2(BatchShapes.Unflatten, NodeOps.Project(ab, 1), NodeOps.Project(bars, 1))],
            In);
    }

    private Node BuildPushforward()
    {
        var input = NodeOps.PairSpace(In, In);
        var ab = new ProjectNode(input, 0);
        var dots = new ProjectNode(input, 1);
        var flat = new FanoutNode([FlatPair(ab), FlatPair(dots)], NodeOps.PairSpace(zip.In, zip.In));
        return NodeOps.Apply2(BatchShapes.Unflatten, NodeOps.Project(ab, 0), NodeOps.Then(flat, zip.PushforwardNode));
    }
}
