using Vjp.Functional.Engine.Typed;

namespace Vjp.Functional.Engine;

/// <summary>The entry points of a tape: its typed sweeps when it qualifies (<see cref="TypedTape"/>), else the interpreter.</summary>
internal sealed partial class Tape
{
    private static readonly object NotTyped = new();
    private object? _typed;

    private int _uses;

    /// <summary>
    /// This tape's typed sweeps, or null while it is interpreted: when it does not qualify, when the typed compiler
    /// is switched off (<see cref="TypedEngine"/>), or while a large tape has not yet been used often enough to repay
    /// its compile (<see cref="TypedEngine.UsesBeforeCompile"/>). Built once; a race builds two and publishes one.
    /// </summary>
    internal TypedTape? Typed
    {
        get
        {
            if (TypedEngine.InterpretingHere)
            {
                return null;
            }

            var typed = Volatile.Read(ref _typed);
            if (typed is null)
            {
                if (Interlocked.Increment(ref _uses) <= TypedEngine.UsesBeforeCompile(InstructionCount))
                {
                    return null;
                }

                typed = Publish();
            }

            return typed as TypedTape;
        }
    }

    /// <summary>The typed sweeps now, whatever the use count (for tests).</summary>
    internal TypedTape? TypedNow => TypedEngine.InterpretingHere ? null : (Volatile.Read(ref _typed) ?? Publish()) as TypedTape;

    private object Publish()
    {
        var typed = (TypedEngine.Enabled ? TypedTape.TryCreate(this) : null) ?? NotTyped;
        return Interlocked.CompareExchange(ref _typed, typed, null) ?? typed;
    }

    /// <summary>Whether this tape runs compiled, typed code (for tests; compiles it now if it qualifies).</summary>
    internal bool IsCompiled => TypedNow is not null;

    /// <summary>Whether this tape has been offered to the typed compiler at all (for tests of the opt-out).</summary>
    internal bool TypedBuilt => Volatile.Read(ref _typed) is not null;

    public object Run(object x) => Typed is { } typed ? typed.Run(x) : RunInterpreted(x);

    public Trace Record(object x) => Typed is { } typed ? typed.Record(x) : RecordInterpreted(x);

    public object Pullback(Trace t, object yBar) =>
        t.Frame is not null && Typed is { } typed ? typed.Pullback(t, yBar) : PullbackInterpreted(t, yBar);

    public (object Value, object Tangent) ValueAndTangent(object x, object dx) =>
        Typed is { } typed ? typed.ValueAndTangent(x, dx) : ValueAndTangentInterpreted(x, dx);

    public object Pushforward(Trace t, object dx) =>
        t.Frame is not null && Typed is { } typed ? typed.Pushforward(t, dx) : PushforwardInterpreted(t, dx);
}
