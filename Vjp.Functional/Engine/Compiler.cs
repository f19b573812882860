namespace Vjp.Functional.Engine;

/// <summary>
/// Compiles a <see cref="Node"/> structure into a <see cref="Tape"/>, in time linear in its size. Parts
/// are compiled on an explicit stack, so neither a chain of a million stages nor an expression nested a
/// hundred thousand deep recurses;
/// a node reached twice from the same input (a shared sub-expression, a LINQ range variable)
/// compiles once, so its forward and pullback run once per sweep.
/// </summary>
internal sealed class Compiler
{
    private abstract class Val
    {
        private const int Few = 8;

        // What has been compiled on this value as input: (node, bindings) ↦ its value. Only what may be reached
        // again is remembered (see Request.Keep), so most values remember nothing: the memo (and a leaf's
        // components) live in a side object made on first use, keeping the hundreds of thousands of values of a
        // wide function small. It holds one entry in fields; a few more go to a short array, and a value that is the
        // input of many remembered nodes (the input of a gradient function, on which every prefix of a chain is
        // compiled) moves them to a dictionary. Kept per value rather than in one table keyed by (node, value,
        // bindings), so that a large function never rehashes one huge table.
        private Memo? _memo;

        private sealed class Memo
        {
            public Node? Node0;
            public Env? Env0;
            public Val? Value0;

            // Null, a (node, bindings, value)[] filled from the start (null past the last entry), or a dictionary.
            public object? More;

            public Leaf[]? Components;
        }

        /// <summary>The value's space when it is a product (a tuple of values, a leaf of a product space), else null: only products are projected and packed.</summary>
        public abstract IProductSpace? Product { get; }

        /// <summary>A leaf's component leaves, once unpacked (see <see cref="Compiler.Project(Val, int, Label)"/>).</summary>
        public Leaf[]? Components
        {
            get => _memo?.Components;
            set => (_memo ??= new Memo()).Components = value;
        }

        public Val? Recall(Node node, Env? env)
        {
            if (_memo is not { } memo)
            {
                return null;
            }

            if (ReferenceEquals(memo.Node0, node) && ReferenceEquals(memo.Env0, env))
            {
                return memo.Value0;
            }

            switch (memo.More)
            {
                case null:
                    return null;
                case Dictionary<(Node, Env?), Val> many:
                    return many.GetValueOrDefault((node, env));
                default:
                    var few = ((Node? Node, Env? Env, Val? Value)[])memo.More;
                    for (var i = 0; i < few.Length && few[i].Node is not null; i++)
                    {
                        if (ReferenceEquals(few[i].Node, node) && ReferenceEquals(few[i].Env, env))
                        {
                            return few[i].Value;
                        }
                    }

                    return null;
            }
        }

        public void Remember(Node node, Env? env, Val value)
        {
            var memo = _memo ??= new Memo();
            if (memo.Node0 is null || (ReferenceEquals(memo.Node0, node) && ReferenceEquals(memo.Env0, env)))
            {
                (memo.Node0, memo.Env0, memo.Value0) = (node, env, value);
                return;
            }

            if (memo.More is Dictionary<(Node, Env?), Val> many)
            {
                many[(node, env)] = value;
                return;
            }

            var few = ((Node? Node, Env? Env, Val? Value)[]?)memo.More ?? new (Node?, Env?, Val?)[1];
            memo.More = few;
            var count = 0;
            for (; count < few.Length && few[count].Node is not null; count++)
            {
                if (ReferenceEquals(few[count].Node, node) && ReferenceEquals(few[count].Env, env))
                {
                    few[count].Value = value;
                    return;
                }
            }

            if (count < Few)
            {
                if (count == few.Length)
                {
                    Array.Resize(ref few, 2 * count);
                    memo.More = few;
                }

                few[count] = (node, env, value);
                return;
            }

            many = new Dictionary<(Node, Env?), Val>(2 * Few, KeyComparer.Instance);
            foreach (var entry in few)
            {
                many[(entry.Node!, entry.Env)] = entry.Value!;
            }

            many[(node, env)] = value;
            memo.More = many;
        }
    }

