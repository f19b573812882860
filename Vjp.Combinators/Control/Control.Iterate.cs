using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// A step applied repeatedly, <c>sₖ₊₁ = step(sₖ)</c>: a fixed number of times, or while a predicate of
/// the primal holds, up to a bound. The number of steps is decided in the forward pass and held fixed
/// by the pullback and pushforward (the predicate is piecewise constant, so it contributes nothing).
/// </summary>
internal sealed class IterateRule<S>(Diff<S, S> step, int maxSteps, Func<S, bool>? predicate, bool checkpoint, string name)
    : Rule(name, VectorSpace<S>.Instance, VectorSpace<S>.Instance), IRepeatedPart
    where S : notnull
{
    Node IRepeatedPart.Part => step.Node;

    string IRepeatedPart.Unit => "step";

    /// <summary>The carries s₀, s₁, … the step runs on, by the step's plain forward pass (the loop's own sweeps are not involved).</summary>
    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x)
    {
        var s = (S)x;
        for (var i = 0; i < maxSteps && (predicate is null || predicate(s)); i++)
        {
            yield return (i + 1, s);
            s = step.Invoke(s);
        }
    }

    private static readonly Func<int, object, object> Input = static (_, s) => s;

    private Loop Loop => new(step.Node.Tape, checkpoint);

    private Func<object, bool>? KeepGoing => predicate is null ? null : s => predicate((S)s);

    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override bool HasPushforward => step.HasPushforward;

    public override IReadOnlyList<Node> Children => [step.Node];

    /// <summary>The compiled loop (<see cref="FlatIterate{S}"/>) when the step compiles (a checkpointed While stays interpreted).</summary>
    private FlatIterate<S>? Flat(object x) =>
        maxSteps > 0 && x is S s && !(checkpoint && predicate is not null) ? FlatIterate<S>.For(step.Node.Tape, s) : null;

    /// <summary>The compiled forward pass: <c>stepⁿ</c> as one loop, or a While a step at a time.</summary>
    private bool TryFlat(object x, bool record, out S last, out int count, out double[]? carries)
    {
        count = maxSteps;
        if (Flat(x) is not { } flat)
        {
            last = default!;
            carries = null;
            return false;
        }

        return predicate is null
            ? flat.TryRun((S)x, maxSteps, record, out last, out carries)
            : flat.TryRunWhile((S)x, maxSteps, predicate, record, out last, out count, out carries);
    }

    public override object Run(object x) =>
        TryFlat(x, record: false, out var last, out _, out _) ? last : Loop.Run(x, maxSteps, Input, KeepGoing, null);

    public override object Forward(object x, out object? r)
    {
        if (checkpoint)
        {
            var k = Loop.SegmentLength(maxSteps);
            if (Flat(x) is { } flat && flat.TryRunCheckpointed((S)x, maxSteps, k, out var end, out var checkpoints, out var segments))
            {
                r = new LoopRecord(maxSteps, null, null, k, null, checkpoints, segments);
                return end;
            }
        }
        else if (TryFlat(x, record: true, out var last, out var count, out var carries))
        {
            r = new LoopRecord(count, null, null, Loop.SegmentLength(maxSteps), carries);
            return last;
        }

        var y = Loop.Forward(x, maxSteps, Input, KeepGoing, null, out var record);
        r = record;
        return y;
    }

    /// <summary>The record of the interpreted loop: the one given, or, after a compiled forward pass, the loop recorded again the ordinary way.</summary>
    private LoopRecord Interpreted(object x, LoopRecord record)
    {
        if (record.Frames is null && record.FlatCheckpoints is null)
        {
            return record;
        }

        Loop.Forward(x, maxSteps, Input, KeepGoing, null, out var again);
        return again;
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var record = (LoopRecord)r!;
        if (record.Frames is { } carries && yBar is S sBar && Flat(x) is { } flat && flat.TryPullback((S)x, record.Count, carries, sBar, out var s0Bar))
        {
            return s0Bar;
        }

        if (record.FlatCheckpoints is { } checkpoints && yBar is S cBar && Flat(x) is { } cflat
            && cflat.TryPullbackCheckpointed((S)x, record.Count, record.Segment, checkpoints, cBar, out var c0Bar))
        {
            return c0Bar;
        }

        // The compiled step failed (or was not used): the interpreted loop's sweeps give the interpreter's error.
        return Loop.Reverse(Interpreted(x, record), Input, yBar, null, static (_, sBar) => sBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var record = (LoopRecord)r!;
        if (record.Frames is { } carries && dx is S ds && Flat(x) is { } flat && flat.TryPushforward((S)x, record.Count, carries, ds, out var dLast))
        {
            return dLast;
        }

        if (record.FlatCheckpoints is { } checkpoints && dx is S cds && Flat(x) is { } cflat
            && cflat.TryPushforwardCheckpointed((S)x, record.Count, record.Segment, checkpoints, cds, out var cLast))
        {
            return cLast;
        }

        return Loop.Tangent(Interpreted(x, record), x, dx, Input, static (_, ds) => ds, null);
    }

    /// <summary>Why a While has no differentiable forms.</summary>
    public override string? SecondOrderUnsupported => predicate is null ? null :
        "the number of steps of a While is decided by the primal at run time, so its pullback is not a fixed differentiable function; use Iterate with a fixed count.";

    private Node Unrolled()
    {
        Node chain = new IdNode(In);
        for (var i = 0; i < maxSteps; i++)
        {
            chain = NodeOps.Then(chain, step.Node);
        }

        return chain;
    }

    /// <summary>(s₀, s̄ₙ) ↦ s̄₀ through the n steps unrolled (a fixed count only); the step's pullbacks in reverse.</summary>
    public override Node? PullbackNode
    {
        get
        {
            if (predicate is not null)
            {
                return null;
            }

            var pair = NodeOps.PairSpace(In, Out);
            return Emitter.Pullback(Unrolled(), new ProjectNode(pair, 0), new ProjectNode(pair, 1));
        }
    }

    /// <summary>(s₀, ṡ₀) ↦ ṡₙ through the n steps unrolled (a fixed count only).</summary>
    public override Node? PushforwardNode
    {
        get
        {
            if (predicate is not null)
            {
                return null;
            }

            var pair = NodeOps.PairSpace(In, In);
            return Emitter.Pushforward(Unrolled(), new ProjectNode(pair, 0), new ProjectNode(pair, 1));
        }
    }
}

