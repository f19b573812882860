namespace Vjp.Functional.Engine;

/// <summary>
/// The untyped structure of a differentiable function. Nodes are immutable; a node compiles
/// itself once, lazily, into a flat <see cref="Tape"/> that the forward, pullback and
/// pushforward sweeps run in loops, so evaluation depth does not grow with the length of a
/// composition.
/// </summary>
internal abstract class Node : IDiff
{
    // The lazily built derived values (tapes, gradient function) of the few nodes that are compiled, in one
    // object rather than three fields of every node: a gradient function is millions of nodes, compiled as one.
    private Derived? _derived;

    // How many composite nodes have this one as a part, counted up to 2 (see Shared).
    private int _parents;

    protected Node(VectorSpace inputSpace, VectorSpace outputSpace, int depth, bool hasPushforward)
    {
        InputSpace = inputSpace;
        OutputSpace = outputSpace;
        Depth = depth;
        HasPushforward = hasPushforward;
    }

    public abstract string Name { get; }

    public abstract DiffKind Kind { get; }

    public VectorSpace InputSpace { get; }

    public VectorSpace OutputSpace { get; }

    /// <summary>Nesting depth of the structure, not counting the length of compositions (which compile iteratively).</summary>
    public int Depth { get; }

    public bool HasPushforward { get; }

    public virtual Domain Domain => Domain.All;

    public virtual IReadOnlyList<Node> Children => [];

    IReadOnlyList<IDiff> IDiff.Parts => Children;

    private Derived Lazy => _derived ?? Interlocked.CompareExchange(ref _derived, new Derived(), null) ?? _derived;

    /// <summary>The compiled tape; compiled on first use. A benign race may compile twice; tapes are immutable.</summary>
    public Tape Tape => Lazy.Tape ??= Compiler.Compile(this);

    /// <summary>
    /// The tape for cotangents of the first component of a tuple input only (the parameters of a loss whose other
    /// components are data): the other components are constants to its pullback sweep, which does no cotangent
    /// work for them, and its pullback returns the first component's cotangent.
    /// </summary>
    public Tape FirstComponentTape => Lazy.FirstComponentTape ??= Compiler.Compile(this, activeComponent: 0);

    private Tape?[]? _componentTapes;

    /// <summary>
    /// The tape for cotangents of component <paramref name="k"/> of a tuple or record input only, as
    /// <see cref="FirstComponentTape"/> for the first; compiled on first use per component. A benign race may
    /// compile twice; tapes are immutable.
    /// </summary>
    public Tape ComponentTape(int k)
    {
        if (k == 0)
        {
            return FirstComponentTape;
        }

        var tapes = _componentTapes ??= new Tape?[((IProductSpace)InputSpace).Arity];
        return tapes[k] ??= Compiler.Compile(this, activeComponent: k);
    }

    /// <summary>x ↦ ∇f(x) as a differentiable function (scalar-output nodes only); built once, on first use.</summary>
    public Node GradientNode => Lazy.Gradient ??= Emitter.Pullback(this, new IdNode(InputSpace), NodeOps.Const(InputSpace, 1.0));

    /// <summary>
    /// Whether this node is a part of more than one composite node (or twice of one). The compiler remembers what it
    /// compiled for such nodes only: a node with one parent is reached only through it, so it compiles once wherever
    /// its parent does. The count is a hint that only grows, as parents are built (a node is a part of nothing yet
    /// when it is built, and a graph being compiled gains no parents inside it), so it changes no result.
    /// </summary>
    public bool Shared => Volatile.Read(ref _parents) > 1;

    /// <summary>Counts one more composite node having <paramref name="part"/> as a part; returns it.</summary>
    protected static Node Adopt(Node part)
    {
        if (Volatile.Read(ref part._parents) < 2)
        {
            Interlocked.Increment(ref part._parents);
        }

        return part;
    }

