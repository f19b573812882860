using System.Text.RegularExpressions;

namespace Vjp.Properties.Tests.Seeds;

/// <summary>
/// Every property test in CI runs from fixed seeds (issue #9): RuleCheck without an explicit seed takes the test
/// seed configured in tests/Directory.Build.props, CsCheck generators run through <see cref="Seeded.ForAll{T}(Gen{T}, Action{T}, long, string?, Func{T, string}?, string, string)"/>,
/// and <c>VJP_SOAK=1</c> is the one switch to fresh seeds. These tests fail when a test source bypasses that.
/// </summary>
public partial class SeedPolicyTests
{
    [Fact]
    public void TestSeed_IsConfiguredForTheTestHost() =>
        Assert.Equal("0N0XIzNsQ0O2", AppContext.GetData(RuleCheckOptions.DefaultSeedSetting) as string);

    [Fact]
    public void RuleCheck_WithoutAnExplicitSeed_RunsFromTheConfiguredSeed_UnlessSoaking()
    {
        var x = Diff.Input<double>();
        var first = RuleCheck.Check(Fn.Sin(x), RuleGen.Scalar(), new RuleCheckOptions { Samples = 3 });
        var again = RuleCheck.Check(Fn.Sin(x), RuleGen.Scalar(), new RuleCheckOptions { Samples = 3 });
        var other = RuleCheck.Check(Fn.Cos(x), RuleGen.Scalar(), new RuleCheckOptions { Samples = 3 });
        if (Seeded.Soak)
        {
            Assert.NotEqual(first.Seed, again.Seed);
            return;
        }

        Assert.Equal(first.Seed, again.Seed);
        Assert.NotEqual(first.Seed, other.Seed);                       // each rule has a stream of its own
        Assert.Equal(first.Seed, RuleCheck.Check(Fn.Sin(x), RuleGen.Scalar(), new RuleCheckOptions { Samples = 3, Seed = first.Seed }).Seed);
    }

    [Fact]
    public void ForAll_IsAFunctionOfItsSeed_AndAFailureNamesTheSeedThatReplaysIt()
    {
        var gen = Gen.Double[-1, 1];
        var seen = new List<double>();
        var again = new List<double>();
        gen.ForAll(seen.Add, iter: 20, seed: "0N0XIzNsQ0O2");
        gen.ForAll(again.Add, iter: 20, seed: "0N0XIzNsQ0O2");
        Assert.Equal(seen, again);

        var e = Assert.ThrowsAny<Exception>(() => gen.ForAll(v => v < 0.5, iter: 200, seed: "0N0XIzNsQ0O2"));
        var replay = ReplaySeed().Match(e.Message).Groups[1].Value;
        var first = double.NaN;
        gen.ForAll(v => { first = v; }, iter: 1, seed: replay);
        Assert.True(first >= 0.5, $"{replay} generates {first} first; message: {e.Message}");
    }

    [GeneratedRegex("seed: \"([^\"]+)\" generates this input first")]
    private static partial Regex ReplaySeed();

    /// <summary>What may not appear in a test source (outside tests/Shared, and lines marked <c>seed-policy: soak only</c>).</summary>
    public static TheoryData<string, string> Forbidden => new()
    {
        { @"\.Sample(One|Parallel|Concurrent|ModelBased|Metamorphic)?\s*\(", "CsCheck's Sample follows a seed for its first iteration only: use gen.ForAll(…)" },
        { @"\bnew\s+Random\s*\(\s*\)", "new Random() is seeded by the clock: pass a seed" },
        { @"\bRandom\.Shared\b", "Random.Shared is seeded by the clock: use new Random(seed)" },
        { @"\bPCG\.ThreadPCG\b", "PCG.ThreadPCG is seeded by the clock: start a PCG from a seed string" },
        { @"(new\s+Random\s*\(|Seed\s*=|seed:)[^;]*(Guid|DateTime|TickCount|Stopwatch|GetTimestamp)", "a seed drawn from a Guid or the clock" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void TestSources_DoNotDrawUnseededRandomNumbers(string pattern, string why)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var offending = TestSources()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(t => regex.IsMatch(StripComment(t.line)) && !t.line.Contains("seed-policy: soak only", StringComparison.Ordinal))
            .Select(t => $"{Path.GetRelativePath(Root, t.f)}:{t.i + 1}: {t.line.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, $"{why}:\n{string.Join("\n", offending)}");
    }

    [Fact]
    public void EveryTestProject_GetsTheSeedSettings()
    {
        // tests/Directory.Build.props carries the seed; a project that does not import it, or a closer
        // Directory.Build.props that hides it, would run RuleCheck from fresh seeds.
        var projects = Directory.GetFiles(Path.Combine(Root, "tests"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var dir = Path.GetDirectoryName(project)!;
            Assert.False(File.Exists(Path.Combine(dir, "Directory.Build.props")), $"{project} has its own Directory.Build.props");
            Assert.DoesNotContain("ImportDirectoryBuildProps", File.ReadAllText(project), StringComparison.Ordinal);
        }

        Assert.Contains("RuntimeHostConfigurationOption Include=\"Vjp.Properties.Seed\"", File.ReadAllText(Path.Combine(Root, "tests", "Directory.Build.props")), StringComparison.Ordinal);
    }

    private static string StripComment(string line)
    {
        var i = line.IndexOf("//", StringComparison.Ordinal);
        return i < 0 ? line : line[..i];
    }

    private static IEnumerable<string> TestSources() =>
        Directory.GetFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "Shared"))
            .Where(f => !f.EndsWith("SeedPolicyTests.cs", StringComparison.Ordinal));

    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vjp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Vjp.sln not found above {AppContext.BaseDirectory}");
    }
}
