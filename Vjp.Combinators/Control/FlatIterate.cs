using Vjp.Functional;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;

namespace Vjp.Combinators;

/// <summary>
/// <c>stepⁿ</c> for a step <c>s ↦ s′</c> that compiles to typed code (<see cref="TypedTape"/>): the forward pass, the
/// reverse sweep and the tangent sweep are each one compiled for-loop (<see cref="Sweep.FlatIterateRun"/>,
/// <see cref="Sweep.FlatIterateVjp"/>, <see cref="Sweep.FlatIterateJvp"/>) with the carry in locals and the carry before
/// every step saved in one array, from which the reverse and tangent sweeps re-run each step. Every double is computed
/// as the loop over the interpreted step computes it. With checkpointing (a fixed count) only the carry every k ≈ √n steps
/// is kept and each segment's carries are recomputed by the compiled loop when it is swept back. A bounded loop (<c>While</c>) runs its
/// forward pass a step at a time (the predicate reads each state), and its reverse and tangent sweeps as compiled loops.
/// </summary>
/// <remarks>Any exception inside a loop makes the caller run the loop the ordinary way, which reproduces the interpreter's exception with its path.</remarks>
/// <typeparam name="S">The state.</typeparam>
internal sealed class FlatIterate<S>
    where S : notnull
{
    private readonly TypedTape _typed;
    private readonly int _ds;

    private FlatIterate(TypedTape typed, int ds)
    {
        _typed = typed;
        _ds = ds;
    }

    /// <summary>The compiled loop of <paramref name="step"/>, or null when the step is interpreted or its state not a double layout.</summary>
    public static FlatIterate<S>? For(Tape step, S s0)
    {
        if (step.Typed is not { } typed)
        {
            return null;
        }

        var ds = VectorSpace<S>.Instance.Dimension(s0);
        return ds == typed.InputLength && ds == typed.OutputLength && s0 is not Vec ? new FlatIterate<S>(typed, ds) : null;
    }

    private double[] Flatten(S s)
    {
        var flat = new double[_ds];
        VectorSpace<S>.Instance.Flatten(s, flat);
        return flat;
    }

    /// <summary>The forward pass of n steps; with <paramref name="record"/> it saves the carry before every step (<paramref name="carries"/>).</summary>
    public bool TryRun(S s0, int n, bool record, out S last, out double[]? carries)
    {
        last = s0;
        carries = null;
        try
        {
            var loop = _typed.Flat(Sweep.FlatIterateRun);
            var io = Flatten(s0);
            var saved = record ? new double[checked(n * _ds)] : null;
            loop(io, n, io, 0, saved, 0);
            last = VectorSpace<S>.Instance.Unflatten(s0, io);
            carries = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// The forward pass of a bounded loop (<c>While</c>): the step's compiled flat forward once per step while
    /// <paramref name="predicate"/> holds of the current state (asked exactly as often as the interpreted loop asks it), at
    /// most <paramref name="maxSteps"/> times; with <paramref name="record"/> the carry before every step is saved.
    /// </summary>
    public bool TryRunWhile(S s0, int maxSteps, Func<S, bool> predicate, bool record, out S last, out int count, out double[]? carries)
    {
        last = s0;
        count = 0;
        carries = null;
        try
        {
            var run = _typed.Flat(Sweep.FlatRun);
            var space = VectorSpace<S>.Instance;
            var input = Flatten(s0);
            var output = new double[_ds];
            var saved = record ? new double[checked(Math.Min(maxSteps, 16) * _ds)] : null;
            var s = s0;
            var i = 0;
            for (; i < maxSteps && predicate(s); i++)
            {
                if (saved is not null)
                {
                    if ((i + 1) * _ds > saved.Length)
                    {
                        Array.Resize(ref saved, checked(Math.Min(maxSteps, 2 * (i + 1)) * _ds));
                    }

                    Array.Copy(input, 0, saved, i * _ds, _ds);
                }

                run(input, 0, output, 0, null, 0);
                (input, output) = (output, input);
                s = space.Unflatten(s0, input);
            }

            last = s;
            count = i;
            carries = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// The forward pass of n steps keeping only the carry before steps 0, k, 2k, … (<paramref name="checkpoints"/>, one after
    /// another): each segment of k steps one run of the compiled loop.
    /// </summary>
    public bool TryRunCheckpointed(S s0, int n, int k, out S last, out double[]? checkpoints, out int count)
    {
        last = s0;
        checkpoints = null;
        count = (n + k - 1) / k;
        try
        {
            var loop = _typed.Flat(Sweep.FlatIterateRun);
            var io = Flatten(s0);
            var saved = new double[checked(count * _ds)];
            for (var s = 0; s < count; s++)
            {
                Array.Copy(io, 0, saved, s * _ds, _ds);
                loop(io, Math.Min(k, n - s * k), io, 0, null, 0);
            }

            last = VectorSpace<S>.Instance.Unflatten(s0, io);
            checkpoints = saved;
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// s̄ₙ ↦ s̄₀ through a checkpointed record, as the interpreted loop walks it: from the last segment, its carries recomputed
    /// from its checkpoint by the compiled loop, then pulled back through by the compiled reverse loop.
    /// </summary>
    public bool TryPullbackCheckpointed(S s0, int n, int k, double[] checkpoints, S yBar, out S s0Bar)
    {
        s0Bar = yBar;
        try
        {
            var run = _typed.Flat(Sweep.FlatIterateRun);
            var vjp = _typed.Flat(Sweep.FlatIterateVjp);
            var seed = Flatten(yBar);
            var io = new double[_ds];
            var carries = new double[checked(Math.Min(k, n) * _ds)];
            for (var s = (n + k - 1) / k - 1; s >= 0; s--)
            {
                var length = Math.Min(k, n - s * k);
                Array.Copy(checkpoints, s * _ds, io, 0, _ds);
                run(io, length, io, 0, carries, 0);
                vjp(seed, length, seed, 0, carries, 0);
            }

            s0Bar = VectorSpace<S>.Instance.Unflatten(s0, seed);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>ṡ₀ ↦ ṡₙ through a checkpointed record: each segment's carries recomputed from its checkpoint, then the compiled tangent loop over them.</summary>
    public bool TryPushforwardCheckpointed(S s0, int n, int k, double[] checkpoints, S ds0, out S dLast)
    {
        dLast = ds0;
        try
        {
            var run = _typed.Flat(Sweep.FlatIterateRun);
            var jvp = _typed.Flat(Sweep.FlatIterateJvp);
            var dCarry = Flatten(ds0);
            var io = new double[_ds];
            var carries = new double[checked(Math.Min(k, n) * _ds)];
            for (var s = 0; s * k < n; s++)
            {
                var length = Math.Min(k, n - s * k);
                Array.Copy(checkpoints, s * _ds, io, 0, _ds);
                run(io, length, io, 0, carries, 0);
                jvp(dCarry, length, dCarry, 0, carries, 0);
            }

            dLast = VectorSpace<S>.Instance.Unflatten(s0, dCarry);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>s̄ₙ ↦ s̄₀ through the n recorded steps, from the last.</summary>
    public bool TryPullback(S s0, int n, double[] carries, S yBar, out S s0Bar)
    {
        s0Bar = yBar;
        try
        {
            var loop = _typed.Flat(Sweep.FlatIterateVjp);
            var io = Flatten(yBar);
            loop(io, n, io, 0, carries, 0);
            s0Bar = VectorSpace<S>.Instance.Unflatten(s0, io);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>ṡ₀ ↦ ṡₙ through the n recorded steps.</summary>
    public bool TryPushforward(S s0, int n, double[] carries, S ds0, out S dLast)
    {
        dLast = ds0;
        try
        {
            var loop = _typed.Flat(Sweep.FlatIterateJvp);
            var io = Flatten(ds0);
            loop(io, n, io, 0, carries, 0);
            dLast = VectorSpace<S>.Instance.Unflatten(s0, io);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
