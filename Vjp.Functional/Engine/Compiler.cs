namespace Vjp.Functional.Engine;

/// <summary>
/// Compiles a <see cref="Node"/> structure into a <see cref="Tape"/>. Compositions are
/// flattened iteratively, so a chain of a million stages compiles without deep recursion;
/// a node reached twice from the same input (a shared sub-expression, a LINQ range variable)
/// compiles once, so its forward and pullback run once per sweep.
/// </summary>
internal sealed class Compiler
{
    private abstract class Val(VectorSpace space)
    {
        public VectorSpace Space { get; } = space;
    }

    private sealed class Leaf(VectorSpace space, int slot) : Val(space)
    {
        public int Slot { get; } = slot;

        public Leaf[]? Components { get; set; }
    }

    private sealed class Tup(VectorSpace space, Val[] parts) : Val(space)
    {
        public Val[] Parts { get; } = parts;

        public int? Packed { get; set; }
    }

    private readonly List<Instr> _instrs = [];
    private readonly List<(int, object)> _consts = [];

    private readonly Dictionary<(Node, Val, Env?), Val> _memo = new(new KeyComparer());
    private Env? _env;

    /// <summary>The bindings of variables in scope; part of the memo key, so a node under one binding is never reused under another.</summary>
    private sealed class Env(VarNode var, Val value, Env? parent)
    {
        public Val? Lookup(VarNode v)
        {
            for (var e = this; e is not null; e = e.Parent)
            {
                if (ReferenceEquals(e.Var, v))
                {
                    return e.Value;
                }
            }

            return null;
        }

        private VarNode Var { get; } = var;

        private Val Value { get; } = value;

        private Env? Parent { get; } = parent;
    }

    // Per slot: whether its value depends on the input. Slots fed only by constants are inactive,
    // and so are the instructions computing them: the pullback sweep skips them.
    private readonly List<bool> _active = [];
    private int _slots;


    private const int DeepStructure = 1_000;

    private readonly int? _activeComponent;

    private Compiler(int? activeComponent) => _activeComponent = activeComponent;

