using Vjp.Functional;

namespace Vjp.Examples.Runner;

/// <summary>Memory measurements for the examples (demonstrations, not benchmarks).</summary>
public static class Memory
{
    /// <summary>
    /// The bytes a pullback keeps alive (the residuals of its forward pass): heap size, after a full
    /// collection, with the pullback held minus without. Approximate: other threads' allocations count too.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static double RetainedByPullback<TIn>(Diff<TIn, double> f, TIn x) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var (_, pullback) = f.ValueWithPullback(x);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        GC.KeepAlive(pullback);
        return Math.Max(0, retained);
    }

    /// <summary>The bytes one call of <paramref name="action"/> allocates on this thread (after one warm-up call).</summary>
    /// <param name="action">The work.</param>
    public static double AllocatedBy(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
