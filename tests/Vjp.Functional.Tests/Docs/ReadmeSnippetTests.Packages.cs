using System.Text.RegularExpressions;

namespace Vjp.Functional.Tests.Docs;

/// <summary>
/// The package readmes (Vjp.Functional/README.md and its siblings, shipped inside each .nupkg) follow the
/// repository README's rule: every <c>&lt;!-- snippet: name --&gt;</c> block is the code a test compiles
/// between <c>// snippet: name</c> and <c>// end snippet</c>.
/// </summary>
public partial class ReadmeSnippetTests
{
    public static TheoryData<string> Packages => new() { "Vjp.Functional", "Vjp.Combinators", "Vjp.LanguageExt", "Vjp.Properties" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PackageReadme_EverySnippet_IsCompiledByATest(string package)
    {
        var root = RepoRoot();
        var readme = File.ReadAllText(Path.Combine(root, package, "README.md"));
        var snippets = ReadmeSnippet().Matches(readme).ToList();
        Assert.True(snippets.Count >= 1, $"{package}/README.md should mark its example with <!-- snippet: name -->.");
        Assert.Contains($"dotnet add package {package}", readme, StringComparison.Ordinal);

        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SourceSnippet().Matches(File.ReadAllText(f)).Select(m => (Name: m.Groups["name"].Value, Code: m.Groups["code"].Value)))
            .ToList();

        foreach (var s in snippets)
        {
            var name = s.Groups["name"].Value;
            var matches = sources.Where(x => x.Name == name).ToList();
            Assert.True(matches.Count == 1, $"{package}/README.md snippet '{name}' must appear in exactly one test source between '// snippet: {name}' and '// end snippet' (found {matches.Count}).");
            Assert.Equal(Normalize(matches[0].Code), Normalize(s.Groups["code"].Value));
        }
    }
}
