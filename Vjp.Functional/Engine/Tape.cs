using System.Runtime.ExceptionServices;

namespace Vjp.Functional.Engine;

/// <summary>A label in the structure, used to name the path of a failing rule.</summary>
/// <remarks>
/// Every instruction carries one, and paths are read only when something fails, so a numbered label
/// ("stage 12", "fanout[1]") keeps its parts and is formatted only when read.
/// </remarks>
internal abstract class PathFrame
{
    // One small class per kind of frame (millions of them for a long chain's gradient, five per term of a wide
    // sum): a stage holds its parent and index, a named frame its parent and name.
    private protected PathFrame(PathFrame? parent) => Parent = parent;

    /// <summary>The frame named <paramref name="label"/>.</summary>
    public static PathFrame Named(PathFrame? parent, string label) => new NamedFrame(parent, label);

    /// <summary>
    /// The frame of a range variable of a LINQ query, flattened: its parent is the nearest frame above every enclosing
    /// range variable that is not a numbered stage or part of the desugared expression, so that the path reads
    /// <c>root ▸ a ▸ rule</c> rather than through every fan-out of the query's translation.
    /// </summary>
    public static PathFrame Variable(PathFrame? parent, string name)
    {
        var p = parent;
        for (var f = parent; f is not null; f = f.Parent)
        {
            if (f is VariableFrame)
            {
                p = f.Parent;
            }
        }

        while (p is StageFrame or PartFrame)
        {
            p = p.Parent;
        }

        return new VariableFrame(p, name);
    }

    /// <summary>The frame "stage i" of a composition.</summary>
    // An int keeps the frame small; no tape has 2³¹ stages.
    public static PathFrame Stage(PathFrame? parent, long index) => new StageFrame(parent, checked((int)index));

    /// <summary>The frame "name[i]" of part i of a fan-out or an n-ary rule.</summary>
    public static PathFrame Part(PathFrame? parent, string name, long index) => new PartFrame(parent, name, checked((int)index));

    public PathFrame? Parent { get; }

    public abstract string Label { get; }

    private class NamedFrame(PathFrame? parent, string name) : PathFrame(parent)
    {
        public override string Label => name;
    }

    private sealed class VariableFrame(PathFrame? parent, string name) : NamedFrame(parent, name);

    private sealed class StageFrame(PathFrame? parent, int index) : PathFrame(parent)
    {
        public override string Label => $"stage {index}";
    }

    private sealed class PartFrame(PathFrame? parent, string name, int index) : PathFrame(parent)
    {
        public override string Label => $"{name}[{index}]";
    }

    public override string ToString()
    {
        var labels = new List<string>();
        for (var f = this; f is not null; f = f.Parent)
        {
            labels.Add(f.Label);
        }

        labels.Reverse();
        if (labels.Count > 12)
        {
            labels = [.. labels.Take(4), "…", .. labels.TakeLast(6)];
        }

        return string.Join(" ▸ ", labels);
    }
}

/// <summary>One instruction of a tape.</summary>
internal abstract class Instr
{
    public int Index { get; set; }

    /// <summary>The path of the part this instruction belongs to; <see cref="Path"/> adds the instruction's own label.</summary>
    public required PathFrame? Where { get; init; }

    /// <summary>The instruction's own label in its path: the rule's name, "pack" or "unpack".</summary>
    protected abstract string Label { get; }

    /// <summary>Where this instruction is in the composition, for error messages; built when asked for, so a tape keeps one frame fewer per instruction.</summary>
    public PathFrame Path => PathFrame.Named(Where, Label);

    /// <summary>Whether an input of this instruction depends on the function's input; an inactive one (fed only by constants) gets no cotangent work.</summary>
    public bool Active { get; init; } = true;

    /// <summary>Whether this instruction writes a slot marked in <paramref name="live"/> (for removing instructions whose results nothing uses).</summary>
    public abstract bool WritesAny(bool[] live);

