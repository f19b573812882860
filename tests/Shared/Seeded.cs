using System.Runtime.CompilerServices;
using CsCheck;

namespace Vjp.Testing;

/// <summary>
/// Property tests over CsCheck generators that are a deterministic function of their seed: <c>gen.ForAll(x =&gt; …)</c>
/// draws every input, single-threaded, from one <see cref="PCG"/> started from the test seed (the AppContext setting
/// <c>Vjp.Properties.Seed</c>, from tests/Directory.Build.props) combined with the calling file and member, so CI
/// runs the same inputs every time. With <c>VJP_SOAK=1</c> it draws a fresh seed instead and lists it in
/// <see cref="SoakLog"/>. A failure
/// names the seed that generates the failing input first: pass it as <c>seed:</c> to replay it.
/// </summary>
/// <remarks>
/// CsCheck's own <c>Sample</c> follows a seed for its first iteration only and draws the others from per-thread
/// generators seeded by the clock, so it is not used in these tests (SeedPolicyTests enforces that).
/// </remarks>
internal static class Seeded
{
    /// <summary>The environment variable that makes a soak run.</summary>
    public const string SoakVariable = "VJP_SOAK";

    /// <summary>Whether this is a soak run (fresh seeds).</summary>
    public static bool Soak => Environment.GetEnvironmentVariable(SoakVariable) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static readonly Lock LogLock = new();

    /// <summary>Where a soak run lists the seeds it drew, one line per call site: <c>vjp-soak-seeds.&lt;test assembly&gt;.log</c> in the temporary directory.</summary>
    public static string SoakLog => Path.Combine(Path.GetTempPath(), $"vjp-soak-seeds.{typeof(Seeded).Assembly.GetName().Name}.log");

    /// <summary>The configured test seed.</summary>
    public static string TestSeed => AppContext.GetData("Vjp.Properties.Seed") as string
        ?? throw new InvalidOperationException("No test seed configured: tests/Directory.Build.props sets the AppContext setting Vjp.Properties.Seed for every test project.");

    /// <summary>The seed for a call site: fixed (the test seed combined with the site) unless this is a soak run.</summary>
    public static string SeedFor(string site)
    {
        if (Soak)
        {
            var fresh = new PCG(PCG.ThreadPCG.Next(), PCG.ThreadPCG.Next64()).ToString();
            // xunit 2 does not show console output of a static helper, so the drawn seeds go to a log file too;
            // a failure's message names its seed either way.
            lock (LogLock)
            {
                File.AppendAllText(SoakLog, $"{site} {fresh}\n");
            }

            return fresh;
        }

        var pcg = PCG.Parse(TestSeed);
        return new PCG(pcg.Stream, pcg.State ^ Fnv1a(site)).ToString();
    }

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> inputs from <paramref name="gen"/>.</summary>
    public static void ForAll<T>(this Gen<T> gen, Action<T> assert, long iter = 100, string? seed = null, Func<T, string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        var runSeed = seed ?? SeedFor($"{Path.GetFileName(file)}:{member}");
        var pcg = PCG.Parse(runSeed);
        for (var i = 0; i < iter; i++)
        {
            var state = pcg.State;
            var t = gen.Generate(pcg, null, out var size);
            if (Fails(assert, t) is not { } e)
            {
                continue;
            }

            // Shrink as CsCheck does, but from the same stream: further inputs, and keep the smaller failing ones.
            var (minT, minSeed, minSize, minError, shrinks) = (t, pcg.ToString(state), size, e, 0);
            for (var j = 0; j < 500; j++)
            {
                var s = pcg.State;
                var u = gen.Generate(pcg, minSize, out var uSize);
                if (Size.IsLessThan(uSize, minSize) && Fails(assert, u) is { } ue)
                {
                    (minT, minSeed, minSize, minError, shrinks) = (u, pcg.ToString(s), uSize, ue, shrinks + 1);
                }
            }

            throw new Xunit.Sdk.XunitException(
                $"ForAll failed at sample {i + 1} of {iter} of the run with seed {runSeed}, then shrunk {shrinks} times; " +
                $"seed: \"{minSeed}\" generates this input first:\n{(print ?? Check.Print)(minT)}\n{minError.GetType().Name}: {minError.Message}", minError);
        }
    }

    /// <summary>Checks that <paramref name="property"/> holds on <paramref name="iter"/> inputs from <paramref name="gen"/>.</summary>
    public static void ForAll<T>(this Gen<T> gen, Func<T, bool> property, long iter = 100, string? seed = null, Func<T, string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        gen.ForAll(t => Xunit.Assert.True(property(t), "the property is false"), iter, seed, print, file, member);

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> pairs from <paramref name="gen"/>.</summary>
    public static void ForAll<T1, T2>(this Gen<(T1, T2)> gen, Action<T1, T2> assert, long iter = 100, string? seed = null, Func<(T1, T2), string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        gen.ForAll(t => assert(t.Item1, t.Item2), iter, seed, print, file, member);

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> triples from <paramref name="gen"/>.</summary>
    public static void ForAll<T1, T2, T3>(this Gen<(T1, T2, T3)> gen, Action<T1, T2, T3> assert, long iter = 100, string? seed = null, Func<(T1, T2, T3), string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        gen.ForAll(t => assert(t.Item1, t.Item2, t.Item3), iter, seed, print, file, member);

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> quadruples from <paramref name="gen"/>.</summary>
    public static void ForAll<T1, T2, T3, T4>(this Gen<(T1, T2, T3, T4)> gen, Action<T1, T2, T3, T4> assert, long iter = 100, string? seed = null, Func<(T1, T2, T3, T4), string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        gen.ForAll(t => assert(t.Item1, t.Item2, t.Item3, t.Item4), iter, seed, print, file, member);

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> quintuples from <paramref name="gen"/>.</summary>
    public static void ForAll<T1, T2, T3, T4, T5>(this Gen<(T1, T2, T3, T4, T5)> gen, Action<T1, T2, T3, T4, T5> assert, long iter = 100, string? seed = null, Func<(T1, T2, T3, T4, T5), string>? print = null,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        gen.ForAll(t => assert(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5), iter, seed, print, file, member);

    private static Exception? Fails<T>(Action<T> assert, T t)
    {
        try
        {
            assert(t);
            return null;
        }
#pragma warning disable CA1031 // any exception from the property is its failure, reported with the seed
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    /// <summary>FNV-1a, 64 bits: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Fnv1a(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
