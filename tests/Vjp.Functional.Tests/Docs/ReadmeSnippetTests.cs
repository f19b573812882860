using System.Text.RegularExpressions;

namespace Vjp.Functional.Tests.Docs;

/// <summary>
/// Every C# snippet in the README is compiled by a test: the README marks a block with
/// <c>&lt;!-- snippet: name --&gt;</c>, and exactly one test source under tests/ holds the same code between
/// <c>// snippet: name</c> and <c>// end snippet</c>. This test keeps the two identical.
/// </summary>
public partial class ReadmeSnippetTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vjp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vjp.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeSnippet();

    [GeneratedRegex(@"^[ \t]*// snippet: (?<name>[\w-]+)[ \t]*\n(?<code>.*?)^[ \t]*// end snippet", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SourceSnippet();

    private static string Normalize(string code)
    {
        var lines = code.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    [GeneratedRegex(@"<!-- output: (?<file>[\w./-]+) -->\s*```text\n(?<text>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeOutput();

    [Fact]
    public void Readme_EveryQuotedOutput_IsTextATestProduced()
    {
        var root = RepoRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (Match m in ReadmeOutput().Matches(readme))
        {
            var produced = File.ReadAllText(Path.Combine(root, m.Groups["file"].Value)).Replace("\r", "", StringComparison.Ordinal);
            Assert.Contains(m.Groups["text"].Value.TrimEnd(), produced, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_EverySnippet_IsCompiledByATest()
    {
        var root = RepoRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var snippets = ReadmeSnippet().Matches(readme).ToList();
        Assert.True(snippets.Count >= 2, "The README should mark its C# snippets with <!-- snippet: name -->.");

        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SourceSnippet().Matches(File.ReadAllText(f)).Select(m => (File: f, Name: m.Groups["name"].Value, Code: m.Groups["code"].Value)))
            .ToList();

        foreach (var s in snippets)
        {
            var name = s.Groups["name"].Value;
            var matches = sources.Where(x => x.Name == name).ToList();
            Assert.True(matches.Count == 1, $"README snippet '{name}' must appear in exactly one test source between '// snippet: {name}' and '// end snippet' (found {matches.Count}).");
            Assert.Equal(Normalize(matches[0].Code), Normalize(s.Groups["code"].Value));
        }
    }
}