    protected static Node[] AdoptAll(Node[] parts)
    {
        foreach (var p in parts)
        {
            Adopt(p);
        }

        return parts;
    }

    /// <summary>A lazily built value of this node, kept with its tapes (see <see cref="ThenNode.Stages"/>).</summary>
    protected T Derive<T>(Func<Derived, T?> get, Action<Derived, T> set, Func<Node, T> build)
        where T : class
    {
        var lazy = Lazy;
        if (get(lazy) is { } done)
        {
            return done;
        }

        var value = build(this);
        set(lazy, value);
        return value;
    }

    protected sealed class Derived
    {
        public Node[]? Stages;
        public Tape? Tape;
        public Tape? FirstComponentTape;
        public Node? Gradient;
    }

    public object Invoke(object x) => Tape.Run(x);

    public object Vjp(object x, object yBar)
    {
        var trace = Tape.Record(x);
        return Tape.Pullback(trace, yBar);
    }

    public object Jvp(object x, object dx) => Tape.ValueAndTangent(x, dx).Tangent;

    public override string ToString() => Printer.Print(this);

    // Loops rather than LINQ: the emitter builds a node or two per instruction of a tape, millions for a long chain.
    protected static int MaxDepth(Node[] parts)
    {
        var depth = 0;
        foreach (var p in parts)
        {
            depth = Math.Max(depth, p.Depth);
        }

        return depth;
    }

    protected static bool AllHavePushforward(Node[] parts)
    {
        foreach (var p in parts)
        {
            if (!p.HasPushforward)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A rule: primitive, user rule or control-flow combinator.</summary>
internal sealed class RuleNode(Rule rule) : Node(rule.In, rule.Out, 1, rule.HasPushforward)
{
    public Rule Rule { get; } = rule;

    public override string Name => Rule.Name;

    public override DiffKind Kind => Rule.Kind;

    public override IReadOnlyList<Node> Children => Rule.Children;

    public override Domain Domain => Rule.Domain;
}

/// <summary>Sequential composition: <c>Second ∘ First</c>.</summary>
internal sealed class ThenNode(Node first, Node second)
    : Node(first.InputSpace, second.OutputSpace, Math.Max(first.Depth, second.Depth), first.HasPushforward && second.HasPushforward)
{
    public Node First { get; } = Adopt(first);

    public Node Second { get; } = Adopt(second);

    /// <summary>The number of <see cref="Stages"/>, known without flattening (a chain shared by many others is flattened by none).</summary>
    public long StageCount { get; } = (first is ThenNode f ? f.StageCount : 1) + (second is ThenNode s ? s.StageCount : 1);

    public override string Name => "then";

    public override DiffKind Kind => DiffKind.Composition;

    /// <summary>The stages in order, flattened iteratively through nested compositions.</summary>
    public Node[] Stages => Derive(static d => d.Stages, static (d, v) => d.Stages = v, static n => Flatten((ThenNode)n));

    public override IReadOnlyList<Node> Children => Stages;

    private static Node[] Flatten(ThenNode root)
    {
        var result = new List<Node>();
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n is ThenNode t)
            {
                // Push second first so that first is processed first.
                stack.Push(t.Second);
                stack.Push(t.First);
            }
            else
            {
                result.Add(n);
            }
        }

        return [.. result];
    }
}

/// <summary>Fan-out: every part runs on the input; the output packs their outputs into a tuple or record.</summary>
internal sealed class FanoutNode : Node
{
    public FanoutNode(Node[] parts, VectorSpace outputSpace)
        : base(parts[0].InputSpace, outputSpace, 1 + MaxDepth(parts), AllHavePushforward(parts))
    {
        Parts = AdoptAll(parts);
        _ = (IProductSpace)outputSpace;
    }

    public Node[] Parts { get; }

    public IProductSpace Product => (IProductSpace)OutputSpace;

    public override string Name => "fanout";

    public override DiffKind Kind => DiffKind.Fanout;

