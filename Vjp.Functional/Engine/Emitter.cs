namespace Vjp.Functional.Engine;

/// <summary>
/// Turns a compiled tape back into differentiable structure: the primal of every slot, and the
/// pullback or pushforward of the whole tape, as <see cref="Node"/>s built from the rules'
/// differentiable forms. The result is an ordinary function, so it can be differentiated again.
/// </summary>
internal sealed class Emitter
{
    // A pullback needs no tangents and a pushforward no cotangents: the unused table is empty, not a slot long.
    private Emitter(int slots, bool reverse)
    {
        Primal = new Node?[slots];
        Cotangent = reverse ? new Node?[slots] : [];
        Tangent = reverse ? [] : new Node?[slots];
    }

    public Node?[] Primal { get; }

    public Node?[] Cotangent { get; }

    public Node?[] Tangent { get; }

    public static Node PullbackForm(Rule rule) => rule.PullbackNode ?? throw Missing(rule);

    public static Node PushforwardForm(Rule rule) => rule.PushforwardNode ?? throw Missing(rule);

    private static NotTwiceDifferentiableException Missing(Rule rule) => rule.Kind == DiffKind.Rule
        ? NotTwiceDifferentiableException.For(rule.Name)
        : NotTwiceDifferentiableException.ForLibrary(rule.Name, rule.SecondOrderUnsupported ?? "its pullback is not expressed as a differentiable function.");

    /// <summary><c>form(a, b)</c> for a form taking a pair.</summary>
    public static Node Apply(Node form, Node a, Node b) =>
        NodeOps.Then(new FanoutNode([a, b], form.InputSpace), form);

    public void Accumulate(int slot, Node contribution, VectorSpace space)
    {
        var current = Cotangent[slot];
        Cotangent[slot] = current is null ? contribution : NodeOps.Apply2(new SpaceAddRule(space), current, contribution);
    }

    public Node TangentOrZero(int slot, VectorSpace space) => Tangent[slot] ?? ZeroLike(Primal[slot]!);

    public static Node ZeroLike(Node primal) => NodeOps.Then(primal, new RuleNode(new ZeroLikeRule(primal.OutputSpace)));

    private static Emitter Forward(Tape tape, Node x, bool reverse)
    {
        var e = new Emitter(tape.SlotCount, reverse);
        e.Primal[0] = x;
        foreach (var (slot, value) in tape.Constants)
        {
            e.Primal[slot] = new ConstNode(x.InputSpace, VectorSpace.Of(value.GetType()), value);
        }

        foreach (var instr in tape.Instructions)
        {
            instr.EmitForward(e);
        }

        return e;
    }

    /// <summary>The pullback of <paramref name="f"/> at <c>x</c> applied to <c>ȳ</c>, where both are functions of a common input.</summary>
    public static Node Pullback(Node f, Node x, Node yBar)
    {
        var tape = f.Tape;
        var e = Forward(tape, x, reverse: true);
        e.Cotangent[tape.OutSlot] = yBar;
        for (var i = tape.Instructions.Count - 1; i >= 0; i--)
        {
            tape.Instructions[i].EmitBackward(e);
        }

        return e.Cotangent[0] ?? ZeroLike(x);
    }

    /// <summary>The pushforward of <paramref name="f"/> at <c>x</c> applied to <c>ẋ</c>, where both are functions of a common input.</summary>
    public static Node Pushforward(Node f, Node x, Node dx)
    {
        var tape = f.Tape;
        var e = Forward(tape, x, reverse: false);
        e.Tangent[0] = dx;
        foreach (var instr in tape.Instructions)
        {
            instr.EmitTangent(e);
        }

        return e.Tangent[tape.OutSlot] ?? ZeroLike(e.Primal[tape.OutSlot]!);
    }
}

/// <summary><c>(a, b) ↦ a + b</c> in any vector space; linear, so its forms are structural.</summary>
internal sealed class SpaceAddRule(VectorSpace space) : Rule("add", NodeOps.PairSpace(space, space), space)
{
    private readonly VectorSpace _space = space;

    public override int Arity => 2;

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return _space.AddObject(a, b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        aBar = yBar;
        bBar = yBar;
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db) =>
        da is null ? db : db is null ? da : _space.AddObject(da, db);

    public override string Format2(string a, string b) => $"({a} + {b})";

    /// <summary>((a, b), ȳ) ↦ (ȳ, ȳ).</summary>
    public override Node PullbackNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, Out);
            var seed = new ProjectNode(input, 1);
            return new FanoutNode([seed, seed], In);
        }
    }

    /// <summary>((a, b), (ȧ, ḃ)) ↦ ȧ + ḃ.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, In);
            var dots = new ProjectNode(input, 1);
            return NodeOps.Then(dots, new RuleNode(this));
        }
    }
}

/// <summary><c>x ↦ 0</c> shaped like x; its derivative is zero.</summary>
internal sealed class ZeroLikeRule(VectorSpace space) : Rule("zero", space, space)
{
    public override int Arity => 1;

