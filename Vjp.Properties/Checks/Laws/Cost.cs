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
/// three batches, each batch doubling its calls until it lasts 0.2 ms (at most 2¹⁶ calls), after one warm-up call:
/// the minimum is the figure least disturbed by other work on the machine. NaN where a call throws.
/// </remarks>
internal static class Cost
{
    private static readonly double BatchTicks = Stopwatch.Frequency * 2e-4;

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
        var best = double.PositiveInfinity;
        for (var batch = 0; batch < 3; batch++)
        {
            var n = 1;
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    call();
                }

                var ticks = Stopwatch.GetTimestamp() - start;
                if (ticks >= BatchTicks || n >= 1 << 16)
                {
                    best = Math.Min(best, (double)ticks / n);
                    break;
                }

                n *= 2;
            }
        }

        return best;
    }
}
