using System.Linq.Expressions;
using System.Reflection;
using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// Mixed tapes: a tape whose interior holds vectors, matrices or other values the typed compiler does not lay out in
/// doubles, or instructions it does not cover (a control-flow rule, a rule with residuals), still compiles its fused
/// sweeps (<see cref="Sweep.Run"/>, <see cref="Sweep.ValueAndVjp"/>, <see cref="Sweep.ValueAndTangent"/>). Every slot of a
/// double layout lives in typed locals as in a fully typed tape, and every instruction over such slots alone is emitted
/// as typed code; any other instruction is called as the interpreter calls it (its own <c>Forward</c>, <c>Backward</c>
/// and <c>Tangent</c> over the interpreter's slot, residual, cotangent and tangent arrays, the ledger of owned
/// accumulators included), so vectors and matrices go through exactly the interpreter's kernels. Where a typed slot
/// meets such an instruction its value is boxed into the arrays (and its cotangent loaded into the array before the
/// instruction's pullback and read back after it, so fan-in sums keep the interpreter's order). The sweeps that record a
/// frame are not compiled for a mixed tape: they run interpreted.
/// </summary>
internal sealed partial class TypedCodegen
{
    private static readonly MethodInfo InstrForward = typeof(Instr).GetMethod(nameof(Instr.Forward))!;
    private static readonly MethodInfo InstrBackward = typeof(Instr).GetMethod(nameof(Instr.Backward))!;
    private static readonly MethodInfo InstrTangent = typeof(Instr).GetMethod(nameof(Instr.Tangent))!;
    private static readonly MethodInfo NonNullMethod = typeof(TypedCodegen).GetMethod(nameof(NonNull), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CheckShapeMethod = typeof(TypedCodegen).GetMethod(nameof(CheckShape), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ZeroLikeMethod = typeof(VectorSpace).GetMethod(nameof(VectorSpace.ZeroLikeObject))!;

    /// <summary>A value a compiled sweep expects to exist (an interpreted instruction's cotangent or tangent of a typed slot); null makes the caller re-run the interpreter.</summary>
    private static object NonNull(object? value) => value ?? throw new NotSupportedException("A symbolic zero where the mixed sweep expected a value.");

    /// <summary>As the interpreter's checks of a cotangent or tangent against its primal: a mismatch makes the caller re-run the interpreter, which reports it.</summary>
    private static void CheckShape(VectorSpace space, object primal, object? other)
    {
        if (other is null || !space.SameShapeObject(primal, other))
        {
            throw new NotSupportedException("A cotangent or tangent of another shape than its primal.");
        }
    }

    /// <summary>Each slot's space, from the root, the constants and the instructions that write it; null when one is not known.</summary>
    internal static VectorSpace[]? SlotSpaces(Tape tape)
    {
        var spaces = new VectorSpace?[tape.SlotCount];
        spaces[0] = tape.Root.InputSpace;
        foreach (var (slot, value) in tape.Constants)
        {
            spaces[slot] = value is double ? DoubleSpace.Default : VectorSpace.Of(value.GetType());
        }

        foreach (var instr in tape.Instructions)
        {
            switch (instr)
            {
                case Apply1 a:
                    spaces[a.Output] = a.Rule.Out;
                    break;
                case Apply2 a:
                    spaces[a.Output] = a.Rule.Out;
                    break;
                case ApplyN n:
                    spaces[n.Output] = n.Rule.Out;
                    break;
                case Pack p:
                    spaces[p.Output] = (VectorSpace)p.Space;
                    break;
                case Unpack u when u.Packed is IProductSpace product:
                    for (var i = 0; i < u.Outputs.Count; i++)
                    {
                        spaces[u.Outputs[i]] = product.ComponentSpaces[i];
                    }

                    break;
                default:
                    return null;
            }
        }

        return spaces.Any(s => s is null) ? null : Array.ConvertAll(spaces, s => s!);
    }

    /// <summary>The slots an instruction reads, and those it writes.</summary>
    private static (int[] Reads, int[] Writes) SlotsOf(Instr instr) => instr switch
    {
        Apply1 a => ([a.Input], [a.Output]),
        Apply2 a => ([a.A, a.B], [a.Output]),
        ApplyN n => ([.. n.Inputs], [n.Output]),
        Pack p => ([.. p.Inputs], [p.Output]),
        Unpack u => ([u.Input], [.. u.Outputs]),
        _ => throw new NotSupportedException($"The typed compiler does not cover {instr.GetType().Name}."),
    };

    /// <summary>The input slots an interpreted instruction's pullback adds a cotangent to (a constant input of a pair rule gets none).</summary>
    private static IEnumerable<int> Receivers(Instr instr) => instr switch
    {
        Apply2 a => new[] { a.NeedA ? a.A : -1, a.NeedB ? a.B : -1 }.Where(s => s >= 0).Distinct(),
        _ => SlotsOf(instr).Reads.Distinct(),
    };

    /// <summary>Whether the typed compiler emits <paramref name="instr"/> itself (as <see cref="Covers"/> accepts it) when all its slots are of double layouts.</summary>
    private static bool Typable(Instr instr, Dictionary<VectorSpace, Shape?> shapes) => instr switch
    {
        Apply1 a => a.Rule is ScalarRule || (a.Rule is ZeroLikeRule && Shape.Of(a.Rule.In, shapes) is not null) || IsUserRule(a.Rule, shapes),
        Apply2 a => a.Rule is ScalarBinaryRule || (a.Rule is SpaceAddRule or SpaceScaleRule or SpaceInnerRule && Shape.Of(a.Rule.In, shapes) is not null),
        Pack p => Shape.Of((VectorSpace)p.Space, shapes) is not null,
        Unpack u => Shape.Of(u.Packed, shapes) is not null,
        _ => false,
    };

    /// <summary>Which slots hold double layouts (typed) and which instructions are emitted as typed code, for a mixed tape; null when the tape is not one.</summary>
    internal static (bool[] TypedSlots, bool[] TypedInstrs)? Mixed(Tape tape, Dictionary<VectorSpace, Shape?> shapes)
    {
        if (tape.ActiveSlot != 0 || SlotSpaces(tape) is not { } spaces)
        {
            return null;
        }

        var typedSlots = spaces.Select(s => Shape.Of(s, shapes) is { IsVec: false }).ToArray();
        var instrs = tape.Instructions;
        var typedInstrs = new bool[instrs.Count];
        for (var i = 0; i < instrs.Count; i++)
        {
            var (reads, writes) = SlotsOf(instrs[i]);
            typedInstrs[i] = Typable(instrs[i], shapes) && reads.All(s => typedSlots[s]) && writes.All(s => typedSlots[s]);
        }

        // Worth compiling only when some of it is typed code and some is not (else it is a typed tape, or all interpreted).
        return typedInstrs.Any(t => t) && typedInstrs.Any(t => !t) ? (typedSlots, typedInstrs) : null;
    }

    /// <summary>A fused sweep of a mixed tape (<see cref="Mixed"/>) as a lambda.</summary>
    public static LambdaExpression EmitMixed<TIn, TOut>(Tape tape, Dictionary<VectorSpace, Shape?> shapes, Sweep sweep)
    {
        var (typedSlots, typedInstrs) = Mixed(tape, shapes) ?? throw new NotSupportedException("Not a mixed tape.");
        var roots = new RootShapes(Shape.Of(tape.Root.InputSpace, shapes) ?? Shape.Double, Shape.Of(tape.Root.OutputSpace, shapes) ?? Shape.Double);
        var g = new TypedCodegen(tape, shapes, roots, sweep);
        return g.EmitMixedSweep<TIn, TOut>(sweep, typedSlots, typedInstrs);
    }

    private LambdaExpression EmitMixedSweep<TIn, TOut>(Sweep sweep, bool[] typedSlots, bool[] typedInstrs)
    {
        var spaces = SlotSpaces(_tape)!;
        var instrs = _tape.Instructions;
        var x = E.Parameter(typeof(TIn), "x");
        var other = sweep switch
        {
            Sweep.Run => null,
            Sweep.ValueAndVjp => E.Parameter(typeof(TOut), "yBar"),
            Sweep.ValueAndTangent => E.Parameter(typeof(TIn), "dx"),
            _ => throw new NotSupportedException($"A mixed tape compiles only its fused sweeps, not {sweep}."),
        };
        var v = E.Variable(typeof(object[]), "v");
        var res = E.Variable(typeof(object[]), "res");
        var tanArr = E.Variable(typeof(object[]), "tan");
        _locals.AddRange([v, res, tanArr]);
        _body.Add(E.Assign(v, E.NewArrayBounds(typeof(object), E.Constant(_tape.SlotCount))));
        E resArg = E.Constant(null, typeof(object[]));
        if (sweep != Sweep.Run)
        {
            _body.Add(E.Assign(res, E.NewArrayBounds(typeof(object), E.Constant(instrs.Count))));
            resArg = res;
        }

        E Slot(ParameterExpression array, int s) => E.ArrayAccess(array, E.Constant(s));
        Shape ShapeOf(int s) => Shape.Of(spaces[s], _shapes)!;
        Val Unbox(E boxed, int s) => Read(Typed(E.Convert(boxed, spaces[s].Type)), ShapeOf(s), Local);
        E Box(Val value) => E.Convert(value.Build(), typeof(object));

        // The primal: typed slots in _v, the others (and typed ones an interpreted instruction reads) in v.
        var boxed = new bool[_tape.SlotCount];
        foreach (var (slot, value) in _tape.Constants)
        {
            if (typedSlots[slot])
            {
                _v[slot] = Val.Constant(value, spaces[slot], ShapeOf(slot));
            }
            else
            {
                _body.Add(E.Assign(Slot(v, slot), E.Constant(value, typeof(object))));
                boxed[slot] = true;
            }
        }

        if (typedSlots[0])
        {
            _v[0] = Read(x, ShapeOf(0), Local);
        }
        else
        {
            _body.Add(E.Assign(Slot(v, 0), E.Convert(x, typeof(object))));
            boxed[0] = true;
        }

        // Tangents: typed ones in tan (Val), the others in the tan array, with whether each may be set.
        var tan = new Val?[_tape.SlotCount];
        var tanSet = new bool[_tape.SlotCount];
        if (sweep == Sweep.ValueAndTangent)
        {
            _body.Add(E.Call(CheckShapeMethod, E.Constant(_tape.Root.InputSpace), E.Convert(x, typeof(object)), E.Convert(other!, typeof(object))));
            _body.Add(E.Assign(tanArr, E.NewArrayBounds(typeof(object), E.Constant(_tape.SlotCount))));
            if (typedSlots[0])
            {
                tan[0] = Read(other!, ShapeOf(0), Local);
            }
            else
            {
                _body.Add(E.Assign(Slot(tanArr, 0), E.Convert(other!, typeof(object))));
                tanSet[0] = true;
            }
        }

        for (var i = 0; i < instrs.Count; i++)
        {
            var instr = instrs[i];
            if (typedInstrs[i])
            {
                ForwardOne(instr);
                if (sweep == Sweep.ValueAndTangent)
                {
                    TangentOne(instr, tan);
                }

                continue;
            }

            var (reads, writes) = SlotsOf(instr);
            foreach (var s in reads.Distinct())
            {
                if (!boxed[s])
                {
                    _body.Add(E.Assign(Slot(v, s), Box(_v[s]!)));
                    boxed[s] = true;
                }
            }

            _body.Add(E.Call(E.Constant(instr, typeof(Instr)), InstrForward, v, resArg));
            foreach (var s in writes)
            {
                boxed[s] = true;
                if (typedSlots[s])
                {
                    _v[s] = Unbox(Slot(v, s), s);
                }
            }

            if (sweep != Sweep.ValueAndTangent)
            {
                continue;
            }

            if (!reads.Any(s => typedSlots[s] ? tan[s] is not null : tanSet[s]))
            {
                // As every instruction's Tangent: no input tangent, no output tangent.
                continue;
            }

            foreach (var s in reads.Distinct().Where(s => typedSlots[s]))
            {
                _body.Add(E.Assign(Slot(tanArr, s), tan[s] is { } t ? Box(t) : E.Constant(null, typeof(object))));
            }

            _body.Add(E.Call(E.Constant(instr, typeof(Instr)), InstrTangent, v, resArg, tanArr));
            foreach (var s in writes)
            {
                if (typedSlots[s])
                {
                    tan[s] = Unbox(E.Call(NonNullMethod, Slot(tanArr, s)), s);
                }
                else
                {
                    tanSet[s] = true;
                }
            }
        }

        var outSlot = _tape.OutSlot;
        var y = typedSlots[outSlot] ? _v[outSlot]!.Build() : E.Convert(Slot(v, outSlot), typeof(TOut));
        var yLocal = Typed(y);
        switch (sweep)
        {
            case Sweep.Run:
                return Lambda(yLocal, x);

            case Sweep.ValueAndTangent:
            {
                E dy = typedSlots[outSlot]
                    ? (tan[outSlot] ?? Val.Zero(ShapeOf(outSlot))).Build()
                    : E.Convert(
                        tanSet[outSlot]
                            ? E.Coalesce(Slot(tanArr, outSlot), E.Call(E.Constant(spaces[outSlot]), ZeroLikeMethod, Slot(v, outSlot)))
                            : E.Call(E.Constant(spaces[outSlot]), ZeroLikeMethod, Slot(v, outSlot)),
                        typeof(TOut));
                return Lambda(NewTuple(yLocal, dy), x, other!);
            }
        }

        // The reverse sweep over the interpreter's cotangent array (one element past the slots for its ledger).
        var yBar = other!;
        _body.Add(E.Call(CheckShapeMethod, E.Constant(_tape.Root.OutputSpace), E.Convert(yLocal, typeof(object)), E.Convert(yBar, typeof(object))));
        var cotArr = E.Variable(typeof(object[]), "cot");
        _locals.Add(cotArr);
        _body.Add(E.Assign(cotArr, E.NewArrayBounds(typeof(object), E.Constant(_tape.SlotCount + 1))));
        _body.Add(E.Assign(E.ArrayAccess(cotArr, E.Constant(_tape.SlotCount)), E.Constant(Instr.NoLedgerYet, typeof(object))));
        var cot = new Val?[_tape.SlotCount];
        var cotSet = new bool[_tape.SlotCount];
        if (typedSlots[outSlot])
        {
            cot[outSlot] = Read(yBar, ShapeOf(outSlot), Local);
        }
        else
        {
            _body.Add(E.Assign(Slot(cotArr, outSlot), E.Convert(yBar, typeof(object))));
            cotSet[outSlot] = true;
        }

        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            var instr = instrs[i];
            if (!instr.Active)
            {
                continue;
            }

            if (typedInstrs[i])
            {
                BackwardOne(instr, cot);
                continue;
            }

            var (_, writes) = SlotsOf(instr);
            if (!writes.Any(s => typedSlots[s] ? cot[s] is not null : cotSet[s]))
            {
                // As every instruction's Backward: no output cotangent, nothing to pull back.
                continue;
            }

            foreach (var s in writes.Where(s => typedSlots[s] && cot[s] is not null))
            {
                _body.Add(E.Assign(Slot(cotArr, s), Box(cot[s]!)));
            }

            var receivers = Receivers(instr).ToArray();
            foreach (var s in receivers.Where(s => typedSlots[s]))
            {
                // The sum so far goes into the array, so that the instruction adds its part to it as the interpreter does.
                _body.Add(E.Assign(Slot(cotArr, s), cot[s] is { } sum ? Box(sum) : E.Constant(null, typeof(object))));
            }

            _body.Add(E.Call(E.Constant(instr, typeof(Instr)), InstrBackward, v, res, cotArr));
            foreach (var s in receivers)
            {
                if (typedSlots[s])
                {
                    cot[s] = Unbox(E.Call(NonNullMethod, Slot(cotArr, s)), s);
                    _body.Add(E.Assign(Slot(cotArr, s), E.Constant(null, typeof(object))));
                }
                else
                {
                    cotSet[s] = true;
                }
            }
        }

        E xBar = typedSlots[0]
            ? (cot[0] ?? Val.Zero(ShapeOf(0))).Build()
            : E.Convert(
                cotSet[0]
                    ? E.Coalesce(Slot(cotArr, 0), E.Call(E.Constant(spaces[0]), ZeroLikeMethod, Slot(v, 0)))
                    : E.Call(E.Constant(spaces[0]), ZeroLikeMethod, Slot(v, 0)),
                typeof(TIn));
        return Lambda(NewTuple(yLocal, xBar), x, yBar);
    }
}
