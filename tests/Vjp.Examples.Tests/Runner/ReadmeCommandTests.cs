using System.Diagnostics;

namespace Vjp.Examples.Tests.Runner;

public class ReadmeCommandTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vjp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Vjp.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public async Task ReadmeCommand_FromRepositoryRoot_ExitsZeroAndPrintsTheVjp()
    {
        // The README's command, exactly: dotnet run --project examples/Vjp.Examples
        var start = new ProcessStartInfo("dotnet", ["run", "--project", "examples/Vjp.Examples"])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet run did not finish within 5 minutes");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{output}\n{await stderr}");
        Assert.Contains("5.4596976941", output, StringComparison.Ordinal);
    }
}