    /// <param name="root">The function.</param>
    /// <param name="activeComponent">
    /// When set, only this component of the (tuple) input is differentiated: the others are constants to the
    /// pullback sweep, and the tape's pullback returns this component's cotangent (see <see cref="Tape.ActiveSlot"/>).
    /// </param>
    public static Tape Compile(Node root, int? activeComponent = null)
    {
        if (root.Depth <= DeepStructure)
        {
            return new Compiler(activeComponent).Run(root);
        }

        // Deeply nested (non-sequential) structure, e.g. an expression summing thousands of terms
        // one by one: compile on a thread with a stack sized for it rather than overflow.
        Tape? tape = null;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    tape = new Compiler(activeComponent).Run(root);
                }
#pragma warning disable CA1031 // rethrown on the calling thread below
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = e;
                }
            },
            maxStackSize: 1 << 30);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            Tape.Rethrow(error);
        }

        return tape!;
    }

    private Tape Run(Node root)
    {
        var input = new Leaf(root.InputSpace, NewSlot(active: _activeComponent is null));
        var activeSlot = 0;
        VectorSpace? activeSpace = null;
        if (_activeComponent is int k)
        {
            var product = root.InputSpace as IProductSpace
                ?? throw new ArgumentException($"Only a function of a tuple or record can be differentiated in one component; '{Printer.Short(root)}' takes {root.InputSpace.Type.Name}.");
            var comps = new Leaf[product.Arity];
            var slots = new int[product.Arity];
            for (var i = 0; i < comps.Length; i++)
            {
                slots[i] = NewSlot(active: i == k);
                comps[i] = new Leaf(product.ComponentSpaces[i], slots[i]);
            }

            Emit(new Unpack(product, root.InputSpace, input.Slot, slots) { Path = new PathFrame(null, "unpack"), Active = false });
            input.Components = comps;
            activeSlot = slots[k];
            activeSpace = product.ComponentSpaces[k];
        }

        // A rule or a named root labels its own frame; only a composition needs a root label
        // (otherwise error paths read "model ▸ model ▸ …").
        var rootFrame = root is RuleNode or NamedNode ? null : new PathFrame(null, Printer.Short(root));
        var output = Compile(root, input, rootFrame);
        var outSlot = Materialize(output, rootFrame);
        return new Tape(root, Live(outSlot, activeSlot), _slots, outSlot, [.. _consts]) { ActiveSlot = activeSlot, ActiveSpace = activeSpace };
    }

    /// <summary>
    /// The instructions whose results reach the output, in order: a part of a fan-out that nothing projects (the
    /// cotangent of a constant inside a rule's pullback form, a discarded component) is never run. The unpacking of
    /// the differentiated component's slot is kept, since the pullback reads that slot.
    /// </summary>
    private Instr[] Live(int outSlot, int activeSlot)
    {
        var live = new bool[_slots];
        live[outSlot] = true;
        live[activeSlot] = true;
        var keep = new bool[_instrs.Count];
        var any = false;
        for (var i = _instrs.Count - 1; i >= 0; i--)
        {
            var instr = _instrs[i];
            if (!instr.Writes.Any(slot => live[slot]))
            {
                any = true;
                continue;
            }

            keep[i] = true;
            foreach (var slot in instr.Reads)
            {
                live[slot] = true;
            }
        }

        return any ? [.. _instrs.Where((_, i) => keep[i])] : [.. _instrs];
    }

    private int NewSlot(bool active = false)
    {
        _active.Add(active);
        return _slots++;
    }


    private void Emit(Instr instr) => _instrs.Add(instr);

    private Val Compile(Node node, Val input, PathFrame? path)
    {
        if (_memo.TryGetValue((node, input, _env), out var done))
        {
            return done;
        }

        var result = node switch
        {
            IdNode => input,
            ConstNode c => Constant(c),
            ProjectNode p => Project(input, p.Index, path),
            NamedNode n => Compile(n.Inner, input, new PathFrame(path, n.Name)),
            ThenNode t => Sequence(t, input, path),
            FanoutNode f => new Tup(f.OutputSpace, [.. f.Parts.Select((part, i) => Compile(part, input, new PathFrame(path, $"{f.Name}[{i}]")))]),
            RuleNode r => ApplyRule(r.Rule, input, new PathFrame(path, r.Name)),
            NaryNode n => ApplyNary(n, input, path),
            VarNode v => _env?.Lookup(v) ?? throw new InvalidOperationException(
                "A variable of Diff.Derivative or Diff.GradientAt was used outside the function that binds it."),
            BindNode b => Bind(b, input, path),
            _ => throw new NotSupportedException($"Unknown node {node.GetType().Name}."),
        };
        _memo[(node, input, _env)] = result;
        return result;
    }

    private Val Bind(BindNode b, Val input, PathFrame? path)
    {
        var outer = _env;
        _env = new Env(b.Var, Project(input, 1, path), outer);
        try
        {
            return Compile(b.Body, Project(input, 0, path), new PathFrame(path, b.Name));
        }
        finally
        {
            _env = outer;
        }
    }

    private Leaf Constant(ConstNode c)
    {
        var slot = NewSlot();
        _consts.Add((slot, c.Value));
        return new Leaf(c.OutputSpace, slot);
    }

    private Val Sequence(ThenNode t, Val input, PathFrame? path)
    {
        var stages = t.Stages;
        var current = input;
        for (var i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            var frame = stages.Length > 1 && stage is not RuleNode ? new PathFrame(path, $"stage {i}") : path;
            current = Compile(stage, current, frame);
        }

        return current;
    }

    private Val Project(Val input, int index, PathFrame? path)
    {
        if (input is Tup tup)
        {
            return tup.Parts[index];
        }

        var leaf = (Leaf)input;
        if (leaf.Components is null)
        {
            var product = (IProductSpace)leaf.Space;
            var comps = new Leaf[product.Arity];
            var slots = new int[product.Arity];
            for (var i = 0; i < comps.Length; i++)
            {
                slots[i] = NewSlot(_active[leaf.Slot]);
                comps[i] = new Leaf(product.ComponentSpaces[i], slots[i]);
            }

            Emit(new Unpack(product, leaf.Space, leaf.Slot, slots) { Path = new PathFrame(path, "unpack"), Active = _active[leaf.Slot] });
            leaf.Components = comps;
        }

        return leaf.Components[index];
    }

    private int Materialize(Val v, PathFrame? path)
    {
        switch (v)
        {
            case Leaf l:
                return l.Slot;
            case Tup t when t.Packed is { } packed:
                return packed;
            case Tup t:
                var inputs = t.Parts.Select(p => Materialize(p, path)).ToArray();
                var active = inputs.Any(i => _active[i]);
                var slot = NewSlot(active);
                Emit(new Pack((IProductSpace)t.Space, inputs, slot) { Path = new PathFrame(path, "pack"), Active = active });
                t.Packed = slot;
                return slot;
            default:
                throw new NotSupportedException();
        }
    }

    private Leaf ApplyRule(Rule rule, Val input, PathFrame path)
    {
        var output = NewSlot();
        if (rule.Arity == 1)
        {
            var x = Materialize(input, path);
            _active[output] = _active[x];
            Emit(new Apply1(rule, x, output) { Path = path, Active = _active[x] });
        }
        else
        {
            var a = Materialize(Project(input, 0, path), path);
            var b = Materialize(Project(input, 1, path), path);
            _active[output] = _active[a] || _active[b];
            Emit(new Apply2(rule, a, b, output) { Path = path, Active = _active[output], NeedA = _active[a], NeedB = _active[b] });
        }

        return new Leaf(rule.Out, output);
    }

    private Leaf ApplyNary(NaryNode n, Val input, PathFrame? path)
    {
        var frame = new PathFrame(path, n.Name);
        var inputs = n.Parts.Select((p, i) => Materialize(Compile(p, input, new PathFrame(frame, $"[{i}]")), frame)).ToArray();
        var active = inputs.Any(i => _active[i]);
        var output = NewSlot(active);
        Emit(new ApplyN(n.Rule, inputs, output) { Path = frame, Active = active });
        return new Leaf(n.Rule.Out, output);
    }


    private sealed class KeyComparer : IEqualityComparer<(Node, Val, Env?)>
    {
        public bool Equals((Node, Val, Env?) x, (Node, Val, Env?) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && ReferenceEquals(x.Item3, y.Item3);

        public int GetHashCode((Node, Val, Env?) obj) => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1),
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2),
            obj.Item3 is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item3));
    }
}