    /// <summary>A value held in one slot; the space is kept only for a product (see <see cref="Val.Product"/>), so that the leaves of a wide function stay small.</summary>
    private class Leaf(int slot) : Val
    {
        public int Slot { get; } = slot;

        public override IProductSpace? Product => null;

        public static Leaf Of(VectorSpace space, int slot) => space is IProductSpace product ? new ProductLeaf(product, slot) : new Leaf(slot);
    }

    private sealed class ProductLeaf(IProductSpace product, int slot) : Leaf(slot)
    {
        public override IProductSpace? Product => product;
    }

    private sealed class Tup(VectorSpace space, Val[] parts) : Val
    {
        public override IProductSpace? Product => (IProductSpace)space;

        public Val[] Parts { get; } = parts;

        /// <summary>The slot the parts were packed into, or −1.</summary>
        public int Packed { get; set; } = -1;
    }

    private readonly Chunks<Instr> _instrs = new();
    private readonly Chunks<(int, object)> _consts = new();

    // The left spines of the compositions being compiled (see ThenFrame).
    private readonly List<ThenNode> _spine = [];
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


    private readonly int? _activeComponent;

    private Compiler(int? activeComponent) => _activeComponent = activeComponent;

    /// <param name="root">The function.</param>
    /// <param name="activeComponent">
    /// When set, only this component of the (tuple) input is differentiated: the others are constants to the
    /// pullback sweep, and the tape's pullback returns this component's cotangent (see <see cref="Tape.ActiveSlot"/>).
    /// </param>
    public static Tape Compile(Node root, int? activeComponent = null) => new Compiler(activeComponent).Run(root);

    private Tape Run(Node root)
    {
        var input = Leaf.Of(root.InputSpace, NewSlot(active: _activeComponent is null));
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
                comps[i] = Leaf.Of(product.ComponentSpaces[i], slots[i]);
            }

