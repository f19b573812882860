using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Concurrency: one <c>Diff</c> used from several threads at once gives the serial results, bit for bit
/// (<c>Diff</c> is documented as safe to share between threads).
/// </summary>
/// <remarks>
/// <para>
/// First, serially, the forward pass and pullback at x on the cotangents <c>cₜ·ȳ</c> and the pushforward on the
/// tangents <c>cₜ·ẋ</c>, with <c>cₜ = 1, −2, 3, −4, …</c> one per thread; then
/// <see cref="RuleCheckOptions.ConcurrencyThreads"/> threads, released together by a barrier, each repeat thread t's
/// calls <see cref="RuleCheckOptions.ConcurrencyRounds"/> times (on reused worker threads, <see cref="Workers"/>) and compare every result with the serial one. Each
/// thread works on its own arguments, so a rule that keeps a scratch buffer or residuals in shared state mixes
/// one thread's numbers into another's.
/// </para>
/// <para>
/// What it checks is deterministic (equality with serial results, which a correct rule gives on every thread);
/// whether a race shows depends on the scheduler, so the law can miss one but never fails a correct rule. An
/// exception thrown only under concurrency is a failure too (an index out of range in a shared buffer, say).
/// </para>
/// </remarks>
internal static class Concurrency
{
    /// <summary>The failures of the law at one sample (at most one); empty when it holds or was not observed broken.</summary>
    public static List<RuleFailure> Check(
        SamplePoint s,
        Func<object, (object Value, Func<object, object> Pullback)> withPullback,
        Func<object, (object Value, Func<object, object> Pushforward)> withPushforward,
        bool hasPushforward,
        int threads,
        int rounds)
    {
        var failures = new List<RuleFailure>();
        if (threads < 2)
        {
            return failures;
        }

        var yBars = new double[threads][];
        var dxs = new double[threads][];
        var serialBar = new double[threads][];
        var serialDot = new double[threads][];
        try
        {
            for (var t = 0; t < threads; t++)
            {
                var c = (t + 1) * (t % 2 == 0 ? 1.0 : -1.0);
                yBars[t] = Flat.Scale(c, s.YBarFlat);
                dxs[t] = Flat.Scale(c, s.DxFlat);
                (serialBar[t], serialDot[t]) = Call(t);
            }
        }
#pragma warning disable CA1031 // a rule that throws serially is reported by the laws that call it directly
        catch (Exception)
#pragma warning restore CA1031
        {
            return failures;
        }

        var gate = new object();
        RuleFailure? first = null;
        using var barrier = new Barrier(threads);
        Workers.Run(threads, Work);
        if (first is not null)
        {
            failures.Add(first);
        }

        return failures;

        (double[] Bar, double[] Dot) Call(int t)
        {
            var (_, pullback) = withPullback(SamplePoint.Copy(s.In, s.X, s.XFlat));
            var bar = Flat.Of(s.In, pullback(SamplePoint.Copy(s.Out, s.Y, yBars[t])));
            if (!hasPushforward)
            {
                return (bar, []);
            }

            var (_, pushforward) = withPushforward(SamplePoint.Copy(s.In, s.X, s.XFlat));
            return (bar, Flat.Of(s.Out, pushforward(SamplePoint.Copy(s.In, s.X, dxs[t]))));
        }

        void Work(int t)
        {
            barrier.SignalAndWait();
            for (var r = 0; r < rounds; r++)
            {
                RuleFailure? found;
                try
                {
                    var (bar, dot) = Call(t);
                    found = !Flat.BitwiseEqual(bar, serialBar[t]) ? Mismatch("pullback", "ȳ", t, serialBar[t], bar)
                        : !Flat.BitwiseEqual(dot, serialDot[t]) ? Mismatch("pushforward", "ẋ", t, serialDot[t], dot)
                        : null;
                }
#pragma warning disable CA1031 // an exception only under concurrency is this law's failure
                catch (Exception e)
#pragma warning restore CA1031
                {
                    found = s.Fail(RuleCheckKind.Concurrency, $"the rule completes when called from {threads} threads at once") with
                    {
                        Detail = $"{e.GetType().Name}: {e.Message} (thread {t + 1} of {threads}; the same calls complete serially)",
                    };
                }

                if (found is not null)
                {
                    lock (gate)
                    {
                        first ??= found;
                    }

                    return;
                }
            }
        }

        RuleFailure Mismatch(string map, string arg, int t, double[] serial, double[] concurrent)
        {
            var c = (t + 1) * (t % 2 == 0 ? 1 : -1);
            var error = Flat.Distance(serial, concurrent);
            var norm = Flat.Norm(serial);
            return s.Fail(RuleCheckKind.Concurrency, $"{threads} threads calling the same Diff at once get the serial results, bit for bit") with
            {
                LeftLabel = $"serial {map}({c}·{arg})",
                Left = serial,
                RightLabel = $"{map}({c}·{arg}) on thread {t + 1}",
                Right = concurrent,
                AbsoluteError = error,
                RelativeError = norm > 0 ? error / norm : error == 0 ? 0 : double.PositiveInfinity,
                Tolerance = 0,
                Detail = $"each thread calls the forward pass at x and the {map} on its own {arg}; thread {t + 1}'s result differs from the same call made serially: the rule shares mutable state (a scratch buffer, saved residuals) between calls",
            };
        }
    }
}
