using System.Diagnostics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Cost: the measured time of a gradient and of a directional derivative against the forward pass alone, at one
/// input; a law only when <see cref="RuleCheckOptions.MaxCostRatio"/> is set (timing never fails a check by default).
/// </summary>
/// <remarks>
/// The cheap-gradient principle: a pullback costs a small constant times f. The pullback ratio is the time of
/// <c>ValueWithPullback(x)</c> followed by <c>pullback(ȳ)</c> over that of <c>Invoke(x)</c>; the pushforward ratio
/// the same with <c>ValueWithPushforward(x)</c> and <c>pushforward(ẋ)</c>. Each time is the least per-call time of
/// three batches of one call count, found by doubling the calls until a batch lasts 50 µs (at most 2¹⁶ calls), after one warm-up call (about 0.2 ms of timing per map, so the law costs little next to the other laws):
/// the minimum is the figure least disturbed by other work on the machine. NaN where a call throws.
/// </remarks>
internal static class Cost
{
    private static readonly double BatchTicks = Stopwatch.Frequency * 5e-5;

    /// <summary>The pullback/forward and pushforward/forward time ratios (NaN for the latter without a pushforward).</summary>
    public static (double Pullback, double Pushforward) Measure(Action forward, Action pullback, Action? pushforward)
    {
        try
        {
            var f = Time(forward);
            var pull = Time(pullback) / f;
            var push = pushforward is null ? double.NaN : Time(pushforward) / f;
            return (Finite(pull), Finite(push));
        }
#pragma warning disable CA1031 // a rule that throws is reported by the other laws; its cost is unknown
        catch (Exception)
#pragma warning restore CA1031
        {
            return (double.NaN, double.NaN);
        }
    }

    private static double Finite(double r) => double.IsFinite(r) ? r : double.NaN;

    private static double Time(Action call)
    {
        call();

        // The first batch finds the call count by doubling; the other two repeat that count.
        var n = 1;
        long ticks;
        while (true)
        {
            ticks = Batch(call, n);
            if (ticks >= BatchTicks || n >= 1 << 16)
            {
                break;
            }

            n *= 2;
        }

        var best = ticks;
        for (var batch = 1; batch < 3; batch++)
        {
            best = Math.Min(best, Batch(call, n));
        }

        return (double)best / n;
    }

    private static long Batch(Action call, int n)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            call();
        }

        return Stopwatch.GetTimestamp() - start;
    }
}