    public override object Forward(object x, out object? r)
    {
        r = null;
        return In.ZeroLikeObject(x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => null;

    public override object? Pushforward(object x, object y, object? r, object dx) => null;

    public override string Format(string arg) => "0";

    public override Node PullbackNode => Emitter.ZeroLike(new ProjectNode(NodeOps.PairSpace(In, Out), 0));

    public override Node PushforwardNode => Emitter.ZeroLike(new ProjectNode(NodeOps.PairSpace(In, In), 0));
}

/// <summary>
/// A linear map of its second argument whose shape comes from its first: <c>(like, v) ↦ L_like(v)</c>
/// (broadcast a scalar to a vector shaped like <c>like</c>, scatter into a zero vector, pad a slice).
/// Its derivative in <c>like</c> is zero; its adjoint in <c>v</c> is another such map.
/// </summary>
internal sealed class ShapedLinearRule<TLike, TV, TOut>(
    string name,
    Func<TLike, TV, TOut> apply,
    Func<TLike, TOut, TV> adjoint,
    Func<ShapedLinearRule<TLike, TV, TOut>, Node> adjointForm)
    : Rule(name, VectorSpace<(TLike, TV)>.Instance, VectorSpace<TOut>.Instance)
    where TLike : notnull
    where TV : notnull
    where TOut : notnull
{
    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    public override int Arity => 2;

    public TV Adjoint(TLike like, TOut yBar) => adjoint(like, yBar);

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return apply((TLike)a, (TV)b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        aBar = null;
        bBar = adjoint((TLike)a, (TOut)yBar);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db) =>
        db is null ? null : apply((TLike)a, (TV)db);

    /// <summary>((like, v), ȳ) ↦ (0, L*(ȳ)).</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildPullback();

    /// <summary>((like, v), (l̇, v̇)) ↦ L(v̇).</summary>
    public override Node PushforwardNode => _pushforwardNode ??= BuildPushforward();

    private Node BuildPullback()
    {
        var input = NodeOps.PairSpace(In, Out);
        var like = NodeOps.Project(new ProjectNode(input, 0), 0);
        var seed = new ProjectNode(input, 1);
        var vBar = NodeOps.Then(new FanoutNode([like, seed], adjointForm(this).InputSpace), adjointForm(this));
        return new FanoutNode([Emitter.ZeroLike(like), vBar], In);
    }

    private Node BuildPushforward()
    {
        var input = NodeOps.PairSpace(In, In);
        var like = NodeOps.Project(new ProjectNode(input, 0), 0);
        var dv = NodeOps.Project(new ProjectNode(input, 1), 1);
        return NodeOps.Apply2(this, like, dv);
    }
}

/// <summary><c>(s, v) ↦ s·v</c> in any vector space; bilinear, with forms built from itself and <see cref="SpaceInnerRule"/>.</summary>
internal sealed class SpaceScaleRule(VectorSpace space) : Rule("scale", NodeOps.PairSpace(DoubleSpace.Default, space), space)
{
    private readonly VectorSpace _space = space;

    public override int Arity => 2;

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return _space.ScaleObject((double)a, b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        aBar = _space.InnerObject(yBar, b);
        bBar = _space.ScaleObject((double)a, yBar);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        object? dy = da is null ? null : _space.ScaleObject((double)da, b);
        if (db is not null)
        {
            var part = _space.ScaleObject((double)a, db);
            dy = dy is null ? part : _space.AddObject(dy, part);
        }

        return dy;
    }

    public override string Format2(string a, string b) => $"{a} * {b}";

    /// <summary>((s, v), ȳ) ↦ (⟨ȳ, v⟩, s·ȳ).</summary>
    public override Node PullbackNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, Out);
            var sv = new ProjectNode(input, 0);
            var seed = new ProjectNode(input, 1);
            var s = NodeOps.Project(sv, 0);
            var v = NodeOps.Project(sv, 1);
            return new FanoutNode([NodeOps.Apply2(new SpaceInnerRule(_space), seed, v), NodeOps.Apply2(this, s, seed)], In);
        }
    }

    /// <summary>((s, v), (ṡ, v̇)) ↦ ṡ·v + s·v̇.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, In);
            var sv = new ProjectNode(input, 0);
            var dots = new ProjectNode(input, 1);
            return NodeOps.Apply2(
                new SpaceAddRule(_space),
                NodeOps.Apply2(this, NodeOps.Project(dots, 0), NodeOps.Project(sv, 1)),
                NodeOps.Apply2(this, NodeOps.Project(sv, 0), NodeOps.Project(dots, 1)));
        }
    }
}

/// <summary><c>(a, b) ↦ ⟨a, b⟩</c> in any vector space; bilinear.</summary>
internal sealed class SpaceInnerRule(VectorSpace space) : Rule("inner", NodeOps.PairSpace(space, space), DoubleSpace.Default)
{
    private readonly VectorSpace _space = space;

    public override int Arity => 2;

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return _space.InnerObject(a, b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        aBar = _space.ScaleObject((double)yBar, b);
        bBar = _space.ScaleObject((double)yBar, a);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db) =>
        (da is null ? 0 : _space.InnerObject(da, b)) + (db is null ? 0 : _space.InnerObject(a, db));

    public override string Format2(string a, string b) => $"⟨{a}, {b}⟩";

    /// <summary>((a, b), ȳ) ↦ (ȳ·b, ȳ·a).</summary>
    public override Node PullbackNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, Out);
            var ab = new ProjectNode(input, 0);
            var seed = new ProjectNode(input, 1);
            var scale = new SpaceScaleRule(_space);
            return new FanoutNode([NodeOps.Apply2(scale, seed, NodeOps.Project(ab, 1)), NodeOps.Apply2(scale, seed, NodeOps.Project(ab, 0))], In);
        }
    }

    /// <summary>((a, b), (ȧ, ḃ)) ↦ ⟨ȧ, b⟩ + ⟨a, ḃ⟩.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, In);
            var ab = new ProjectNode(input, 0);
            var dots = new ProjectNode(input, 1);
            return NodeOps.Apply2(
                ScalarPrimitives.AddRule,
                NodeOps.Apply2(this, NodeOps.Project(dots, 0), NodeOps.Project(ab, 1)),
                NodeOps.Apply2(this, NodeOps.Project(ab, 0), NodeOps.Project(dots, 1)));
        }
    }
}
