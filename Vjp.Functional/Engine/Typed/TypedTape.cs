using System.Runtime.CompilerServices;
using System.Linq.Expressions;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// The opt-out of the typed fast path: the AppContext switch <c>Vjp.Functional.Interpret</c> or the
/// environment variable <c>VJP_INTERPRET=1</c>, read once per process.
/// </summary>
internal static class TypedEngine
{
    /// <summary>The AppContext switch that turns the typed compiler off.</summary>
    public const string SwitchName = "Vjp.Functional.Interpret";

    /// <summary>The environment variable that turns the typed compiler off (<c>1</c> or <c>true</c>).</summary>
    public const string EnvironmentVariable = "VJP_INTERPRET";

    /// <summary>Tapes longer than this are interpreted: one method of that many instructions takes the JIT longer than it saves.</summary>
    public const int MaxInstructions = 20_000;

    /// <summary>Tapes up to this many instructions compile on their first use.</summary>
    public const int CompileOnFirstUse = 512;

    /// <summary>
    /// How many interpreted uses a tape of <paramref name="instructions"/> instructions gets before it compiles: none
    /// up to <see cref="CompileOnFirstUse"/>; beyond, one per 64 instructions, since compiling costs about as much as
    /// a few hundred interpreted calls of the same tape and a large function used once (a long chain's first call)
    /// should not pay for it.
    /// </summary>
    public static int UsesBeforeCompile(int instructions) => instructions <= CompileOnFirstUse ? 0 : instructions / 64;

    /// <summary>Whether tapes that qualify are compiled to typed code (the default).</summary>
    public static bool Enabled { get; } = !Interprets(
        AppContext.TryGetSwitch(SwitchName, out var on) && on,
        Environment.GetEnvironmentVariable(EnvironmentVariable));

    [ThreadStatic]
    private static bool _interpretHere;

    /// <summary>Whether tapes used on this thread are interpreted (the tests' in-process opt-out; see <see cref="InterpretHere"/>).</summary>
    internal static bool InterpretingHere => _interpretHere;

    /// <summary>
    /// Interprets every tape used on this thread until disposed, as the process-wide opt-out does: for tests
    /// that compare the compiled sweeps with the interpreter inside one process.
    /// </summary>
    internal static IDisposable InterpretHere()
    {
        var before = _interpretHere;
        _interpretHere = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => _interpretHere = before;
    }