    /// <summary>Marks the slots this instruction reads in <paramref name="live"/>.</summary>
    public abstract void MarkReads(bool[] live);

    protected static bool Any(bool[] live, int[] slots)
    {
        foreach (var slot in slots)
        {
            if (live[slot])
            {
                return true;
            }
        }

        return false;
    }

    protected static void Mark(bool[] live, int[] slots)
    {
        foreach (var slot in slots)
        {
            live[slot] = true;
        }
    }

    public abstract void Forward(object?[] v, object?[]? res);

    public abstract void Backward(object?[] v, object?[]? res, object?[] cot);

    public abstract void Tangent(object?[] v, object?[]? res, object?[] tan);

    /// <summary>Emits the primal of this instruction's output as a differentiable function (for higher order).</summary>
    public abstract void EmitForward(Emitter e);

    /// <summary>Emits this instruction's pullback as differentiable functions accumulated into the input cotangents.</summary>
    public abstract void EmitBackward(Emitter e);

    /// <summary>Emits this instruction's pushforward as a differentiable function of primal and tangent.</summary>
    public abstract void EmitTangent(Emitter e);

    /// <summary>
    /// Marks the last element of a pullback sweep's cotangent array, which holds no slot, until the
    /// sweep needs its ledger of fan-in accumulators (see <see cref="Accumulate"/> and <see cref="Tape.Pullback"/>).
    /// </summary>
    internal static readonly object NoLedgerYet = new();

    /// <summary>
    /// Adds a contribution to a slot's cotangent (where a value fans out, cotangents add; null is zero).
    /// </summary>
    /// <remarks>
    /// The first sum at a slot is a fresh value that only that slot holds until the slot's producer
    /// reads it, and every contribution arrives before then (the sweep runs in reverse), so later
    /// contributions are added into it rather than each allocating a new sum. Which slots hold such an
    /// accumulator is recorded in a ledger in the last element of the sweep's cotangent array, created
    /// when first needed; an array without one (marked by <see cref="NoLedgerYet"/> or a ledger) just
    /// allocates every sum.
    /// </remarks>
    /// <param name="cot">The sweep's cotangent array.</param>
    /// <param name="slot">The slot whose cotangent grows.</param>
    /// <param name="value">The contribution (null is zero).</param>
    /// <param name="space">The slot's space.</param>
    /// <param name="fresh">
    /// Whether <paramref name="value"/> is a new buffer nothing else references (<see cref="Rule.FreshCotangents"/>):
    /// as a slot's first contribution it then becomes the slot's owned accumulator at once.
    /// </param>
    protected static void Accumulate(object?[] cot, int slot, object? value, VectorSpace space, bool fresh = false)
    {
        if (value is null)
        {
            return;
        }

        var current = cot[slot];
        if (current is null)
        {
            cot[slot] = value;
            if (fresh && space.AddsInPlace && Ledger(cot) is { } owned)
            {
                owned[slot] = true;
            }

            return;
        }

        var ledger = space.AddsInPlace ? Ledger(cot) : null;
        if (ledger is not null && ledger[slot])
        {
            space.AddInPlaceObject(current, value);
            return;
        }

        cot[slot] = space.AddObject(current, value);
        if (ledger is not null)
        {
            ledger[slot] = true;
        }
    }

    /// <summary>The slot's cotangent when the sweep owns it (a fresh sum only it holds, see <see cref="Accumulate"/>), else null.</summary>
    protected static object? Owned(object?[] cot, int slot) =>
        cot[slot] is { } current && cot[^1] is bool[] ledger && ledger[slot] ? current : null;

    private static bool[]? Ledger(object?[] cot)
    {
        var last = cot[^1];
        if (last is bool[] ledger)
        {
            return ledger;
        }

        if (ReferenceEquals(last, NoLedgerYet))
        {
            ledger = new bool[cot.Length - 1];
            cot[^1] = ledger;
            return ledger;
        }

        return null;
    }
}

