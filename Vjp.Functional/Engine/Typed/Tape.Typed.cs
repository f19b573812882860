using Vjp.Functional.Engine.Typed;

namespace Vjp.Functional.Engine;

/// <summary>The entry points of a tape: its typed sweeps when it qualifies (<see cref="TypedTape"/>), else the interpreter.</summary>
internal sealed partial class Tape
{
    private static readonly object NotTyped = new();
    private object? _typed;

    /// <summary>
    /// This tape's typed sweeps, built on first use (once; a race builds two and publishes one), or null
    /// when the tape does not qualify or the typed compiler is switched off (<see cref="TypedEngine"/>).
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
                typed = (TypedEngine.Enabled ? TypedTape.TryCreate(this) : null) ?? NotTyped;
                typed = Interlocked.CompareExchange(ref _typed, typed, null) ?? typed;
            }

            return typed as TypedTape;
        }
    }

    /// <summary>Whether this tape runs compiled, typed code (for tests).</summary>
    internal bool IsCompiled => Typed is not null;

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
