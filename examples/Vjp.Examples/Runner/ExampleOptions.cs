using Spectre.Console;

namespace Vjp.Examples.Runner;

/// <summary>What every example's entry method gets: where to print, and where to write pictures.</summary>
/// <param name="Console">The console the example prints to (a recording console in tests).</param>
/// <param name="OutputDirectory">The folder for PNGs; created on first write.</param>
/// <param name="Small">Run at the small sizes the tests use (seconds instead of tens of seconds).</param>
public sealed record ExampleOptions(IAnsiConsole Console, string OutputDirectory, bool Small = false)
{
    /// <summary>The default folder for pictures, relative to the current directory (the repo root when run as the README says).</summary>
    public const string DefaultOutputDirectory = "artifacts/examples";

    /// <summary>Printing to the process console, pictures under <see cref="DefaultOutputDirectory"/>.</summary>
    public static ExampleOptions Default => new(AnsiConsole.Console, DefaultOutputDirectory);

    /// <summary>The full path of a picture in <see cref="OutputDirectory"/>, creating the folder.</summary>
    /// <param name="fileName">The file name, e.g. <c>pinn.png</c>.</param>
    public string PicturePath(string fileName)
    {
        var dir = Path.GetFullPath(OutputDirectory);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, fileName);
    }
}