/// <summary>
/// The saved forward pass: every slot's primal value and every rule's residuals; or, from a tape's typed
/// sweeps (<see cref="Typed.TypedTape"/>), a frame of every primal double with the input and output.
/// </summary>
internal sealed class Trace
{
    private static readonly object?[] None = [];

    public Trace(object?[] values, object?[] residuals)
    {
        Values = values;
        Residuals = residuals;
    }

    public Trace(double[] frame, object input, object output)
    {
        Values = None;
        Residuals = None;
        Frame = frame;
        Input = input;
        Output = output;
    }

    public object?[] Values { get; }

    public object?[] Residuals { get; }

    /// <summary>The primal doubles of a typed forward sweep, or null for an interpreted trace.</summary>
    public double[]? Frame { get; }

    /// <summary>The input of a typed trace (to re-run the interpreter when a compiled sweep fails).</summary>
    public object? Input { get; }

    /// <summary>The output of a typed trace.</summary>
    public object? Output { get; }
}

/// <summary>
/// A compiled function: a flat list of instructions over numbered slots. The forward sweep runs
/// the instructions in order; the pullback sweep runs them in reverse, accumulating cotangents
/// (a <c>null</c> cotangent is a symbolic zero, and fan-out sums cotangents); the pushforward
/// sweep runs them in order on tangents.
/// </summary>
internal sealed partial class Tape
{
    private readonly Instr[] _instrs;
    private readonly (int Slot, object Value)[] _consts;
    private readonly Node _root;

    public Tape(Node root, Instr[] instrs, int slotCount, int outSlot, (int Slot, object Value)[] consts)
    {
        _root = root;
        _instrs = instrs;
        SlotCount = slotCount;
        OutSlot = outSlot;
        _consts = consts;
        for (var i = 0; i < instrs.Length; i++)
        {
            instrs[i].Index = i;
        }
    }

    public int SlotCount { get; }

    /// <summary>The slot whose cotangent <see cref="Pullback"/> returns: the input (0), or one component of it (<see cref="Node.FirstComponentTape"/>).</summary>
    public int ActiveSlot { get; init; }

    /// <summary>The space of <see cref="ActiveSlot"/> when it is a component.</summary>
    public VectorSpace? ActiveSpace { get; init; }

    public int OutSlot { get; }

    public int InstructionCount => _instrs.Length;

    internal IReadOnlyList<Instr> Instructions => _instrs;

    internal IReadOnlyList<(int Slot, object Value)> Constants => _consts;

    internal Node Root => _root;

    private object?[] NewValues(object x)
    {
        var v = new object?[SlotCount];
        foreach (var (slot, value) in _consts)
        {
            v[slot] = value;
        }

        v[0] = x;
        return v;
    }

    public object RunInterpreted(object x)
    {
        _root.InputSpace.RequireValue(x, nameof(x));
        var v = NewValues(x);
        var i = 0;
        try
        {
            for (; i < _instrs.Length; i++)
            {
                _instrs[i].Forward(v, null);
            }
        }
        catch (Exception e) when (Wrap(e, i, "forward") is { } wrapped)
        {
            throw wrapped;
        }

        return v[OutSlot]!;
    }

    [ThreadStatic]
    private static bool t_recordingOnce;

    /// <summary>
    /// Whether the trace being recorded on this thread is pulled back once, at once, and dropped (<see cref="ValueAndPullbackInterpreted"/>):
    /// a rule may then keep its residuals in storage it reuses (a loop's carries), taking them back on its pullback.
    /// Only a hint: a rule must still give the same results if its trace is pulled back again (see FlatCarries in Vjp.Combinators).
    /// </summary>
    internal static bool RecordingOnce => t_recordingOnce;