    /// <summary>Whether the switch or the variable's value asks for the interpreter.</summary>
    internal static bool Interprets(bool switchOn, string? variable) =>
        switchOn || variable is not null && (variable.Trim() == "1" || variable.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The typed sweeps of one tape, untyped view (for <see cref="Tape"/>'s object entry points).</summary>
internal abstract class TypedTape
{
    /// <summary>The typed sweeps of <paramref name="tape"/>, or null when it does not qualify (then it is interpreted).</summary>
    public static TypedTape? TryCreate(Tape tape)
    {
        var shapes = new Dictionary<VectorSpace, Typed.Shape?>();
        if (tape.InstructionCount > TypedEngine.MaxInstructions)
        {
            return null;
        }

        // A mixed tape (vectors, matrices or uncovered rules inside) compiles its fused sweeps around the interpreter's own instructions.
        var mixed = !TypedCodegen.Covers(tape, shapes);
        if (mixed && TypedCodegen.Mixed(tape, shapes) is null)
        {
            return null;
        }

        var type = typeof(TypedTape<,>).MakeGenericType(tape.Root.InputSpace.Type, tape.Root.OutputSpace.Type);
        return (TypedTape)Activator.CreateInstance(type, tape, shapes, mixed)!;
    }

    /// <summary>Which sweeps have been compiled so far (for tests: that the compiled path is taken).</summary>
    public abstract bool IsCompiled(Sweep sweep);

    /// <summary>The number of doubles in the flat view of the input.</summary>
    public abstract int InputLength { get; }

    /// <summary>The number of doubles in the flat view of the output.</summary>
    public abstract int OutputLength { get; }

    /// <summary>The number of doubles one flat recording saves (<see cref="Sweep.FlatRecord"/>).</summary>
    public abstract int FrameLength { get; }

    /// <summary>
    /// A flat sweep (<see cref="Sweep.FlatRun"/>, <see cref="Sweep.FlatRecord"/>, <see cref="Sweep.FlatPullback"/>,
    /// <see cref="Sweep.FlatPushforward"/>, <see cref="Sweep.FlatVjp"/>, <see cref="Sweep.FlatJvp"/>), compiled on first use. Its callers run the interpreter themselves when it throws.
    /// </summary>
    public abstract FlatSweep Flat(Sweep sweep);

    /// <summary>The <see cref="Sweep.FlatPushforwardLanes"/> sweep of <paramref name="lanes"/> directions, compiled on first use.</summary>
    public abstract FlatSweep PushforwardLanes(int lanes);

    /// <summary>The lambda of a sweep, emitted afresh and not compiled (for diagnostics: its locals and size).</summary>
    internal abstract System.Linq.Expressions.LambdaExpression EmitForDiagnostics(Sweep sweep, int lanes = 1);

    public abstract object Run(object x);

    public abstract Trace Record(object x);

    public abstract object Pullback(Trace t, object yBar);

    public abstract (object Value, object Tangent) ValueAndTangent(object x, object dx);

    public abstract object Pushforward(Trace t, object dx);
}

/// <summary>
/// The typed sweeps of a tape whose every slot holds doubles (or tuples and records of doubles), each
/// compiled on first use, once, to a delegate. An exception inside a compiled sweep (or its compile) re-runs the
/// interpreter on the same arguments, so that the caller sees exactly the interpreter's exception,
/// with its path and <see cref="RuleException"/> wrapping (a rule's own code then runs a second time).
/// </summary>
/// <typeparam name="TIn">The tape's input type.</typeparam>
/// <typeparam name="TOut">The tape's output type.</typeparam>
internal sealed class TypedTape<TIn, TOut> : TypedTape
    where TIn : notnull
    where TOut : notnull
{
    private readonly Tape _tape;
    private readonly Dictionary<VectorSpace, Shape?> _shapes;
    private readonly Lock _lock = new();
    private Func<TIn, TOut>? _run;
    private Func<TIn, TOut, (TOut, TIn)>? _valueAndVjp;
    private Func<TIn, TIn, (TOut, TOut)>? _valueAndTangent;
    private Func<TIn, (TOut, double[])>? _record;
    private Func<double[], TOut, TIn>? _pullback;
    private Func<double[], TIn, TOut>? _pushforward;
    private readonly FlatSweep?[] _flat = new FlatSweep?[Enum.GetValues<Sweep>().Length - (int)Sweep.FlatRun];
    private volatile LaneSweep? _lanes;
    private JacobianSweep? _jacobianColumns;
    private int _frameLength = -1;

    // The input and output layouts every sweep is compiled for, once known: at once, unless the input is a Vec, whose
    // length the first call fixes. A box holding null: the tape's Vec lengths do not fit (it is interpreted).
    private volatile StrongBox<RootShapes?>? _roots;

    // A mixed tape (TypedCodegen.Mixed): only the fused sweeps are compiled, its layouts are opaque (no flat views).
    private readonly bool _mixed;

    public TypedTape(Tape tape, Dictionary<VectorSpace, Shape?> shapes, bool mixed = false)
    {
        _tape = tape;
        _shapes = shapes;
        _mixed = mixed;
        if (mixed)
        {
            _roots = new(new RootShapes(Shape.Double, Shape.Double));
        }
        else if (typeof(TIn) != typeof(Vec))
        {
            _roots = new(TypedCodegen.Roots(tape, shapes, -1));
        }
    }

    /// <summary>The number of doubles in the flat view of the input; -1 while a Vec input's length is not fixed yet.</summary>
    public override int InputLength => _mixed ? -1 : _roots?.Value?.In.Leaves ?? -1;

    /// <summary>The number of doubles in the flat view of the output; -1 while not known.</summary>
    public override int OutputLength => _mixed ? -1 : _roots?.Value?.Out.Leaves ?? -1;

    private RootShapes Roots => _roots?.Value ?? throw new NotSupportedException("Internal error: a sweep of a tape whose Vec lengths are not fixed.");

    /// <summary>
    /// The layouts the sweeps are compiled for when <paramref name="x"/> fits them, else null (then the caller
    /// interprets): a Vec input's first length is fixed for good, and a Vec of another length is interpreted.
    /// </summary>
    private RootShapes? Fit(TIn x)
    {
        var roots = _roots;
        if (roots is null)
        {
            if (x is not Vec first)
            {
                return null;
            }

            lock (_lock)
            {
                // The shape cache is only touched under the lock.
                _roots ??= new(TypedCodegen.Roots(_tape, _shapes, first.Length));
                roots = _roots;
            }
        }

        return roots.Value is { } r && FitsIn(r, x) ? r : null;
    }

    /// <summary>Whether this is a mixed tape (only its fused sweeps compiled; see <see cref="TypedCodegen.Mixed"/>).</summary>
    public bool IsMixed => _mixed;

    private static bool FitsIn(RootShapes r, TIn x) => !r.In.IsVec || x is Vec v && v.Length == r.In.Leaves;

    private static bool FitsOut(RootShapes r, TOut y) => !r.Out.IsVec || y is Vec v && v.Length == r.Out.Leaves;

    public override int FrameLength
    {
        get
        {
            if (Volatile.Read(ref _frameLength) < 0)
            {
                _ = Flat(Sweep.FlatRecord);
            }

            return _frameLength;
        }
    }

    public override FlatSweep Flat(Sweep sweep)
    {
        if (_mixed)
        {
            throw new NotSupportedException("A mixed tape has no flat sweeps.");
        }

        var i = sweep - Sweep.FlatRun;
        if (Volatile.Read(ref _flat[i]) is { } ready)
        {
            return ready;
        }

        lock (_lock)
        {
            if (_flat[i] is null)
            {
                var lambda = TypedCodegen.Emit<TIn, TOut>(_tape, _shapes, Roots, sweep, out var frameLength);
                if (sweep == Sweep.FlatRecord)
                {
                    Volatile.Write(ref _frameLength, frameLength);
                }

                Volatile.Write(ref _flat[i], (FlatSweep)lambda.Compile());
            }

            return _flat[i]!;
        }
    }

    internal override LambdaExpression EmitForDiagnostics(Sweep sweep, int lanes = 1)
    {
        lock (_lock)
        {
            return TypedCodegen.Emit<TIn, TOut>(_tape, _shapes, Roots, sweep, out _, lanes);
        }
    }

    private sealed record LaneSweep(int Lanes, FlatSweep Sweep);

    public override FlatSweep PushforwardLanes(int lanes)
    {
        if (_mixed)
        {
            throw new NotSupportedException("A mixed tape has no flat sweeps.");
        }

        if (_lanes is { } ready && ready.Lanes == lanes)
        {
            return ready.Sweep;
        }

        lock (_lock)
        {
            if (_lanes is not { } built || built.Lanes != lanes)
            {
                var lambda = TypedCodegen.Emit<TIn, TOut>(_tape, _shapes, Roots, Sweep.FlatPushforwardLanes, out _, lanes);
                built = new LaneSweep(lanes, (FlatSweep)lambda.Compile());
                _lanes = built;
            }

            return built.Sweep;
        }
    }

    public override bool IsCompiled(Sweep sweep) => sweep switch
    {
        Sweep.FlatPushforwardLanes => _lanes is not null,
        >= Sweep.FlatRun => Volatile.Read(ref _flat[sweep - Sweep.FlatRun]) is not null,
        Sweep.Run => Volatile.Read(ref _run) is not null,
        Sweep.ValueAndVjp => Volatile.Read(ref _valueAndVjp) is not null,
        Sweep.ValueAndTangent => Volatile.Read(ref _valueAndTangent) is not null,
        Sweep.Record => Volatile.Read(ref _record) is not null,
        Sweep.Pullback => Volatile.Read(ref _pullback) is not null,
        _ => Volatile.Read(ref _pushforward) is not null,
    };

    private T Get<T>(ref T? field, Sweep sweep) where T : Delegate
    {
        if (Volatile.Read(ref field) is { } ready)
        {
            return ready;
        }

        lock (_lock)
        {
            if (field is null)
            {
                // The shape cache is only touched under the lock.
                var lambda = _mixed ? TypedCodegen.EmitMixed<TIn, TOut>(_tape, _shapes, sweep) : TypedCodegen.Emit<TIn, TOut>(_tape, _shapes, Roots, sweep, out _);
                var compiled = (T)lambda.Compile();

                // A mixed tape's fused VJP calls its uncovered rules' forwards and pullbacks itself: their trace is
                // pulled back once, inside the call, so a loop among them may keep its carries in reused storage.
                if (_mixed && sweep == Sweep.ValueAndVjp && compiled is Func<TIn, TOut, (TOut, TIn)> fused)
                {
                    compiled = (T)(Delegate)new Func<TIn, TOut, (TOut, TIn)>((x, yBar) => Tape.PulledBackOnce(fused, x, yBar));
                }

                Volatile.Write(ref field, compiled);
            }

            return field!;
        }
    }

    /// <summary>Whether the fused Jacobian-by-columns sweep has been compiled (for tests: that a Hessian takes it).</summary>
    public bool IsJacobianColumnsCompiled => Volatile.Read(ref _jacobianColumns) is not null;

    /// <summary>
    /// J(x) by columns in one compiled sweep (<see cref="TypedCodegen.EmitJacobianColumns{TIn, TOut}"/>) when the
    /// columns are asked for (or are the cheaper side) and there are at most <see cref="TypedJacobian.MaxLanes"/> of
    /// them; else null, and null when the sweep throws (the caller then takes its general path, which reports the
    /// error as the interpreter does). One array and the matrix are allocated, nothing else.
    /// </summary>
    public Mat? JacobianColumns(TIn x, JacobianMode mode)
    {
        if (Fit(x) is not { } r)
        {
            return null;
        }

        // The layout's sizes, counted once (Shape.Leaves walks the layout).
        var sweep = Volatile.Read(ref _jacobianColumns);
        int n = sweep?.N ?? r.In.Leaves, m = sweep?.M ?? r.Out.Leaves;
        if (n > TypedJacobian.MaxLanes || (long)m * n > Array.MaxLength || !(mode == JacobianMode.Columns || (mode == JacobianMode.Auto && n < m)))
        {
            return null;
        }

        try
        {
            if (sweep is null)
            {
                lock (_lock)
                {
                    sweep = _jacobianColumns ??= new(n, m, TypedCodegen.EmitJacobianColumns<TIn, TOut>(_tape, _shapes, Roots).Compile());
                }
            }

            var j = new double[m * n];
            sweep.Fill(x, j);
            return Mat.Wrap(m, n, j);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private sealed record JacobianSweep(int N, int M, Action<TIn, double[]> Fill);

    /// <summary>The compiled <see cref="Sweep.Run"/> delegate itself (for diagnostics: the dispatch cost around it).</summary>
    internal Func<TIn, TOut> RunDelegate => Get(ref _run, Sweep.Run);

    /// <summary>
    /// The compiled <see cref="Sweep.Run"/> delegate when every input fits its layout (the input is not a Vec, whose
    /// length is checked per call), compiled now; null otherwise or when it does not compile. A caller may cache it
    /// and call it directly, provided it interprets on this thread's opt-out and re-runs the interpreter when it throws.
    /// </summary>
    public Func<TIn, TOut>? FixedRun
    {
        get
        {
            try
            {
                return _roots?.Value is { In.IsVec: false } ? Get(ref _run, Sweep.Run) : null;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    /// <summary>The compiled <see cref="Sweep.ValueAndVjp"/> delegate when neither input nor output is a Vec (as <see cref="FixedRun"/>).</summary>
    public Func<TIn, TOut, (TOut, TIn)>? FixedValueAndVjp
    {
        get
        {
            try
            {
                return _roots?.Value is { In.IsVec: false, Out.IsVec: false } ? Get(ref _valueAndVjp, Sweep.ValueAndVjp) : null;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    // Typed entry points ----------------------------------------------------------------------------

    public TOut Invoke(TIn x)
    {
        if (Fit(x) is null)
        {
            return (TOut)_tape.RunInterpreted(x!);
        }

        try
        {
            return Get(ref _run, Sweep.Run)(x);
        }
        catch (Exception)
        {
            return (TOut)_tape.RunInterpreted(x!);
        }
    }

    public (TOut Value, TIn XBar) ValueAndVjp(TIn x, TOut yBar)
    {
        try
        {
            if (Fit(x) is { } r && FitsOut(r, yBar))
            {
                return Get(ref _valueAndVjp, Sweep.ValueAndVjp)(x, yBar);
            }
        }
        catch (Exception)
        {
            // The interpreter below re-runs the call and throws its own exception.
        }

        var trace = _tape.RecordInterpreted(x);
        return ((TOut)_tape.Output(trace), (TIn)_tape.PullbackInterpreted(trace, yBar));
    }

    public (TOut Value, TOut Tangent) ValueAndJvp(TIn x, TIn dx)
    {
        try
        {
            if (Fit(x) is { } r && FitsIn(r, dx))
            {
                return Get(ref _valueAndTangent, Sweep.ValueAndTangent)(x, dx);
            }
        }
        catch (Exception)
        {
            // The interpreter below re-runs the call and throws its own exception.
        }

        var (y, dy) = _tape.ValueAndTangentInterpreted(x, dx);
        return ((TOut)y, (TOut)dy);
    }

    /// <summary>The forward sweep saving its primal doubles; the trace's pullback and pushforward run compiled.</summary>
    public (TOut Value, Trace Trace) RecordTyped(TIn x)
    {
        try
        {
            if (!_mixed && Fit(x) is not null)
            {
                var (y, frame) = Get(ref _record, Sweep.Record)(x);
                return (y, new Trace(frame, x, y));
            }
        }
        catch (Exception)
        {
            // The interpreter below re-runs the call and throws its own exception.
        }

        var trace = _tape.RecordInterpreted(x);
        return ((TOut)_tape.Output(trace), trace);
    }

    public TIn PullbackTyped(Trace t, TOut yBar)
    {
        if (t.Frame is null)
        {
            return (TIn)_tape.PullbackInterpreted(t, yBar);
        }

        try
        {
            // A frame exists only when the input fitted the compiled layouts.
            if (FitsOut(Roots, yBar))
            {
                return Get(ref _pullback, Sweep.Pullback)(t.Frame, yBar);
            }
        }
        catch (Exception)
        {
            // The interpreter below re-runs the call and throws its own exception.
        }

        return (TIn)_tape.PullbackInterpreted(_tape.RecordInterpreted(t.Input!), yBar);
    }

    public TOut PushforwardTyped(Trace t, TIn dx)
    {
        if (t.Frame is null)
        {
            return (TOut)_tape.PushforwardInterpreted(t, dx);
        }

        try
        {
            if (FitsIn(Roots, dx))
            {
                return Get(ref _pushforward, Sweep.Pushforward)(t.Frame, dx);
            }
        }
        catch (Exception)
        {
            // The interpreter below re-runs the call and throws its own exception.
        }

        return (TOut)_tape.PushforwardInterpreted(_tape.RecordInterpreted(t.Input!), dx);
    }

    // Object entry points (the interpreter's signatures) --------------------------------------------

    public override object Run(object x) => x is TIn tx ? Invoke(tx) : _tape.RunInterpreted(x);

    public override Trace Record(object x) => x is TIn tx ? RecordTyped(tx).Trace : _tape.RecordInterpreted(x);

    public override object Pullback(Trace t, object yBar) =>
        yBar is TOut ty ? PullbackTyped(t, ty) : _tape.PullbackInterpreted(t.Frame is null ? t : _tape.RecordInterpreted(t.Input!), yBar);

    public override (object Value, object Tangent) ValueAndTangent(object x, object dx)
    {
        if (x is TIn tx && dx is TIn tdx)
        {
            var (y, dy) = ValueAndJvp(tx, tdx);
            return (y, dy);
        }

        return _tape.ValueAndTangentInterpreted(x, dx);
    }

    public override object Pushforward(Trace t, object dx) =>
        dx is TIn tdx ? PushforwardTyped(t, tdx) : _tape.PushforwardInterpreted(t.Frame is null ? t : _tape.RecordInterpreted(t.Input!), dx);
}
