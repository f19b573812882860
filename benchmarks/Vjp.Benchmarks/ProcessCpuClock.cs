using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Vjp.Benchmarks;

/// <summary>
/// The CPU time this process has used, in nanoseconds (all its threads, so garbage collection on
/// background threads counts), or wall-clock time where the platform offers no precise process clock.
/// On a machine shared with other busy processes, CPU time does not count the time this process
/// waits to be scheduled, which wall-clock time does, at random, to whichever row is running.
/// </summary>
internal static class ProcessCpuClock
{
    private const int ClockProcessCpuTimeId = 2; // CLOCK_PROCESS_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>Whether <see cref="Now"/> is process CPU time (true) or wall-clock time (false).</summary>
    public static bool IsCpuTime { get; } = Probe();

    public static double Now()
    {
        if (IsCpuTime && ClockGetTime(ClockProcessCpuTimeId, out var t) == 0)
        {
            return t.Seconds * 1e9 + t.Nanoseconds;
        }

        return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return ClockGetTime(ClockProcessCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