    /// <summary>
    /// Runs a fused value-and-pullback (a mixed tape's compiled <c>ValueAndVjp</c>, whose trace lives only inside
    /// the call) with <see cref="RecordingOnce"/> set, as <see cref="ValueAndPullbackInterpreted"/> records.
    /// </summary>
    internal static (TOut Value, TIn XBar) PulledBackOnce<TIn, TOut>(Func<TIn, TOut, (TOut, TIn)> fused, TIn x, TOut yBar)
    {
        var before = t_recordingOnce;
        t_recordingOnce = true;
        try
        {
            return fused(x, yBar);
        }
        finally
        {
            t_recordingOnce = before;
        }
    }

    /// <summary>The value and the pullback of <paramref name="yBar"/> from one recording used once (<see cref="RecordingOnce"/>).</summary>
    public (object Value, object XBar) ValueAndPullbackInterpreted(object x, object yBar)
    {
        var trace = RecordOnceInterpreted(x);
        return (Output(trace), PullbackInterpreted(trace, yBar));
    }

    /// <summary>An interpreted recording marked as pulled back once (<see cref="RecordingOnce"/>); its sweeps stay correct if it is not (for tests).</summary>
    internal Trace RecordOnceInterpreted(object x)
    {
        var before = t_recordingOnce;
        t_recordingOnce = true;
        try
        {
            return RecordInterpreted(x);
        }
        finally
        {
            t_recordingOnce = before;
        }
    }

    public Trace RecordInterpreted(object x)
    {
        _root.InputSpace.RequireValue(x, nameof(x));
        var v = NewValues(x);
        var res = new object?[_instrs.Length];
        var i = 0;
        try
        {
            for (; i < _instrs.Length; i++)
            {
                _instrs[i].Forward(v, res);
            }
        }
        catch (Exception e) when (Wrap(e, i, "forward") is { } wrapped)
        {
            throw wrapped;
        }

        return new Trace(v, res);
    }

    public object Output(Trace t) => t.Frame is null ? t.Values[OutSlot]! : t.Output!;

    public object PullbackInterpreted(Trace t, object yBar)
    {
        _root.OutputSpace.RequireValue(yBar, nameof(yBar));
        var y = t.Values[OutSlot]!;
        if (!_root.OutputSpace.SameShapeObject(y, yBar))
        {
            throw new ShapeException($"{Printer.Short(_root)}.Pullback",
                $"cotangent {_root.OutputSpace.ShapeObject(yBar)} does not match output {_root.OutputSpace.ShapeObject(y)}");
        }

        // One element past the slots for the ledger of fan-in accumulators (Instr.Accumulate).
        var cot = new object?[SlotCount + 1];
        cot[SlotCount] = Instr.NoLedgerYet;
        cot[OutSlot] = yBar;
        var i = _instrs.Length - 1;
        try
        {
            for (; i >= 0; i--)
            {
                if (_instrs[i].Active)
                {
                    _instrs[i].Backward(t.Values, t.Residuals, cot);
                }
            }
        }
        catch (Exception e) when (Wrap(e, i, "pullback") is { } wrapped)
        {
            throw wrapped;
        }

        return ActiveSlot == 0
            ? cot[0] ?? _root.InputSpace.ZeroLikeObject(t.Values[0]!)
            : cot[ActiveSlot] ?? ActiveSpace!.ZeroLikeObject(t.Values[ActiveSlot]!);
    }

    public (object Value, object Tangent) ValueAndTangentInterpreted(object x, object dx)
    {
        _root.InputSpace.RequireValue(x, nameof(x));
        _root.InputSpace.RequireValue(dx, nameof(dx));
        if (!_root.InputSpace.SameShapeObject(x, dx))
        {
            throw new ShapeException($"{Printer.Short(_root)}.Pushforward",
                $"tangent {_root.InputSpace.ShapeObject(dx)} does not match input {_root.InputSpace.ShapeObject(x)}");
        }

        var v = NewValues(x);
        var res = new object?[_instrs.Length];
        var tan = new object?[SlotCount];
        tan[0] = dx;
        var i = 0;
        try
        {
            for (; i < _instrs.Length; i++)
            {
                _instrs[i].Forward(v, res);
                _instrs[i].Tangent(v, res, tan);
            }
        }
        catch (Exception e) when (Wrap(e, i, "pushforward") is { } wrapped)
        {
            throw wrapped;
        }

        var y = v[OutSlot]!;
        return (y, tan[OutSlot] ?? _root.OutputSpace.ZeroLikeObject(y));
    }