            Emit(new Unpack(product, root.InputSpace, input.Slot, slots) { Where = null, Active = false });
            input.Components = comps;
            activeSlot = slots[k];
            activeSpace = product.ComponentSpaces[k];
        }

        // A rule or a named root labels its own frame; only a composition needs a root label
        // (otherwise error paths read "model ▸ model ▸ …").
        var rootFrame = root is RuleNode or NamedNode ? null : PathFrame.Named(null, Printer.Short(root));
        var output = Compile(root, input, rootFrame);
        var outSlot = Materialize(output, rootFrame);
        return new Tape(root, Live(outSlot, activeSlot), _slots, outSlot, _consts.ToArray()) { ActiveSlot = activeSlot, ActiveSpace = activeSpace };
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
            if (!instr.WritesAny(live))
            {
                any = true;
                continue;
            }

            keep[i] = true;
            instr.MarkReads(live);
        }

        if (!any)
        {
            return _instrs.ToArray();
        }

        var kept = new Instr[keep.Count(k => k)];
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (keep[i])
            {
                kept[j++] = _instrs[i];
            }
        }

        return kept;
    }

    private int NewSlot(bool active = false)
    {
        _active.Add(active);
        return _slots++;
    }


    private void Emit(Instr instr) => _instrs.Add(instr);

    /// <summary>
    /// Compiles <paramref name="node"/> applied to <paramref name="input"/>. The parts of a node are compiled
    /// on an explicit stack of <see cref="Frame"/>s rather than by recursion, so neither a long composition
    /// nor a deeply nested expression (a sum of a hundred thousand terms added one by one, the pullback of a
    /// long chain) deepens the call stack.
    /// </summary>
    private Val Compile(Node node, Val input, PathFrame? path)
    {
        var stack = new Stack<Frame>();
        var value = Start(new Request(node, input, new Label(path), -1), stack);
        while (stack.Count > 0)
        {
            var top = stack.Peek();
            if (top.Next(this, value, out var request))
            {
                value = Start(request, stack);
                continue;
            }

            stack.Pop();
            value = top.Result!;
            if (top.Keep)
            {
                top.Input.Remember(top.Node, top.Env, value);
            }

            if (top is ApplyFrame done && _freeFrames.Count < 64)
            {
                _freeFrames.Push(done);
            }
        }

        return value!;
    }

    /// <summary>
    /// A part to compile: a node on an input, under a path; <see cref="ChainOffset"/> is the index of its first stage
    /// when it continues a composition (else −1). <see cref="Keep"/> says whether what it compiles to is remembered
    /// on its input: when the node is <see cref="Node.Shared"/>, or is a stage of a composition applied to a value
    /// other than the composition's input (the composition may be compiled on another input giving the same value,
    /// as a projection does). A node of one parent, on its parent's input, is reached only when its parent is, which
    /// compiles once per input; remembering it would cost an entry for every part of a large function.
    /// </summary>
    /// <remarks>
    /// <see cref="Fresh"/>: the input was just made by the previous stage and only this request holds it, so nothing
    /// compiled on it can be asked for again and nothing is remembered (not even for a shared node: a rule used by
    /// every term of a wide sum is shared).
    /// </remarks>
    private readonly record struct Request(Node Node, Val Input, Label Path, long ChainOffset, bool Stage = false, bool Fresh = false)
    {
        public bool Keep => !Fresh && (Stage || Node.Shared);
    }

    /// <summary>
    /// A part's path, made into a <see cref="PathFrame"/> only when something needs it (an instruction, or a part
    /// of its own): the identity, projections and constants, most of the parts of a gradient function, need none.
    /// </summary>
    private readonly record struct Label(PathFrame? Parent, string? Name = null, long Index = -1, bool Stage = false, bool Variable = false)
    {
        public PathFrame? Make() => Name is null ? Parent
            : Variable ? PathFrame.Variable(Parent, Name)
            : Index < 0 ? PathFrame.Named(Parent, Name)
            : Stage ? PathFrame.Stage(Parent, Index)
            : PathFrame.Part(Parent, Name, Index);
    }

    /// <summary>
    /// The value of the requested node when it has no parts to compile first (or was compiled before);
    /// otherwise pushes the frame that compiles it and returns null.
    /// </summary>
    private Val? Start(Request r, Stack<Frame> stack)
    {
        var (node, input, path) = (r.Node, r.Input, r.Path);

        // Nodes that emit nothing of their own give the same value every time, and are not remembered.
        switch (node)
        {
            case IdNode:
                return input;
            case ProjectNode p:
                return Project(input, p.Index, input is Leaf { Components: null } ? path.Make() : null);
            case VarNode v:
                return _env?.Lookup(v) ?? throw new InvalidOperationException(
                    "A variable of Diff.Derivative or Diff.GradientAt was used outside the function that binds it.");
        }

        var keep = r.Keep;
        if (keep && input.Recall(node, _env) is { } done)
        {
            return done;
        }

        // A composition's own path frame, made once for all its stages.
        if (node is ThenNode)
        {
            path = new Label(path.Make());
        }

        if (node is ThenNode { Second: RuleNode second } rule && First(rule.First, input, path, Math.Max(r.ChainOffset, 0), stack, out var fresh) is { } first)
        {
            // A rule applied to what needs no compiling of its own (x ↦ x[i], the next stage of a chain whose
            // prefix is compiled): no frame. What it compiles to on a value just made, which nothing else can reach,
            // is not remembered (it would never be recalled).
            var secondKeep = !fresh && (first != input || second.Shared);
            var value = (secondKeep ? first.Recall(second, _env) : null) ?? ApplyRule(second, first, path.Make());
            if (secondKeep)
            {
                first.Remember(second, _env, value);
            }

            if (keep)
            {
                input.Remember(node, _env, value);
            }

            return value;
        }

        if (node is ThenNode { First: FanoutNode { Shared: false } fanout, Second: RuleNode } apply && AllImmediate(fanout.Parts, input))
        {
            var value = ApplyNow(apply, input, path, Math.Max(r.ChainOffset, 0), stack);
            if (keep)
            {
                input.Remember(node, _env, value);
            }

            return value;
        }

        Frame? frame = node switch
        {
            ThenNode { First: FanoutNode { Shared: false } } t => NewApplyFrame(t, input, _env, path.Make(), Math.Max(r.ChainOffset, 0)),
            ThenNode t => new ThenFrame(t, input, _env, path.Make(), Math.Max(r.ChainOffset, 0)),
            NamedNode n => new NamedFrame(n, input, _env, path.Make()),
            FanoutNode f => new FanoutFrame(f, input, _env, path.Make()),
            NaryNode n => new NaryFrame(n, input, _env, path.Make()),
            BindNode b => new BindFrame(b, input, _env, path.Make()),
            _ => null,
        };
        if (frame is not null)
        {
            frame.Keep = keep;
            stack.Push(frame);
            return null;
        }

        var result = node switch
        {
            ConstNode c => Constant(c),
            RuleNode r1 => ApplyRule(r1, input, path.Make()),
            _ => throw new NotSupportedException($"Unknown node {node.GetType().Name}."),
        };
        if (keep)
        {
            input.Remember(node, _env, result);
        }

        return result;
    }

    /// <summary>
    /// A rule of two arguments applied to the two parts of a fan-out, as <see cref="ApplyRule"/> applies it to their
    /// tuple, without the tuple; null when the composition is not of that form. The tuple would be a value no one
    /// else can reach, so what is remembered on it would never be recalled.
    /// </summary>
    private Leaf? Pair(ThenNode apply, Val[] parts, PathFrame? chain) => parts.Length == 2 ? Pair(apply, parts[0], parts[1], chain) : null;

    private Leaf? Pair(ThenNode apply, Val part0, Val part1, PathFrame? chain)
    {
        if (apply.Second is not RuleNode { Rule.Arity: 2 } node)
        {
            return null;
        }

        var path = new Label(chain, node.Name);
        var output = NewSlot();
        var a = Materialize(part0, path);
        var b = Materialize(part1, path);
        _active[output] = _active[a] || _active[b];
        Emit(new Apply2(node, a, b, output) { Where = chain, Active = _active[output], NeedA = _active[a], NeedB = _active[b] });
        return Leaf.Of(node.Rule.Out, output);
    }

    /// <summary>
    /// A rule applied to parts that need no frames of their own (a rule's form: ȳ · f′(x)), compiled at once, as an
    /// <see cref="ApplyFrame"/> would compile it.
    /// </summary>
    private Val ApplyNow(ThenNode apply, Val input, Label path, long offset, Stack<Frame> stack) => ApplyNow(apply, input, path, offset, stack, out _);

    // fresh: set when the value is the new output of the rule on a pair (Pair), held nowhere else.
    private Val ApplyNow(ThenNode apply, Val input, Label path, long offset, Stack<Frame> stack, out bool fresh)
    {
        fresh = false;
        var fanout = (FanoutNode)apply.First;
        var chain = path.Make();
        var stage = PathFrame.Stage(chain, offset);
        var parts = NewParts(fanout.Parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Start(new Request(fanout.Parts[i], input, new Label(stage, fanout.Name, i), -1), stack)
                ?? throw new InvalidOperationException("A part expected to need no frame pushed one.");
        }

        if (Pair(apply, parts, chain) is { } pair)
        {
            FreeParts(parts);
            fresh = true;
            return pair;
        }

        return Start(new Request(apply.Second, new Tup(fanout.OutputSpace, parts), new Label(chain), -1, Stage: true), stack)!;
    }

    /// <summary>Whether every part compiles without a frame of its own (see <see cref="Start"/> and <see cref="First"/>), which asking does not change.</summary>
    private bool AllImmediate(Node[] parts, Val input)
    {
        foreach (var part in parts)
        {
            var immediate = part switch
            {
                IdNode or ProjectNode or VarNode or ConstNode or RuleNode => true,
                ThenNode { Second: RuleNode } t => t.Shared && input.Recall(t, _env) is not null || t.First switch
                {
                    IdNode or ProjectNode or ConstNode or RuleNode => true,
                    ThenNode first => first.Shared && input.Recall(first, _env) is not null,
                    _ => false,
                },
                _ => part.Shared && input.Recall(part, _env) is not null,
            };
            if (!immediate)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The value of the first stage of a composition when it needs no frame of its own — the identity, a projection,
    /// a constant, a rule, or a composition compiled before — else null; as <see cref="ThenFrame"/> compiles it
    /// (the same paths, the same remembering).
    /// </summary>
    // fresh: set when the value was just made and is held nowhere else (a rule's new output, not remembered).
    private Val? First(Node first, Val input, Label path, long offset, Stack<Frame> stack, out bool fresh)
    {
        fresh = false;
        switch (first)
        {
            case ThenNode { First: FanoutNode { Shared: false } fanout, Second: RuleNode, Shared: false } apply when AllImmediate(fanout.Parts, input):
                // As a ThenFrame compiles it: a stage of its own, numbering its stages from the composition's first.
                var applied = ApplyNow(apply, input, path, offset, stack, out fresh);
                return applied;
            case IdNode:
                return input;
            case ProjectNode p:
                return Project(input, p.Index, input is Leaf { Components: null } ? PathFrame.Stage(path.Make(), offset) : null);
            case ThenNode t:
                return t.Shared ? input.Recall(t, _env) : null;
            case RuleNode or ConstNode:
                if (first.Shared && input.Recall(first, _env) is { } done)
                {
                    return done;
                }

                var value = first is RuleNode rule ? ApplyRule(rule, input, path.Make()) : Constant((ConstNode)first);
                if (first.Shared)
                {
                    input.Remember(first, _env, value);
                }

                fresh = !first.Shared;
                return value;
            default:
                return null;
        }
    }

    /// <summary>
    /// A node whose parts are being compiled. <see cref="Next"/> is called first with null, then with the value
    /// of each part it asked for; it asks for the next part, or returns false with <see cref="Result"/> set.
    /// </summary>
    private abstract class Frame(Node node, Val input, Env? env)
    {
        public Node Node { get; private set; } = node;

        public Val Input { get; private set; } = input;

        /// <summary>The bindings in scope where the node is compiled: part of its memo key.</summary>
        public Env? Env { get; private set; } = env;

        public Val? Result { get; protected set; }

        /// <summary>Whether the result is remembered on the input (<see cref="Request.Keep"/>).</summary>
        public bool Keep { get; set; }

        public abstract bool Next(Compiler c, Val? part, out Request request);

        /// <summary>Makes a finished frame compile another node (frames of the commonest kind are reused, see <see cref="ApplyFrame"/>).</summary>
        protected void Reset(Node node, Val input, Env? env)
        {
            (Node, Input, Env, Result, Keep) = (node, input, env, null, false);
        }
    }

    private sealed class NamedFrame(NamedNode n, Val input, Env? env, PathFrame? path) : Frame(n, input, env)
    {
        public override bool Next(Compiler c, Val? part, out Request request)
        {
            request = default;
            if (part is not null)
            {
                Result = part;
                return false;
            }

            request = new Request(n.Inner, Input, new Label(path, n.Name, Variable: n.Clause is not null), -1);
            return true;
        }
    }

    private sealed class FanoutFrame(FanoutNode f, Val input, Env? env, PathFrame? path) : Frame(f, input, env)
    {
        private readonly Val[] _parts = new Val[f.Parts.Length];
        private int _done = -1;

        public override bool Next(Compiler c, Val? part, out Request request)
        {
            request = default;
            if (part is not null)
            {
                _parts[_done] = part;
            }

            if (++_done == _parts.Length)
            {
                Result = new Tup(f.OutputSpace, _parts);
                return false;
            }

            request = new Request(f.Parts[_done], Input, new Label(path, f.Name, _done), -1);
            return true;
        }
    }

    private sealed class NaryFrame(NaryNode n, Val input, Env? env, PathFrame? path) : Frame(n, input, env)
    {
        private readonly PathFrame _frame = PathFrame.Named(path, n.Name);
        private readonly int[] _inputs = new int[n.Parts.Length];
        private int _done = -1;

        public override bool Next(Compiler c, Val? part, out Request request)
        {
            request = default;
            if (part is not null)
            {
                _inputs[_done] = c.Materialize(part, _frame);
            }

            if (++_done < _inputs.Length)
            {
                request = new Request(n.Parts[_done], Input, new Label(_frame, "", _done), -1);
                return true;
            }

            var active = _inputs.Any(i => c._active[i]);
            var output = c.NewSlot(active);
            c.Emit(new ApplyN(n.Rule, _inputs, output) { Where = path, Active = active });
            Result = Leaf.Of(n.Rule.Out, output);
            return false;
        }
    }

    private sealed class BindFrame(BindNode b, Val input, Env? env, PathFrame? path) : Frame(b, input, env)
    {
        public override bool Next(Compiler c, Val? part, out Request request)
        {
            request = default;
            if (part is not null)
            {
                c._env = Env;
                Result = part;
                return false;
            }

            c._env = new Env(b.Var, c.Project(Input, 1, path), Env);
            request = new Request(b.Body, c.Project(Input, 0, path), new Label(path, b.Name), -1);
            return true;
        }
    }

    /// <summary>
    /// A composition, compiled stage by stage. Its left spine (the composition, its first part, that one's first
    /// part, …) shares its input, so it is walked at once down to the first part compiled before (then only the
    /// rest runs: an expression built by extending a chain one stage at a time costs one stage, not the chain) or
    /// to the first stage. Each part of the spine is remembered on the way back up, and nested compositions
    /// number their stages on from the enclosing one's, so paths read "stage i" of the whole chain.
    /// </summary>
    private sealed class ThenFrame(ThenNode t, Val input, Env? env, PathFrame? chain, long offset) : Frame(t, input, env)
    {
        // The left spine, this node first, is c._spine[_base..]: frames finish in the order opposite to their
        // start, so they share one list, each truncating it back to its base when it finishes.
        private int _base;
        private int _count;
        private long _offset = offset;
        private int _next = -1;
        private bool _started;

        // Whether the value the next stage runs on was just made by the previous stage, an unshared rule whose
        // result was not remembered: nothing else can reach it, so what the next stage compiles to on it is not
        // remembered either (it would never be recalled). Keeps a long run of rule stages from remembering one
        // entry per stage, as the terms of a wide sum are.
        private bool _fresh;

        public override bool Next(Compiler c, Val? part, out Request request)
        {
            if (!_started)
            {
                _started = true;
                _base = c._spine.Count;
                var walk = Node;
                while (walk is ThenNode w)
                {
                    if (w != Node && w.Shared && Input.Recall(w, Env) is { } done)
                    {
                        part = done;
                        _offset += w.StageCount;
                        break;
                    }

                    if (w != Node && w.First is FanoutNode { Shared: false })
                    {
                        // Compiled as a stage of its own, by an ApplyFrame, numbering its stages on from here.
                        break;
                    }

                    c._spine.Add(w);
                    walk = w.First;
                }

                _count = c._spine.Count - _base;
                _next = _count;
                if (part is null)
                {
                    request = Stage(walk, Input);
                    return true;
                }
            }
            else if (_next > 0 && _next < _count && c._spine[_base + _next].Shared)
            {
                // The value of spine[_next], whose second part has just been compiled: remember it (this node itself, spine[0], the compiler remembers).
                Input.Remember(c._spine[_base + _next], Env, part!);
                _fresh = false;
            }

            if (--_next < 0)
            {
                c._spine.RemoveRange(_base, _count);
                Result = part;
                request = default;
                return false;
            }

            request = Stage(c._spine[_base + _next].Second, part!);
            return true;
        }

        private Request Stage(Node stage, Val input)
        {
            var first = _offset;
            var fresh = _fresh && input != Input;
            var stageFlag = input != Input;
            var keep = !fresh && (stageFlag || stage.Shared);
            if (stage is ThenNode nested)
            {
                _offset += nested.StageCount;

                // A rule applied to a fan-out of one parent, not remembered, makes a new value (a rule's output, by Pair
                // or by the rule on the fan-out's tuple, which only this request holds).
                _fresh = nested is { First: FanoutNode { Shared: false }, Second: RuleNode } && !keep;
                return new Request(stage, input, new Label(chain), first, Stage: stageFlag, Fresh: fresh);
            }

            _offset++;

            // A rule not remembered makes a new value that only this frame holds.
            _fresh = stage is RuleNode && !keep;
            return new Request(stage, input, stage is RuleNode ? new Label(chain) : new Label(chain, "stage", first, Stage: true), -1, Stage: stageFlag, Fresh: fresh);
        }
    }

    /// <summary>
    /// A composition whose first stage is a fan-out of one parent — a rule or a rule's form applied to the values of
    /// its parts, the most common composition — compiled as <see cref="ThenFrame"/> and <see cref="FanoutFrame"/>
    /// compile it (the same paths and remembering; the fan-out, of one parent on the composition's input, is never
    /// remembered), in one frame.
    /// </summary>
    private sealed class ApplyFrame : Frame
    {
        private PathFrame? _chain;
        private long _offset;

        // The parts' values: a pair in two fields (the commonest fan-out; a wide sum holds one frame per term at
        // once), any other number in an array.
        private Val? _part0;
        private Val? _part1;
        private Val[]? _parts;
        private int _count = -1;
        private PathFrame? _stage;
        private int _done;

        public ApplyFrame(ThenNode t, Val input, Env? env, PathFrame? chain, long offset)
            : base(t, input, env) => (_chain, _offset, _done) = (chain, offset, -1);

        /// <summary>This finished frame, set to compile <paramref name="t"/>.</summary>
        public ApplyFrame Reuse(ThenNode t, Val input, Env? env, PathFrame? chain, long offset)
        {
            Reset(t, input, env);
            (_chain, _offset, _part0, _part1, _parts, _count, _stage, _done) = (chain, offset, null, null, null, -1, null, -1);
            return this;
        }

        private void Set(int i, Val part)
        {
            if (_parts is not null)
            {
                _parts[i] = part;
            }
            else if (i == 0)
            {
                _part0 = part;
            }
            else
            {
                _part1 = part;
            }
        }

        public override bool Next(Compiler c, Val? part, out Request request)
        {
            var then = (ThenNode)Node;
            var fanout = (FanoutNode)then.First;
            if (_count < 0)
            {
                _count = fanout.Parts.Length;
                _parts = _count == 2 ? null : new Val[_count];
                _stage = PathFrame.Stage(_chain, _offset);
            }
            else if (_done < _count)
            {
                Set(_done, part!);
            }
            else
            {
                Result = part;
                request = default;
                return false;
            }

            if (++_done < _count)
            {
                request = new Request(fanout.Parts[_done], Input, new Label(_stage, fanout.Name, _done), -1);
                return true;
            }

            if ((_parts is null ? c.Pair(then, _part0!, _part1!, _chain) : c.Pair(then, _parts, _chain)) is { } pair)
            {
                Result = pair;
                _done = int.MaxValue;
                request = default;
                return false;
            }

            var tup = new Tup(fanout.OutputSpace, _parts ?? [_part0!, _part1!]);
            var second = then.Second;
            request = second is ThenNode
                ? new Request(second, tup, new Label(_chain), _offset + 1, Stage: true)
                : new Request(second, tup, second is RuleNode ? new Label(_chain) : new Label(_chain, "stage", _offset + 1, Stage: true), -1, Stage: true);
            return true;
        }
    }

    // Finished frames and part arrays of pairs, reused: a wide function compiles through hundreds of thousands of
    // them, but only as many are in use at once as the expression is deep.
    private readonly Stack<ApplyFrame> _freeFrames = new();
    private readonly Stack<Val[]> _freePairs = new();

    private Val[] NewParts(int length) => length == 2 && _freePairs.TryPop(out var pair) ? pair : new Val[length];

    /// <summary>Returns a part array that nothing else holds (its values went into the slots of a rule on a pair).</summary>
    private void FreeParts(Val[] parts)
    {
        if (parts.Length == 2 && _freePairs.Count < 64)
        {
            parts[0] = parts[1] = null!;
            _freePairs.Push(parts);
        }
    }

    private ApplyFrame NewApplyFrame(ThenNode t, Val input, Env? env, PathFrame? chain, long offset) =>
        _freeFrames.TryPop(out var frame) ? frame.Reuse(t, input, env, chain, offset) : new ApplyFrame(t, input, env, chain, offset);

    private Leaf Constant(ConstNode c)
    {
        var slot = NewSlot();
        _consts.Add((slot, c.Value));
        return Leaf.Of(c.OutputSpace, slot);
    }

    private Val Project(Val input, int index, PathFrame? path) => Project(input, index, new Label(path));

    private Val Project(Val input, int index, Label path)
    {
        if (input is Tup tup)
        {
            return tup.Parts[index];
        }

        var leaf = (Leaf)input;
        if (leaf.Components is null)
        {
            var product = leaf.Product ?? throw new InvalidOperationException("Internal error: a projection of a value that is not a tuple.");
            var comps = new Leaf[product.Arity];
            var slots = new int[product.Arity];
            for (var i = 0; i < comps.Length; i++)
            {
                slots[i] = NewSlot(_active[leaf.Slot]);
                comps[i] = Leaf.Of(product.ComponentSpaces[i], slots[i]);
            }

            Emit(new Unpack(product, (VectorSpace)product, leaf.Slot, slots) { Where = path.Make(), Active = _active[leaf.Slot] });
            leaf.Components = comps;
        }

        return leaf.Components[index];
    }

    private int Materialize(Val v, PathFrame? path) => Materialize(v, new Label(path));

    private int Materialize(Val v, Label path)
    {
        switch (v)
        {
            case Leaf l:
                return l.Slot;
            case Tup { Packed: >= 0 } t:
                return t.Packed;
            case Tup t:
                return Pack(t, path);
            default:
                throw new NotSupportedException();
        }
    }

    private int Pack(Tup t, Label path)
    {
        var inputs = new int[t.Parts.Length];
        var active = false;
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Materialize(t.Parts[i], path);
            active |= _active[inputs[i]];
        }

        var slot = NewSlot(active);
        Emit(new Pack(t.Product!, inputs, slot) { Where = path.Make(), Active = active });
        t.Packed = slot;
        return slot;
    }

    /// <param name="node">The rule's node.</param>
    /// <param name="input">Its input.</param>
    /// <param name="where">The path of the part it belongs to (the instruction's own path adds the rule's name).</param>
    private Leaf ApplyRule(RuleNode node, Val input, PathFrame? where)
    {
        var rule = node.Rule;

        // Packing and unpacking for the rule's argument are labelled under the rule; the frame is made only for them.
        var path = new Label(where, node.Name);
        var output = NewSlot();
        if (rule.Arity == 1)
        {
            var x = Materialize(input, path);
            _active[output] = _active[x];
            Emit(new Apply1(node, x, output) { Where = where, Active = _active[x] });
        }
        else
        {
            var a = Materialize(Project(input, 0, path), path);
            var b = Materialize(Project(input, 1, path), path);
            _active[output] = _active[a] || _active[b];
            Emit(new Apply2(node, a, b, output) { Where = where, Active = _active[output], NeedA = _active[a], NeedB = _active[b] });
        }

        return Leaf.Of(rule.Out, output);
    }

    /// <summary>
    /// A list grown in chunks rather than by doubling one array: a tape of millions of instructions is copied once,
    /// into the tape, instead of once per doubling.
    /// </summary>
    private sealed class Chunks<T>
    {
        private const int Shift = 14;
        private const int Size = 1 << Shift;
        private readonly List<T[]> _chunks = [];

        public int Count { get; private set; }

        public T this[int i] => _chunks[i >> Shift][i & (Size - 1)];

        public void Add(T item)
        {
            if ((Count & (Size - 1)) == 0 && Count >> Shift == _chunks.Count)
            {
                // The first chunk starts small, for the many small tapes.
                _chunks.Add(new T[_chunks.Count == 0 ? 16 : Size]);
            }
            else if (_chunks.Count == 1 && Count == _chunks[0].Length)
            {
                var first = _chunks[0];
                Array.Resize(ref first, Math.Min(2 * first.Length, Size));
                _chunks[0] = first;
            }

            _chunks[Count >> Shift][Count & (Size - 1)] = item;
            Count++;
        }

        public T[] ToArray()
        {
            var result = new T[Count];
            for (var c = 0; c < _chunks.Count; c++)
            {
                var start = c << Shift;
                Array.Copy(_chunks[c], 0, result, start, Math.Min(_chunks[c].Length, Count - start));
            }

            return result;
        }
    }

    private sealed class KeyComparer : IEqualityComparer<(Node, Env?)>
    {
        public static KeyComparer Instance { get; } = new();

        public bool Equals((Node, Env?) x, (Node, Env?) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((Node, Env?) obj) => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1),
            obj.Item2 is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