    public override IReadOnlyList<Node> Children => Parts;
}

/// <summary>Projection of component <see cref="Index"/> out of a tuple or record.</summary>
internal sealed class ProjectNode(VectorSpace input, int index)
    : Node(input, ((IProductSpace)input).ComponentSpaces[index], 1, true)
{
    public int Index { get; } = index;

    public override string Name => ((IProductSpace)InputSpace).ComponentNames[Index] switch
    {
        "Item1" when ((IProductSpace)InputSpace).Arity == 2 => "fst",
        "Item2" when ((IProductSpace)InputSpace).Arity == 2 => "snd",
        var n => n,
    };

    public override DiffKind Kind => DiffKind.Projection;
}

/// <summary>The identity.</summary>
internal sealed class IdNode(VectorSpace space) : Node(space, space, 1, true)
{
    public override string Name => "id";

    public override DiffKind Kind => DiffKind.Identity;
}

/// <summary>A constant function; its pullback is zero.</summary>
internal sealed class ConstNode(VectorSpace input, VectorSpace output, object value) : Node(input, output, 1, true)
{
    public object Value { get; } = value;

    public override string Name => "const";

    public override DiffKind Kind => DiffKind.Constant;
}

/// <summary>A user-named wrapper; transparent to evaluation, visible to tools.</summary>
/// <param name="name">The name.</param>
/// <param name="inner">The wrapped function.</param>
/// <param name="clause">For a range variable of a LINQ query, the clause that binds it (<c>from</c>, <c>let</c>); null for a user's name.</param>
internal sealed class NamedNode(string name, Node inner, string? clause = null) : Node(inner.InputSpace, inner.OutputSpace, inner.Depth + 1, inner.HasPushforward)
{
    public Node Inner { get; } = Adopt(inner);

    /// <summary>For a range variable of a LINQ query, the clause that binds it (<c>from</c>, <c>let</c>); null for a name given with <c>Named</c>.</summary>
    public string? Clause { get; } = clause;

    public override string Name { get; } = name;

    public override DiffKind Kind => DiffKind.Named;

    public override IReadOnlyList<Node> Children => [Inner];
}

/// <summary>An n-ary rule applied to the outputs of its parts (stacking scalars, concatenating vectors).</summary>
internal sealed class NaryNode : Node
{
    public NaryNode(NaryRule rule, Node[] parts)
        : base(parts[0].InputSpace, rule.Out, 1 + MaxDepth(parts), AllHavePushforward(parts))
    {
        Rule = rule;
        Parts = AdoptAll(parts);
    }

    public NaryRule Rule { get; }

    public Node[] Parts { get; }

    public override string Name => Rule.Name;

    public override DiffKind Kind => DiffKind.Primitive;

    public override IReadOnlyList<Node> Children => Parts;
}

/// <summary>A variable bound by an enclosing <see cref="BindNode"/>: a function of the outer input whose value is the bound one.</summary>
internal sealed class VarNode(VectorSpace input, VectorSpace output) : Node(input, output, 1, true)
{
    public override string Name => "v";

    public override DiffKind Kind => DiffKind.Variable;
}

/// <summary>
/// Binds <see cref="Var"/> in <see cref="Body"/>: the function <c>(x, v) ↦ body(x)</c> with the variable
/// standing for <c>v</c>. Used to differentiate a closure with respect to its own argument while it
/// captures expressions of the outer input — each binding is a distinct variable, so nested
/// derivatives never confuse their perturbations.
/// </summary>
internal sealed class BindNode(VarNode var, Node body, VectorSpace pair)
    : Node(pair, body.OutputSpace, body.Depth + 1, body.HasPushforward)
{
    public VarNode Var { get; } = var;

    public Node Body { get; } = Adopt(body);

    public override string Name => "λv";

    public override DiffKind Kind => DiffKind.Named;

    public override IReadOnlyList<Node> Children => [Body];
}
