using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>What a loop's forward pass keeps for its pullback and pushforward.</summary>
/// <param name="Count">The number of steps taken.</param>
/// <param name="Traces">Without checkpointing: the step's trace at every step.</param>
/// <param name="Checkpoints">With checkpointing: the carry before steps 0, k, 2k, … (k = <paramref name="Segment"/>).</param>
/// <param name="Segment">The checkpoint spacing k ≈ √n.</param>
/// <param name="Frames">From a step compiled to typed code (<see cref="FlatScan{P, S, A}"/>): the flat carry before every step, one after another, in place of <paramref name="Traces"/> (each step is re-recorded from it).</param>
/// <param name="FlatCheckpoints">From a checkpointed loop of a compiled step (<see cref="FlatIterate{S}"/>, <see cref="FlatScan{P, S, A}"/>): the flat carry before steps 0, k, 2k, …, in place of <paramref name="Checkpoints"/>.</param>
/// <param name="FlatCheckpointCount">The number of carries in <paramref name="FlatCheckpoints"/>.</param>
/// <param name="Pooled">The same carries as <paramref name="Frames"/> in reused storage, for a trace pulled back once (<see cref="FlatCarries"/>), in place of <paramref name="Frames"/>.</param>
internal sealed record LoopRecord(int Count, Trace[]? Traces, object[]? Checkpoints, int Segment, double[]? Frames = null, double[]? FlatCheckpoints = null, int FlatCheckpointCount = 0, FlatCarries? Pooled = null) : ILoopResiduals
{
    LoopRecord ILoopResiduals.Record => this;

    /// <summary>How many step traces (or frames) and carries the record keeps: n without checkpointing, about √n with.</summary>
    public int Retained => (Traces?.Length ?? 0) + (Checkpoints?.Length ?? 0) + (Frames is null && Pooled is null ? 0 : Count) + FlatCheckpointCount;
}

/// <summary>Residuals that hold a loop's record.</summary>
internal interface ILoopResiduals
{
    LoopRecord Record { get; }
}

/// <summary>Inspection of loop residuals, for tests and benchmarks.</summary>
internal static class LoopInspector
{
    /// <summary>
    /// How many step traces and carries the loop rule at the top of <paramref name="f"/> keeps after a
    /// forward pass at <paramref name="x"/>: n without checkpointing, about 2√n with.
    /// </summary>
    public static int Retained<X, Y>(Diff<X, Y> f, X x) where X : notnull where Y : notnull
    {
        var rule = f.Node is RuleNode r ? r.Rule : throw new ArgumentException($"'{f.Name}' is not a rule.", nameof(f));
        _ = rule.Forward(x, out var residuals);
        return residuals is ILoopResiduals loop ? loop.Record.Retained : throw new ArgumentException($"'{f.Name}' is not a loop.", nameof(f));
    }
}

