using CsCheck;

namespace Vjp.Properties.Checks;

/// <summary>
/// Where a run's seed comes from when <see cref="RuleCheckOptions.Seed"/> is null: the configured default
/// (<see cref="RuleCheckOptions.DefaultSeedSetting"/>), combined with the checked rule's name so that every rule
/// has a fixed stream of its own; or a fresh seed when none is configured, or when the environment variable
/// <see cref="RuleCheckOptions.SoakVariable"/> is <c>1</c> (a soak run).
/// </summary>
internal static class Seeds
{
    /// <summary>Whether this process is a soak run, which draws fresh seeds even where a default is configured.</summary>
    public static bool Soak => Environment.GetEnvironmentVariable(RuleCheckOptions.SoakVariable) is { } v
        && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The generator a run starts from.</summary>
    /// <param name="seed">The explicit seed, if any.</param>
    /// <param name="key">What is checked (the rule's name): with a configured default, different rules get different streams.</param>
    public static PCG For(string? seed, string key)
    {
        if (seed is not null)
        {
            return PCG.Parse(seed);
        }

        if (!Soak && AppContext.GetData(RuleCheckOptions.DefaultSeedSetting) is string configured && configured.Length > 0)
        {
            var pcg = PCG.Parse(configured);
            return new PCG(pcg.Stream, pcg.State ^ Fnv1a(key));
        }

        return new PCG(PCG.ThreadPCG.Next(), PCG.ThreadPCG.Next64());
    }

    /// <summary>FNV-1a, 64 bits, over the UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
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