    public object PushforwardInterpreted(Trace t, object dx)
    {
        _root.InputSpace.RequireValue(dx, nameof(dx));
        var x = t.Values[0]!;
        if (!_root.InputSpace.SameShapeObject(x, dx))
        {
            throw new ShapeException($"{Printer.Short(_root)}.Pushforward",
                $"tangent {_root.InputSpace.ShapeObject(dx)} does not match input {_root.InputSpace.ShapeObject(x)}");
        }

        var tan = new object?[SlotCount];
        tan[0] = dx;
        var i = 0;
        try
        {
            for (; i < _instrs.Length; i++)
            {
                _instrs[i].Tangent(t.Values, t.Residuals, tan);
            }
        }
        catch (Exception e) when (Wrap(e, i, "pushforward") is { } wrapped)
        {
            throw wrapped;
        }

        return tan[OutSlot] ?? _root.OutputSpace.ZeroLikeObject(t.Values[OutSlot]!);
    }

    /// <summary>
    /// Adds the path of the failing instruction to argument and shape errors, so the message names
    /// where in the composition the bad input met a rule. Errors already carrying a path, and errors of
    /// other kinds, pass through unchanged.
    /// </summary>
    private Exception? Wrap(Exception e, int index, string sweep)
    {
        if (index < 0 || index >= _instrs.Length || e.Data.Contains(PathKey))
        {
            return null;
        }

        var where = $"in {sweep} of {_instrs[index].Path}";
        Exception wrapped = e switch
        {
            RuleException r => r.At(_instrs[index].Path.ToString()),
            ShapeException s => new ShapeException($"{s.Message} ({where})", s),
            ArgumentOutOfRangeException a => new ArgumentOutOfRangeException(a.ParamName, a.ActualValue, $"{Proper(a)} ({where})"),
            ArgumentNullException a => new ArgumentNullException(a.ParamName, $"{Proper(a)} ({where})"),
            ArgumentException a => new ArgumentException($"{Proper(a)} ({where})", a.ParamName, a),
            _ => null!,
        };
        if (wrapped is null)
        {
            e.Data[PathKey] = _instrs[index].Path.ToString();
            return null;
        }

        if (wrapped.InnerException is null && e is not RuleException)
        {
            // The out-of-range and null-argument exceptions take no inner exception beside a parameter name:
            // keep where the original was thrown as the wrapper's stack trace instead.
            ExceptionDispatchInfo.SetRemoteStackTrace(wrapped, e.StackTrace ?? "");
        }

        wrapped.Data[PathKey] = _instrs[index].Path.ToString();
        return wrapped;
    }

    /// <summary>
    /// The message of an argument error without the framework's trailing text (<c> (Parameter 'x')</c> and,
    /// for an out-of-range value, <c>Actual value was …</c> on a line of its own), so that the path can
    /// follow the message proper on its first line; the wrapping exception adds that text back.
    /// </summary>
    private static string Proper(ArgumentException a)
    {
        var message = a.Message;
        if (a is ArgumentOutOfRangeException { ActualValue: not null } && message.LastIndexOf(Environment.NewLine, StringComparison.Ordinal) is var line and >= 0)
        {
            message = message[..line];
        }

        var suffix = $" (Parameter '{a.ParamName}')";
        return !string.IsNullOrEmpty(a.ParamName) && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    /// <summary>The key under which exceptions carry the path of the failing rule in <see cref="Exception.Data"/>.</summary>
    public const string PathKey = "Vjp.Path";

    internal static void Rethrow(Exception e) => ExceptionDispatchInfo.Capture(e).Throw();
}
