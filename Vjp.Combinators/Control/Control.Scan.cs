using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// A scan (or fold) of a step <c>sᵢ₊₁ = step(p, sᵢ, aᵢ)</c> over a sequence, with parameters <c>p</c>
/// that every step reads. The forward pass runs the step's compiled tape once per element; the
/// pullback walks the steps in reverse, carrying <c>s̄</c> back through each step's pullback and adding
/// up the parameters' cotangent <c>p̄ = Σᵢ (∂step/∂p)ᵀ s̄ᵢ₊₁</c>; the pushforward carries <c>ṡ</c> forward.
/// </summary>
/// <param name="step">The step.</param>
/// <param name="emitAll">Whether every state is the output (a scan) or the last (a fold).</param>
/// <param name="checkpoint">Whether to keep O(√n) residuals.</param>
/// <param name="constantItems">
/// Whether the sequence is a constant of the function the rule is part of (<see cref="Control.Fold{P, S, A}(Diff{ValueTuple{P, S, A}, S}, IReadOnlyList{A}, bool)"/>):
/// its cotangent then goes into a constant's slot that no sweep reads, and a compiled fold's pullback gives zeros for it
/// (one array per rule) instead of computing a sequence's worth of cotangents per call.
/// </param>
internal sealed class ScanRule<P, S, A>(Diff<(P, S, A), S> step, bool emitAll, bool checkpoint, bool constantItems = false)
    : Rule(
        $"{(emitAll ? "scan" : "fold")}[{Names.Of(step.Node)}{(checkpoint ? ", checkpointed" : "")}]",
        VectorSpace<(P, S, ImmutableArray<A>)>.Instance,
        emitAll ? VectorSpace<ImmutableArray<S>>.Instance : VectorSpace<S>.Instance), IRepeatedPart
    where P : notnull
    where S : notnull
    where A : notnull
{
    Node IRepeatedPart.Part => step.Node;

    string IRepeatedPart.Unit => "step";

    /// <summary>The inputs (p, sᵢ₋₁, aᵢ) the step runs on, by the step's plain forward pass (the loop's own sweeps are not involved).</summary>
    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x)
    {
        var (p, s, xs) = ((P, S, ImmutableArray<A>))x;
        var i = 0;
        foreach (var a in xs)
        {
            yield return (++i, (p, s, a));
            s = step.Invoke((p, s, a));
        }
    }

    private sealed record Residuals(A[] Items, LoopRecord Record) : ILoopResiduals;

    private Loop Loop => new(step.Node.Tape, checkpoint);

    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override bool HasPushforward => step.HasPushforward;

    public override IReadOnlyList<Node> Children => [step.Node];

    private static Func<int, object, object> Input(P p, A[] items) => (i, s) => (p, (S)s, items[i]);

    // The cotangent given for a constant sequence (see constantItems): zeros shaped like it, built once per rule.
    private A[]? _zeroItems;

    private A[] ZeroItems(A[] items)
    {
        if (Volatile.Read(ref _zeroItems) is { } zeros && zeros.Length == items.Length)
        {
            return zeros;
        }

        var aSpace = VectorSpace<A>.Instance;
        zeros = new A[items.Length];
        for (var i = 0; i < zeros.Length; i++)
        {
            zeros[i] = aSpace.Zero(items[i]);
        }

        Volatile.Write(ref _zeroItems, zeros);
        return zeros;
    }

    public override object Run(object x)
    {
        var (p, s0, xs) = ((P, S, ImmutableArray<A>))x;
        var items = ScanData.View(xs, Name);
        var states = emitAll ? new S[items.Length] : null;
        if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } flat && flat.TryForward(p, s0, items, states, record: false, out var flatLast, out _))
        {
            return states is null ? flatLast : ImmutableCollectionsMarshal.AsImmutableArray(states);
        }

        var last = Loop.Run(s0, items.Length, Input(p, items), null, states is null ? null : (i, s) => states[i] = (S)s);
        return states is null ? last : ImmutableCollectionsMarshal.AsImmutableArray(states);
    }

    public override object Forward(object x, out object? r)
    {
        var (p, s0, xs) = ((P, S, ImmutableArray<A>))x;
        var items = ScanData.View(xs, Name);
        var states = emitAll ? new S[items.Length] : null;
        if (checkpoint)
        {
            var k = Loop.SegmentLength(items.Length);
            if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } cflat
                && cflat.TryForwardCheckpointed(p, s0, items, states, k, out var cLast, out var checkpoints, out var count))
            {
                r = new Residuals(items, new LoopRecord(items.Length, null, null, k, FlatCheckpoints: checkpoints, FlatCheckpointCount: count));
                return states is null ? cLast : ImmutableCollectionsMarshal.AsImmutableArray(states);
            }
        }
        else if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } flat)
        {
            // A trace pulled back once (a gradient) keeps its carries in this thread's reused storage.
            var rented = Tape.RecordingOnce ? FlatCarries.Rent(flat.CarriesLength(items.Length)) : null;
            if (flat.TryForward(p, s0, items, states, record: true, out var flatLast, out var frames, rented))
            {
                var segment = Loop.SegmentLength(items.Length);
                r = new Residuals(items, rented is null
                    ? new LoopRecord(items.Length, null, null, segment, frames)
                    : new LoopRecord(items.Length, null, null, segment, Pooled: new FlatCarries(rented)));
                return states is null ? flatLast : ImmutableCollectionsMarshal.AsImmutableArray(states);
            }

            if (rented is not null)
            {
                FlatCarries.Return(rented);
            }
        }

        var last = Loop.Forward(s0, items.Length, Input(p, items), null, states is null ? null : (i, s) => states[i] = (S)s, out var record);
        r = new Residuals(items, record);
        return states is null ? last : ImmutableCollectionsMarshal.AsImmutableArray(states);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var (p, s0, _) = ((P, S, ImmutableArray<A>))x;
        var (items, record) = (Residuals)r!;
        var sSpace = VectorSpace<S>.Instance;
        var pSpace = VectorSpace<P>.Instance;
        var aSpace = VectorSpace<A>.Instance;
        S[]? statesBar = emitAll ? ScanData.Items((ImmutableArray<S>)yBar, Name) : null;
        if (statesBar is not null && statesBar.Length != items.Length)
        {
            throw new ShapeException($"{Name}.Pullback", $"cotangent of {statesBar.Length} states for a scan of {items.Length} steps");
        }

        if (record.Frames is not null || record.Pooled is not null)
        {
            // Pooled carries are taken by one pullback, which then keeps them as this thread's spare; a trace pulled back
            // again (or at once on another thread) finds them taken and records its own by the same compiled forward pass.
            var frames = record.Frames ?? record.Pooled!.Take();
            var owned = record.Frames is null ? frames : null;
            try
            {
                if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } flat
                    && (frames is not null || flat.TryForward(p, s0, items, null, record: true, out _, out frames))
                    && flat.TryPullback(p, s0, items, frames!, statesBar is null ? yBar : null, statesBar, itemsBar: !constantItems, out var flatBars))
                {
                    return (flatBars.PBar, flatBars.S0Bar, ImmutableCollectionsMarshal.AsImmutableArray(flatBars.ABars ?? ZeroItems(items)));
                }
            }
            finally
            {
                if (owned is not null)
                {
                    FlatCarries.Return(owned);
                }
            }

            // The compiled step failed: record the loop the ordinary way, whose sweeps give the interpreter's error.
            Loop.Forward(s0, items.Length, Input(p, items), null, null, out record);
        }
        else if (record.FlatCheckpoints is { } checkpoints)
        {
            var cflat = FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items);
            if (cflat is not null
                && cflat.TryPullbackCheckpointed(p, s0, items, record.Segment, checkpoints, statesBar is null ? yBar : null, statesBar, itemsBar: !constantItems, out var cBars))
            {
                return (cBars.PBar, cBars.S0Bar, ImmutableCollectionsMarshal.AsImmutableArray(cBars.ABars ?? ZeroItems(items)));
            }

            // The compiled step failed: the interpreted loop sweeps the same checkpoints, which gives the interpreter's error.
            if (cflat is null)
            {
                Loop.Forward(s0, items.Length, Input(p, items), null, null, out record);
            }
            else
            {
                record = new LoopRecord(items.Length, null, cflat.Checkpoints(s0, checkpoints, record.FlatCheckpointCount), record.Segment);
            }
        }

        var pBar = default(P);
        var hasP = false;
        var aBars = new A[items.Length];
        var s0Bar = Loop.Reverse(
            record,
            Input(p, items),
            statesBar is null ? yBar : null,
            statesBar is null ? null : (i, sBar) => sBar is null ? statesBar[i] : sSpace.Add((S)sBar, statesBar[i]),
            (i, inputBar) =>
            {
                var (pb, sb, ab) = ((P, S, A))inputBar;
                pBar = hasP ? pSpace.Add(pBar!, pb) : pb;
                hasP = true;
                aBars[i] = ab;
                return sb;
            });
        for (var i = 0; i < aBars.Length; i++)
        {
            aBars[i] ??= aSpace.Zero(items[i]);
        }

        return (hasP ? pBar! : pSpace.Zero(p), s0Bar is null ? sSpace.Zero(s0) : (S)s0Bar, ImmutableCollectionsMarshal.AsImmutableArray(aBars));
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var (p, s0, _) = ((P, S, ImmutableArray<A>))x;
        var (dp, ds0, dxs) = ((P, S, ImmutableArray<A>))dx;
        var (items, record) = (Residuals)r!;
        var dItems = ScanData.Items(dxs, Name);
        if (dItems.Length != items.Length)
        {
            throw new ShapeException($"{Name}.Pushforward", $"tangent of {dItems.Length} elements for a sequence of {items.Length}");
        }

        var dStates = emitAll ? new S[items.Length] : null;
        if (record.Frames is not null || record.Pooled is not null)
        {
            // Pooled carries are borrowed and given back unchanged (or, when another sweep holds them, recorded afresh).
            var frames = record.Frames ?? record.Pooled!.Take();
            var borrowed = record.Frames is null ? frames : null;
            try
            {
                if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } flat
                    && (frames is not null || flat.TryForward(p, s0, items, null, record: true, out _, out frames))
                    && flat.TryPushforward(p, dp, s0, ds0, items, dItems, frames!, dStates, out var flatLast))
                {
                    return dStates is null ? flatLast : ImmutableCollectionsMarshal.AsImmutableArray(dStates);
                }
            }
            finally
            {
                if (borrowed is not null)
                {
                    record.Pooled!.Restore(borrowed);
                }
            }

            Loop.Forward(s0, items.Length, Input(p, items), null, null, out record);
        }
        else if (record.FlatCheckpoints is not null)
        {
            if (FlatScan<P, S, A>.For(step.Node.Tape, p, s0, items) is { } cflat
                && cflat.TryPushforwardCheckpointed(p, dp, s0, ds0, items, dItems, dStates, out var cLast))
            {
                return dStates is null ? cLast : ImmutableCollectionsMarshal.AsImmutableArray(dStates);
            }

            // The interpreted checkpointed tangent sweep recomputes every step from s₀ (it reads no checkpoint), giving the interpreter's error.
            record = record with { FlatCheckpoints = null, FlatCheckpointCount = 0 };
        }

        var dLast = Loop.Tangent(
            record, s0, ds0, Input(p, items), (i, ds) => (dp, (S)ds, dItems[i]), dStates is null ? null : (i, ds) => dStates[i] = (S)ds);
        return dStates is null ? dLast : ImmutableCollectionsMarshal.AsImmutableArray(dStates);
    }

    /// <summary>((p, s₀, [aᵢ]), ȳ) ↦ (p̄, s̄₀, [āᵢ]) as a rule of its own, differentiable in forward mode (see <see cref="ScanAdjointRule{P, S, A}"/>).</summary>
    public override Node PullbackNode => new RuleNode(new ScanAdjointRule<P, S, A>(step, emitAll, In, Out));

    /// <summary>Why the pushforward has no differentiable form.</summary>
    public override string? SecondOrderUnsupported =>
        "the pushforward of a scan is not expressed as a differentiable function (reverse-over-forward); use the pullback side (Diff.Gradient, Hvp, Hessian), which is.";
}