public static partial class Control
{
    /// <summary>
    /// The step applied <paramref name="n"/> times, <c>s ↦ stepⁿ(s)</c>; the identity for n = 0. The
    /// pullback runs the step's pullback n times in reverse, the pushforward its pushforward n times.
    /// Parameters that every step reads are part of the state, passed through by the step.
    /// </summary>
    /// <typeparam name="S">The state.</typeparam>
    /// <param name="step">The step.</param>
    /// <param name="n">The number of steps, at least zero.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals and recompute the rest in the pullback.</param>
    /// <example>
    /// <code>
    /// var (theta, x) = Diff.Input&lt;(double, double)&gt;();
    /// var decay = Diff.Fanout(theta, x - 0.01 * theta * x).Iterate(100);   // 100 Euler steps of ẋ = −θx, θ carried along
    /// </code>
    /// </example>
    public static Diff<S, S> Iterate<S>(this Diff<S, S> step, int n, bool checkpoint = false) where S : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return new(new RuleNode(new IterateRule<S>(step, n, null, checkpoint, $"iterate[{n}{(checkpoint ? ", checkpointed" : "")}]({Names.Of(step.Node)})")));
    }

    /// <summary>
    /// A bounded loop: the step applied while <paramref name="predicate"/> holds of the current state,
    /// at most <paramref name="maxSteps"/> times, <c>s ↦ stepᵏ(s)</c> with k the first count at which the
    /// predicate fails (or <paramref name="maxSteps"/>, where the loop stops regardless). Differentiable
    /// with k held fixed: the pullback and pushforward are those of <c>stepᵏ</c>.
    /// </summary>
    /// <typeparam name="S">The state.</typeparam>
    /// <param name="step">The step.</param>
    /// <param name="predicate">Whether to take another step, decided on the primal state.</param>
    /// <param name="maxSteps">The bound on the number of steps, at least zero.</param>
    /// <param name="checkpoint">Whether to keep O(√k) residuals and recompute the rest in the pullback.</param>
    public static Diff<S, S> While<S>(this Diff<S, S> step, Func<S, bool> predicate, int maxSteps, bool checkpoint = false) where S : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        return new(new RuleNode(new IterateRule<S>(step, maxSteps, predicate, checkpoint, $"while[≤{maxSteps}]({Names.Of(step.Node)})")));
    }
}
