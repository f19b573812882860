using System.Collections.Concurrent;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Dedicated background threads for the <see cref="Concurrency"/> law, kept idle between runs and reused, so that a
/// run costs a wake-up per thread rather than a thread start (which, with its stack and scheduling, cost more than
/// all the other laws of a small rule together).
/// </summary>
/// <remarks>
/// Not the thread pool: the law needs its threads running at once (they meet at a barrier), and pool threads may
/// all be busy, with a check itself running on one (a soak in <c>Parallel.ForEach</c>). A run takes as many idle
/// workers as it needs and starts new ones when there are too few, so concurrent checks never wait for each other;
/// the set only grows to the largest number ever in use at once. Idle workers are blocked in <see cref="Monitor.Wait(object)"/> (no CPU)
/// and are background threads, which do not keep a process alive.
/// </remarks>
internal static class Workers
{
    private static readonly ConcurrentBag<Worker> Idle = [];

    /// <summary>Runs <paramref name="body"/>(0 … n − 1), each on a worker thread of its own, all at once, and returns when every one has returned.</summary>
    /// <remarks><paramref name="body"/> must not throw (the law catches a rule's exceptions itself).</remarks>
    public static void Run(int n, Action<int> body)
    {
        var taken = new Worker[n];
        var remaining = n;
        var gate = new object();
        for (var t = 0; t < n; t++)
        {
            taken[t] = Idle.TryTake(out var w) ? w : new Worker();
        }

        for (var t = 0; t < n; t++)
        {
            var index = t;
            taken[t].Post(() =>
            {
                try
                {
                    body(index);
                }
                finally
                {
                    lock (gate)
                    {
                        if (--remaining == 0)
                        {
                            Monitor.PulseAll(gate);
                        }
                    }
                }
            });
        }

        lock (gate)
        {
            while (remaining > 0)
            {
                Monitor.Wait(gate);
            }
        }

        foreach (var w in taken)
        {
            Idle.Add(w);
        }
    }

    private sealed class Worker
    {
        private readonly object _gate = new();
        private Action? _work;

        public Worker() =>
            new Thread(Loop) { IsBackground = true, Name = "Vjp.Properties concurrency worker" }.Start();

        public void Post(Action work)
        {
            lock (_gate)
            {
                _work = work;
                Monitor.Pulse(_gate);
            }
        }

        private void Loop()
        {
            while (true)
            {
                Action work;
                lock (_gate)
                {
                    while (_work is null)
                    {
                        Monitor.Wait(_gate);
                    }

                    (work, _work) = (_work, null);
                }

                work();
            }
        }
    }
}
