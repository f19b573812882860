using Vjp.Functional;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;

namespace Vjp.Combinators;

/// <summary>
/// A scan or fold whose step compiles to typed code (<see cref="TypedTape"/>): the carry, the parameters and
/// the data live as flat doubles in a few arrays, the carry before every step is saved in one array, and the
/// sweeps call the step's flat compiled sweeps in a loop (re-running each step from its carry, fused with its pullback or pushforward), so a step costs a delegate call and a few copies
/// instead of boxed tuples and a trace per step. Every double is computed as the loop over the interpreted
/// step computes it: the same step sweeps, the parameters' cotangents added in the same order. With checkpointing
/// only the carry before steps 0, k, 2k, … (k ≈ √n) is kept: the reverse sweep records each segment again from its
/// checkpoint with the compiled recording sweep and pulls back through its frames; the tangent sweep, as the interpreted
/// one, recomputes each step beside its tangent. Each step's forward then runs once per sweep, as in the interpreter.
/// </summary>
/// <remarks>
/// Any exception inside a flat sweep makes the caller run the loop the ordinary way, which reproduces the
/// interpreter's exception with its path.
/// </remarks>
/// <typeparam name="P">The parameters every step reads.</typeparam>
/// <typeparam name="S">The carried state.</typeparam>
/// <typeparam name="A">The sequence's elements.</typeparam>
internal sealed class FlatScan<P, S, A>
    where P : notnull
    where S : notnull
    where A : notnull
{
    private readonly TypedTape _typed;
    private readonly int _dp;
    private readonly int _ds;
    private readonly int _da;

    /// <summary>The number of doubles the carries of <paramref name="steps"/> steps take.</summary>
    public int CarriesLength(int steps) => checked(steps * _ds);

    private FlatScan(TypedTape typed, int dp, int ds, int da)
    {
        _typed = typed;
        _dp = dp;
        _ds = ds;
        _da = da;
    }

    /// <summary>The flat loop of <paramref name="step"/>, or null when its step is interpreted or its layout not flat.</summary>
    public static FlatScan<P, S, A>? For(Tape step, P p, S s0, A[] items)
    {
        if (step.Typed is not { } typed)
        {
            return null;
        }

        int dp = VectorSpace<P>.Instance.Dimension(p), ds = VectorSpace<S>.Instance.Dimension(s0);
        var da = items.Length > 0 ? VectorSpace<A>.Instance.Dimension(items[0]) : typed.InputLength - dp - ds;
        return dp + ds + da == typed.InputLength && ds == typed.OutputLength ? new FlatScan<P, S, A>(typed, dp, ds, da) : null;
    }

    /// <summary>A short copy (a carry of a few doubles: Array.Copy's call costs more than the copy).</summary>
    private static void Copy(double[] from, int at, double[] to, int into, int length)
    {
        for (var j = 0; j < length; j++)
        {
            to[into + j] = from[at + j];
        }
    }

    private double[] Input(P p, S s)
    {
        var input = new double[_dp + _ds + _da];
        VectorSpace<P>.Instance.Flatten(p, input.AsSpan(0, _dp));
        VectorSpace<S>.Instance.Flatten(s, input.AsSpan(_dp, _ds));
        return input;
    }

    /// <summary>The items' flat view to read only: a sequence of doubles is its own (no copy).</summary>
    private double[] ItemsToRead(A[] items) => items is double[] doubles && _da == 1 ? doubles : Items(items);

    private double[] Items(A[] items) => Items(items, new double[items.Length * _da]);

    private double[] Items(A[] items, double[] flat)
    {
        var space = VectorSpace<A>.Instance;
        for (var i = 0; i < items.Length; i++)
        {
            space.Flatten(items[i], flat.AsSpan(i * _da, _da));
        }

        return flat;
    }

    /// <summary>
    /// The forward pass; with <paramref name="record"/> it saves the carry before every step (<paramref name="carries"/>),
    /// from which the reverse and tangent sweeps re-run each step in one compiled method with its pullback (or
    /// pushforward), every double in a local: the frames of all steps would be tens of doubles per step written to and
    /// read back from memory, which costs more than the step's arithmetic.
    /// </summary>
    /// <remarks>The carries go into <c>into</c> when given (at least <see cref="CarriesLength"/> doubles), else into a new array.</remarks>
    public bool TryForward(P p, S s0, A[] items, S[]? states, bool record, out S last, out double[]? carries, double[]? into = null)
    {
        last = s0;
        carries = null;
        if (states is null && TryFoldLoop(p, s0, items, record, out last, out carries, into))
        {
            return true;
        }

        try
        {
            var run = _typed.Flat(Sweep.FlatRun);
            var input = Input(p, s0);
            var data = ItemsToRead(items);
            var output = new double[_ds];
            var saved = record ? into ?? new double[checked(items.Length * _ds)] : null;
            var sSpace = VectorSpace<S>.Instance;
            for (var i = 0; i < items.Length; i++)
            {
                Copy(data, i * _da, input, _dp + _ds, _da);
                if (saved is not null)
                {
                    Copy(input, _dp, saved, i * _ds, _ds);
                }

                run(input, 0, output, 0, null, 0);
                Copy(output, 0, input, _dp, _ds);
                if (states is not null)
                {
                    states[i] = sSpace.Unflatten(s0, output);
                }
            }

            last = items.Length == 0 ? s0 : sSpace.Unflatten(s0, output);
            carries = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>A fold's forward pass as one compiled loop (<see cref="Sweep.FlatFoldRun"/>), the carry in locals.</summary>
    private bool TryFoldLoop(P p, S s0, A[] items, bool record, out S last, out double[]? carries, double[]? into)
    {
        last = s0;
        carries = null;
        try
        {
            var loop = _typed.Flat(Sweep.FlatFoldRun);
            var input = Input(p, s0);
            var saved = record ? into ?? new double[checked(items.Length * _ds)] : null;
            loop(input, items.Length, ItemsToRead(items), 0, saved, 0);
            last = items.Length == 0 ? s0 : VectorSpace<S>.Instance.Unflatten(s0, input.AsSpan(_dp, _ds));
            carries = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>A fold's reverse sweep as one compiled loop (<see cref="Sweep.FlatFoldVjp"/>), the carry's cotangent in locals.</summary>
    private bool TryFoldLoopBack(P p, S s0, A[] items, double[] carries, S finalBar, bool itemsBar, out (P PBar, S S0Bar, A[]? ABars) result)
    {
        result = default;
        try
        {
            var loop = _typed.Flat(Sweep.FlatFoldVjp);
            var io = Input(p, finalBar);

            // Without the items' cotangent, the loop writes it into this thread's scratch, read by no one.
            var data = itemsBar ? Items(items) : Items(items, FlatCarries.Scratch(checked(items.Length * _da)));
            loop(io, items.Length, data, 0, carries, 0);

            // The loop leaves āᵢ in place of aᵢ in this fresh buffer: for a sequence of doubles it is the cotangent itself.
            var aBars = !itemsBar ? null : data is A[] doubles ? doubles : Unflatten(items, data);

            result = (VectorSpace<P>.Instance.Unflatten(p, io.AsSpan(0, _dp)), VectorSpace<S>.Instance.Unflatten(s0, io.AsSpan(_dp, _ds)), aBars);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private A[] Unflatten(A[] items, double[] data)
    {
        var aSpace = VectorSpace<A>.Instance;
        var aBars = new A[items.Length];
        for (var i = 0; i < aBars.Length; i++)
        {
            aBars[i] = aSpace.Unflatten(items[i], data.AsSpan(i * _da, _da));
        }

        return aBars;
    }

    /// <summary>
    /// The reverse sweep: from the last step, each step's forward re-run from its carry in the same compiled method as its pullback, the seed (the final carry's
    /// cotangent, plus each state's own cotangent for a scan) pulls back through it; the parameters' cotangents add up.
    /// </summary>
    /// <remarks>Without <c>itemsBar</c> (the items' cotangent is not wanted), the fold's loop leaves it null.</remarks>
    public bool TryPullback(P p, S s0, A[] items, double[] carries, object? finalBar, S[]? statesBar, bool itemsBar, out (P PBar, S S0Bar, A[]? ABars) result)
    {
        result = default;
        if (statesBar is null && finalBar is not null && items.Length > 0 && TryFoldLoopBack(p, s0, items, carries, (S)finalBar, itemsBar, out result))
        {
            return true;
        }

        try
        {
            var vjp = _typed.Flat(Sweep.FlatVjp);
            var input = Input(p, s0);
            var data = ItemsToRead(items);
            var sSpace = VectorSpace<S>.Instance;
            var aSpace = VectorSpace<A>.Instance;
            var seed = new double[_ds];
            var part = statesBar is null ? null : new double[_ds];
            var hasSeed = finalBar is not null;
            if (finalBar is not null)
            {
                sSpace.Flatten((S)finalBar, seed);
            }

            var xBar = new double[_dp + _ds + _da];
            var pBar = new double[_dp];
            var aBars = new A[items.Length];
            for (var i = items.Length - 1; i >= 0; i--)
            {
                if (statesBar is not null)
                {
                    // As the scan's addOutputBar: the state's own cotangent, added to the carried one after the first step back.
                    sSpace.Flatten(statesBar[i], part);
                    for (var j = 0; j < _ds; j++)
                    {
                        seed[j] = hasSeed ? seed[j] + part![j] : part![j];
                    }

                    hasSeed = true;
                }

                Copy(carries, i * _ds, input, _dp, _ds);
                Copy(data, i * _da, input, _dp + _ds, _da);
                vjp(input, 0, seed, 0, xBar, 0);
                for (var j = 0; j < _dp; j++)
                {
                    pBar[j] = i == items.Length - 1 ? xBar[j] : pBar[j] + xBar[j];
                }

                aBars[i] = aSpace.Unflatten(items[i], xBar.AsSpan(_dp + _ds, _da));
                Copy(xBar, _dp, seed, 0, _ds);
            }

            var pSpace = VectorSpace<P>.Instance;
            result = (
                items.Length > 0 ? pSpace.Unflatten(p, pBar) : pSpace.Zero(p),
                hasSeed ? sSpace.Unflatten(s0, seed) : sSpace.Zero(s0),
                aBars);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// The forward pass of a checkpointed loop: each step by the compiled step, keeping only the carry before steps
    /// 0, k, 2k, … (<paramref name="checkpoints"/>, one after another, <paramref name="count"/> of them).
    /// </summary>
    public bool TryForwardCheckpointed(P p, S s0, A[] items, S[]? states, int k, out S last, out double[]? checkpoints, out int count)
    {
        last = s0;
        checkpoints = null;
        count = (items.Length + k - 1) / k;
        try
        {
            var run = _typed.Flat(Sweep.FlatRun);
            var input = Input(p, s0);
            var data = ItemsToRead(items);
            var output = new double[_ds];
            var saved = new double[checked(count * _ds)];
            var sSpace = VectorSpace<S>.Instance;
            for (var i = 0; i < items.Length; i++)
            {
                if (i % k == 0)
                {
                    Copy(input, _dp, saved, i / k * _ds, _ds);
                }

                Copy(data, i * _da, input, _dp + _ds, _da);
                run(input, 0, output, 0, null, 0);
                Copy(output, 0, input, _dp, _ds);
                if (states is not null)
                {
                    states[i] = sSpace.Unflatten(s0, output);
                }
            }

            last = items.Length == 0 ? s0 : sSpace.Unflatten(s0, output);
            checkpoints = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The flat checkpoints as the interpreted loop keeps them (one carry object each), for the interpreter to sweep when a compiled sweep failed.</summary>
    public object[] Checkpoints(S s0, double[] checkpoints, int count)
    {
        var sSpace = VectorSpace<S>.Instance;
        var carries = new object[count];
        for (var s = 0; s < count; s++)
        {
            carries[s] = sSpace.Unflatten(s0, checkpoints.AsSpan(s * _ds, _ds));
        }

        return carries;
    }

    /// <summary>
    /// Steps start … end − 1 recorded again from segment <paramref name="s"/>'s checkpoint by the compiled recording sweep
    /// (<see cref="Sweep.FlatRecord"/>), their frames one after another in <paramref name="frames"/>: each step's forward runs once, as the interpreter records it.
    /// </summary>
    private void Recompute(FlatSweep record, int frameLength, double[] input, double[] output, double[] data, double[] checkpoints, int s, int start, int end, double[] frames)
    {
        Copy(checkpoints, s * _ds, input, _dp, _ds);
        for (var i = start; i < end; i++)
        {
            Copy(data, i * _da, input, _dp + _ds, _da);
            record(input, 0, frames, (i - start) * frameLength, output, 0);
            Copy(output, 0, input, _dp, _ds);
        }
    }

    /// <summary>
    /// The reverse sweep through a checkpointed record, as the interpreted loop walks it: from the last segment, its
    /// carries recomputed from its checkpoint by the compiled step, then each of its steps pulled back from the last by
    /// the compiled fused sweep; the seed and the parameters' cotangents carry on from segment to segment.
    /// </summary>
    public bool TryPullbackCheckpointed(P p, S s0, A[] items, int k, double[] checkpoints, object? finalBar, S[]? statesBar, bool itemsBar, out (P PBar, S S0Bar, A[]? ABars) result)
    {
        result = default;
        try
        {
            var record = _typed.Flat(Sweep.FlatRecord);
            var pullback = _typed.Flat(Sweep.FlatPullback);
            var frameLength = _typed.FrameLength;
            var n = items.Length;
            var input = Input(p, s0);
            var output = new double[_ds];
            var data = ItemsToRead(items);
            var frames = new double[checked(Math.Min(k, n) * frameLength)];
            var sSpace = VectorSpace<S>.Instance;
            var aSpace = VectorSpace<A>.Instance;
            var seed = new double[_ds];
            var part = statesBar is null ? null : new double[_ds];
            var hasSeed = finalBar is not null;
            if (finalBar is not null)
            {
                sSpace.Flatten((S)finalBar, seed);
            }

            var xBar = new double[_dp + _ds + _da];
            var pBar = new double[_dp];
            var aBars = itemsBar ? new A[n] : null;
            for (var s = (n + k - 1) / k - 1; s >= 0; s--)
            {
                var start = s * k;
                var end = Math.Min(start + k, n);
                Recompute(record, frameLength, input, output, data, checkpoints, s, start, end, frames);
                for (var i = end - 1; i >= start; i--)
                {
                    if (statesBar is not null)
                    {
                        sSpace.Flatten(statesBar[i], part);
                        for (var j = 0; j < _ds; j++)
                        {
                            seed[j] = hasSeed ? seed[j] + part![j] : part![j];
                        }

                        hasSeed = true;
                    }

                    Array.Clear(xBar);
                    pullback(frames, (i - start) * frameLength, seed, 0, xBar, 0);
                    for (var j = 0; j < _dp; j++)
                    {
                        pBar[j] = i == n - 1 ? xBar[j] : pBar[j] + xBar[j];
                    }

                    if (aBars is not null)
                    {
                        aBars[i] = aSpace.Unflatten(items[i], xBar.AsSpan(_dp + _ds, _da));
                    }

                    Copy(xBar, _dp, seed, 0, _ds);
                }
            }

            var pSpace = VectorSpace<P>.Instance;
            result = (
                n > 0 ? pSpace.Unflatten(p, pBar) : pSpace.Zero(p),
                hasSeed ? sSpace.Unflatten(s0, seed) : sSpace.Zero(s0),
                aBars);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// The tangent sweep of a checkpointed loop, as the interpreted one runs it: each step's forward recomputed from the
    /// initial carry beside its tangent, by the compiled recording and tangent sweeps (one frame alive at a time; the
    /// checkpoints are not needed).
    /// </summary>
    public bool TryPushforwardCheckpointed(P p, P dp, S s0, S ds0, A[] items, A[] dItems, S[]? dStates, out S dLast)
    {
        dLast = ds0;
        try
        {
            var record = _typed.Flat(Sweep.FlatRecord);
            var pushforward = _typed.Flat(Sweep.FlatPushforward);
            var frame = new double[_typed.FrameLength];
            var input = Input(p, s0);
            var output = new double[_ds];
            var data = ItemsToRead(items);
            var dInput = Input(dp, ds0);
            var dData = ItemsToRead(dItems);
            var dy = new double[_ds];
            var sSpace = VectorSpace<S>.Instance;
            for (var i = 0; i < dItems.Length; i++)
            {
                Copy(data, i * _da, input, _dp + _ds, _da);
                Copy(dData, i * _da, dInput, _dp + _ds, _da);
                record(input, 0, frame, 0, output, 0);
                Array.Clear(dy);
                pushforward(frame, 0, dInput, 0, dy, 0);
                Copy(output, 0, input, _dp, _ds);
                Copy(dy, 0, dInput, _dp, _ds);
                if (dStates is not null)
                {
                    dStates[i] = sSpace.Unflatten(s0, dy);
                }
            }

            dLast = dItems.Length == 0 ? ds0 : sSpace.Unflatten(s0, dy);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The tangent sweep, each step's forward re-run from its carry beside its tangent: <c>ṡᵢ₊₁ = step′ · (ṗ, ṡᵢ, ȧᵢ)</c>.</summary>
    public bool TryPushforward(P p, P dp, S s0, S ds0, A[] items, A[] dItems, double[] carries, S[]? dStates, out S dLast)
    {
        dLast = ds0;
        try
        {
            var jvp = _typed.Flat(Sweep.FlatJvp);
            var input = Input(p, s0);
            var data = ItemsToRead(items);
            var dInput = Input(dp, ds0);
            var dData = ItemsToRead(dItems);
            var dy = new double[_ds];
            var sSpace = VectorSpace<S>.Instance;
            for (var i = 0; i < dItems.Length; i++)
            {
                Copy(carries, i * _ds, input, _dp, _ds);
                Copy(data, i * _da, input, _dp + _ds, _da);
                Copy(dData, i * _da, dInput, _dp + _ds, _da);
                jvp(input, 0, dInput, 0, dy, 0);
                Copy(dy, 0, dInput, _dp, _ds);
                if (dStates is not null)
                {
                    dStates[i] = sSpace.Unflatten(s0, dy);
                }
            }

            dLast = dItems.Length == 0 ? ds0 : sSpace.Unflatten(s0, dy);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// A compiled loop's saved carries in storage reused on this thread: rented when a trace is recorded to be pulled
/// back once (<see cref="Tape.RecordingOnce"/>, a gradient), and given back by the pullback that takes them. A trace
/// pulled back again (or pushed forward while another sweep holds them) finds them taken and records its own, by the
/// same compiled forward pass, so results are the same whatever the order or the threads; no state is shared
/// between threads (one spare array per thread).
/// </summary>
internal sealed class FlatCarries
{
    [ThreadStatic]
    private static double[]? t_spare;

    [ThreadStatic]
    private static double[]? t_scratch;

    private double[]? _frames;

    /// <summary>Holds <paramref name="frames"/> (from <see cref="Rent"/>, filled by the forward pass) for the sweeps that follow.</summary>
    public FlatCarries(double[] frames) => _frames = frames;

    /// <summary>Storage for <paramref name="length"/> doubles: this thread's spare array when it is long enough.</summary>
    public static double[] Rent(int length)
    {
        var spare = t_spare;
        if (spare is not null && spare.Length >= length)
        {
            t_spare = null;
            return spare;
        }

        return new double[length];
    }

    /// <summary>The carries, now owned by the caller, or null when another sweep took them.</summary>
    public double[]? Take() => Interlocked.Exchange(ref _frames, null);

    /// <summary>Gives back carries taken by a sweep that leaves them unchanged, so that a later sweep finds them.</summary>
    public void Restore(double[] frames) => Interlocked.CompareExchange(ref _frames, frames, null);

    /// <summary>Keeps taken carries, which no one reads any more, as this thread's spare array.</summary>
    public static void Return(double[] frames)
    {
        if (t_spare is null || t_spare.Length < frames.Length)
        {
            t_spare = frames;
        }
    }

    /// <summary>This thread's scratch of at least <paramref name="length"/> doubles, for values read by no one after the call that fills it.</summary>
    public static double[] Scratch(int length)
    {
        var scratch = t_scratch;
        if (scratch is null || scratch.Length < length)
        {
            scratch = t_scratch = new double[length];
        }

        return scratch;
    }
}