/// <summary>
/// Runs a step's compiled tape in a loop, <c>cᵢ₊₁ = step(input(i, cᵢ))</c>, and sweeps back through it.
/// Every sweep is an iteration over the steps, never a recursion, so a loop of any length is stack-safe.
/// </summary>
/// <remarks>
/// Without checkpointing the forward pass keeps every step's trace. With checkpointing it keeps only
/// the carry every k ≈ √n steps; the pullback walks the segments from the last, recomputes one
/// segment's k traces from its carry and pulls back through them in reverse, so at most O(√n) carries
/// and traces are alive at once, for the price of one extra forward pass (Griewank and Walther,
/// <i>Evaluating Derivatives</i>, 2nd ed., §12.3).
/// </remarks>
/// <param name="step">The step's tape.</param>
/// <param name="checkpoint">Whether to keep √n checkpoints instead of every trace.</param>
internal sealed class Loop(Tape step, bool checkpoint)
{
    public static int SegmentLength(int maxSteps) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(maxSteps)));

    /// <summary>The forward pass alone: no traces, no checkpoints.</summary>
    public object Run(object init, int maxSteps, Func<int, object, object> input, Func<object, bool>? keepGoing, Action<int, object>? emit)
    {
        var carry = init;
        for (var i = 0; i < maxSteps && (keepGoing is null || keepGoing(carry)); i++)
        {
            carry = step.Run(input(i, carry));
            emit?.Invoke(i, carry);
        }

        return carry;
    }

    /// <summary>The forward pass, keeping what the reverse and tangent sweeps need.</summary>
    public object Forward(
        object init, int maxSteps, Func<int, object, object> input, Func<object, bool>? keepGoing, Action<int, object>? emit, out LoopRecord record)
    {
        var carry = init;
        var k = SegmentLength(maxSteps);
        var traces = checkpoint ? null : new List<Trace>();
        var checkpoints = checkpoint ? new List<object>() : null;
        var i = 0;
        for (; i < maxSteps && (keepGoing is null || keepGoing(carry)); i++)
        {
            var x = input(i, carry);
            if (checkpoints is not null)
            {
                if (i % k == 0)
                {
                    checkpoints.Add(carry);
                }

                carry = step.Run(x);
            }
            else
            {
                var trace = step.Record(x);
                traces!.Add(trace);
                carry = step.Output(trace);
            }

            emit?.Invoke(i, carry);
        }

        record = new LoopRecord(i, traces?.ToArray(), checkpoints?.ToArray(), k);
        return carry;
    }

    /// <summary>
    /// The reverse sweep. <paramref name="finalBar"/> is the cotangent of the last carry; at each step,
    /// from the last, <paramref name="addOutputBar"/> (if any) adds the cotangent of that step's own
    /// output, the step's pullback maps the total to its input's cotangent, and <paramref name="split"/>
    /// takes what belongs to other inputs and returns the cotangent of the previous carry (null for zero).
    /// </summary>
    /// <returns>The cotangent of the initial carry, or null for zero.</returns>
    public object? Reverse(
        LoopRecord record, Func<int, object, object> input, object? finalBar, Func<int, object?, object?>? addOutputBar, Func<int, object, object?> split)
    {
        var carryBar = finalBar;
        if (record.Traces is { } traces)
        {
            for (var i = record.Count - 1; i >= 0; i--)
            {
                carryBar = StepBack(traces[i], i, carryBar, addOutputBar, split);
            }

            return carryBar;
        }

        var k = record.Segment;
        var checkpoints = record.Checkpoints!;
        var segment = new Trace[Math.Min(k, record.Count)];
        for (var s = checkpoints.Length - 1; s >= 0; s--)
        {
            var start = s * k;
            var end = Math.Min(start + k, record.Count);
            var carry = checkpoints[s];
            for (var i = start; i < end; i++)
            {
                segment[i - start] = step.Record(input(i, carry));
                carry = step.Output(segment[i - start]);
            }

            for (var i = end - 1; i >= start; i--)
            {
                carryBar = StepBack(segment[i - start], i, carryBar, addOutputBar, split);
                segment[i - start] = null!;
            }
        }

        return carryBar;
    }

    private object? StepBack(Trace trace, int i, object? carryBar, Func<int, object?, object?>? addOutputBar, Func<int, object, object?> split)
    {
        var seed = addOutputBar is null ? carryBar : addOutputBar(i, carryBar);

        // A zero cotangent pulls back to zero: nothing flows to the previous carry or accumulates.
        return seed is null ? null : split(i, step.Pullback(trace, seed));
    }

    /// <summary>
    /// The tangent sweep: <c>ċᵢ₊₁ = step′ · tangentInput(i, ċᵢ)</c> from <paramref name="dInit"/>, reusing
    /// the saved traces, or, with checkpointing, recomputing each step forward beside its tangent.
    /// </summary>
    /// <returns>The tangent of the last carry.</returns>
    public object Tangent(
        LoopRecord record, object init, object dInit, Func<int, object, object> input, Func<int, object, object> tangentInput, Action<int, object>? emit)
    {
        var dCarry = dInit;
        if (record.Traces is { } traces)
        {
            for (var i = 0; i < record.Count; i++)
            {
                dCarry = step.Pushforward(traces[i], tangentInput(i, dCarry));
                emit?.Invoke(i, dCarry);
            }

            return dCarry;
        }

        var carry = init;
        for (var i = 0; i < record.Count; i++)
        {
            (carry, dCarry) = step.ValueAndTangent(input(i, carry), tangentInput(i, dCarry));
            emit?.Invoke(i, dCarry);
        }

        return dCarry;
    }
}
