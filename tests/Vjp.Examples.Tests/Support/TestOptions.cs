using Spectre.Console;
using Vjp.Examples.Runner;

namespace Vjp.Examples.Tests.Support;

/// <summary>Example options that print to a string and write pictures to a fresh temporary folder.</summary>
public sealed class TestOptions : IDisposable
{
    private readonly StringWriter _writer = new();

    public TestOptions()
    {
        Directory = Path.Combine(Path.GetTempPath(), "vjp-examples-tests", Guid.NewGuid().ToString("N"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        console.Profile.Width = 120;
        Options = new ExampleOptions(console, Directory);
    }

    public string Directory { get; }

    public ExampleOptions Options { get; }

    public IAnsiConsole Console => Options.Console;

    public string Output => _writer.ToString();

    public static void AssertPng(string? path)
    {
        Assert.NotNull(path);
        Assert.True(File.Exists(path), $"no picture at {path}");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