/// <summary>
/// Control flow as differentiable functions: scans and folds over sequences, iteration, bounded
/// loops, conditionals on the primal, gradient stopping, checkpointing and implicit differentiation
/// of fixed points. Each is a rule over the compiled tapes of its sub-functions: its sweeps are loops,
/// never recursions, so a loop of any length differentiates without growing the stack.
/// </summary>
public static partial class Control
{
    /// <summary>
    /// The scan of a step over a sequence: <c>(p, s₀, [a₁ … aₙ]) ↦ [s₁ … sₙ]</c> with
    /// <c>sᵢ = step(p, sᵢ₋₁, aᵢ)</c>. Differentiable in the parameters <c>p</c> every step reads, in the
    /// initial state <c>s₀</c> and in the elements. The sequences are <see cref="ImmutableArray{T}"/>s, a vector
    /// space built into Vjp.Functional (<see cref="ImmutableArraySpace{A}"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Pullback: from the last step back, <c>(p̄ᵢ, s̄ᵢ₋₁, āᵢ) = stepᵢ*(s̄ᵢ)</c> where <c>s̄ᵢ</c> is the cotangent of
    /// output <c>i</c> plus what step <c>i + 1</c> sent back; <c>p̄ = Σᵢ p̄ᵢ</c>. Pushforward:
    /// <c>ṡᵢ = stepᵢ′(ṗ, ṡᵢ₋₁, ȧᵢ)</c>. The step's tape runs in a loop, so 100,000 steps are stack-safe.
    /// </para>
    /// <para>
    /// With <paramref name="checkpoint"/>, the forward pass keeps the carry every ⌈√n⌉ steps instead of every
    /// step's residuals, and the pullback recomputes one segment at a time: O(√n) residuals alive at once,
    /// for one extra forward pass of the step per element.
    /// </para>
    /// </remarks>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The sequence's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals and recompute the rest in the pullback.</param>
    /// <returns>The scan; its output holds the n states after each step (not <c>s₀</c>).</returns>
    /// <example>
    /// <code>
    /// var (p, s, a) = Diff.Input&lt;(double, double, double)&gt;();
    /// var scan = Control.Scan(Tanh(p * s + a));   // Diff&lt;(double, double, ImmutableArray&lt;double&gt;), ImmutableArray&lt;double&gt;&gt;
    /// </code>
    /// </example>
    public static Diff<(P, S, ImmutableArray<A>), ImmutableArray<S>> Scan<P, S, A>(Diff<(P, S, A), S> step, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull =>
        new(new RuleNode(new ScanRule<P, S, A>(step.NotNull(), emitAll: true, checkpoint)));

    /// <summary>
    /// The scan of a step over a fixed sequence of data: <c>(p, s₀) ↦ [s₁ … sₙ]</c>, differentiable in
    /// the parameters and the initial state. See <see cref="Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>.
    /// </summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The data's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="xs">The data (an array, a list, an <see cref="ImmutableArray{T}"/>…; copied).</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals.</param>
    public static Diff<(P, S), ImmutableArray<S>> Scan<P, S, A>(Diff<(P, S, A), S> step, IReadOnlyList<A> xs, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull =>
        WithData<P, S, A>(ScanData.Copy(xs.NotNull(), "Control.Scan")).Then(Scan(step, checkpoint));

    /// <summary>
    /// The fold of a step over a sequence: <c>(p, s₀, [a₁ … aₙ]) ↦ sₙ</c>, the last state of
    /// <see cref="Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>, with the same pullback and
    /// pushforward. With <paramref name="checkpoint"/>, only O(√n) carries and step residuals are kept.
    /// </summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The sequence's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals and recompute the rest in the pullback.</param>
    public static Diff<(P, S, ImmutableArray<A>), S> Fold<P, S, A>(Diff<(P, S, A), S> step, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull =>
        new(new RuleNode(new ScanRule<P, S, A>(step.NotNull(), emitAll: false, checkpoint)));

    /// <summary>The fold of a step over a fixed sequence of data: <c>(p, s₀) ↦ sₙ</c>.</summary>
    /// <typeparam name="P">The parameters every step reads.</typeparam>
    /// <typeparam name="S">The carried state.</typeparam>
    /// <typeparam name="A">The data's elements.</typeparam>
    /// <param name="step">The step <c>(p, s, a) ↦ s′</c>.</param>
    /// <param name="xs">The data (an array, a list, an <see cref="ImmutableArray{T}"/>…; copied).</param>
    /// <param name="checkpoint">Whether to keep O(√n) residuals.</param>
    public static Diff<(P, S), S> Fold<P, S, A>(Diff<(P, S, A), S> step, IReadOnlyList<A> xs, bool checkpoint = false)
        where P : notnull where S : notnull where A : notnull =>
        WithData<P, S, A>(ScanData.Copy(xs.NotNull(), "Control.Fold"))
            .Then(new Diff<(P, S, ImmutableArray<A>), S>(new RuleNode(new ScanRule<P, S, A>(step.NotNull(), emitAll: false, checkpoint, constantItems: true))));

    private static Diff<(P, S), (P, S, ImmutableArray<A>)> WithData<P, S, A>(ImmutableArray<A> xs)
        where P : notnull where S : notnull where A : notnull =>
        Diff.Fanout(Diff.Fst<P, S>(), Diff.Snd<P, S>(), Diff.Const<(P, S), ImmutableArray<A>>(xs));
}

/// <summary>The sequences a scan reads: checked for a default <see cref="ImmutableArray{T}"/> and null elements.</summary>
internal static class ScanData
{
    /// <summary>The elements of <paramref name="xs"/> as a fresh array; an <see cref="ArgumentException"/> naming <paramref name="name"/> for a default array.</summary>
    public static T[] Items<T>(ImmutableArray<T> xs, string name) =>
        xs.IsDefault
            ? throw new ArgumentException($"{name}: the sequence is a default (uninitialized) ImmutableArray<{typeof(T).Name}>; use ImmutableArray<{typeof(T).Name}>.Empty or ImmutableArray.Create(…).", nameof(xs))
            : [.. xs];

    /// <summary>
    /// The elements of <paramref name="xs"/> as its own array, not copied (a fold's forward pass reads them once per
    /// call; copying them cost a sequence's worth of bytes per call): callers only read it.
    /// </summary>
    public static T[] View<T>(ImmutableArray<T> xs, string name) =>
        xs.IsDefault ? Items(xs, name) : ImmutableCollectionsMarshal.AsArray(xs)!;

    /// <summary>The length of <paramref name="xs"/>; an <see cref="ArgumentException"/> naming <paramref name="name"/> for a default array.</summary>
    public static int Length<T>(ImmutableArray<T> xs, string name) =>
        xs.IsDefault
            ? throw new ArgumentException($"{name}: the sequence is a default (uninitialized) ImmutableArray<{typeof(T).Name}>; use ImmutableArray<{typeof(T).Name}>.Empty or ImmutableArray.Create(…).", nameof(xs))
            : xs.Length;

    /// <summary>A copy of <paramref name="xs"/>; an <see cref="ArgumentException"/> naming <paramref name="name"/> and the index for a null element.</summary>
    public static ImmutableArray<T> Copy<T>(IReadOnlyList<T> xs, string name)
    {
        if (xs is ImmutableArray<T> { IsDefault: true })
        {
            throw new ArgumentException($"{name}: the data is a default (uninitialized) ImmutableArray<{typeof(T).Name}>.", nameof(xs));
        }

        var copy = new T[xs.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = xs[i] ?? throw new ArgumentException($"{name}: element {i} of the data is null.", nameof(xs));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(copy);
    }
}
