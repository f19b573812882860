using System.Diagnostics;
using Spectre.Console;

namespace Vjp.Examples.Runner;

/// <summary>
/// The command line: no arguments runs the worked example and lists the rest; <c>&lt;name&gt;</c> runs one;
/// <c>all</c> runs every example; <c>--small</c> runs them at test sizes; <c>--out &lt;dir&gt;</c> chooses the folder for pictures.
/// </summary>
public static class ExampleRunner
{
    /// <summary>Parses <paramref name="args"/>, runs what they ask for, and returns the exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where to print.</param>
    public static int Run(string[] args, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var output = ExampleOptions.DefaultOutputDirectory;
        var small = false;
        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" or "-o" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--small":
                    small = true;
                    break;
                case "--help" or "-h" or "help":
                    PrintUsage(console);
                    return 0;
                case "list":
                    PrintList(console);
                    return 0;
                default:
                    names.Add(args[i]);
                    break;
            }
        }

        var options = new ExampleOptions(console, output, small);
        if (names.Count == 0)
        {
            RunOne(ExampleCatalog.All[0], options);
            console.WriteLine();
            PrintList(console);
            return 0;
        }

        var selected = new List<ExampleInfo>();
        foreach (var name in names)
        {
            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            {
                selected.AddRange(ExampleCatalog.All);
                continue;
            }

            var found = ExampleCatalog.Find(name);
            if (found is null)
            {
                console.MarkupLineWhole($"[red]No example named '{Markup.Escape(name)}'.[/]");
                PrintList(console);
                return 2;
            }

            selected.Add(found);
        }

        var times = new List<(ExampleInfo Example, TimeSpan Time)>();
        foreach (var example in selected)
        {
            times.Add((example, RunOne(example, options)));
            console.WriteLine();
        }

        if (times.Count > 1)
        {
            var table = new Table().AddColumns("#", "example", "time");
            foreach (var (example, time) in times)
            {
                table.AddText(example.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), example.Name, Format.Time(time));
            }

            table.AddRow("", "[bold]total[/]", Format.Time(TimeSpan.FromTicks(times.Sum(t => t.Time.Ticks))));
            console.WriteWhole(table);
        }

        return 0;
    }

    private static TimeSpan RunOne(ExampleInfo example, ExampleOptions options)
    {
        options.Console.Heading($"{example.Number}. {example.Title}");
        var clock = Stopwatch.StartNew();
        example.Run(options);
        clock.Stop();
        options.Console.MarkupLineWhole($"[grey]({Markup.Escape(example.Name)} ran in {Format.Time(clock.Elapsed)})[/]");
        return clock.Elapsed;
    }

    private static void PrintList(IAnsiConsole console)
    {
        var table = new Table().AddColumns("#", "name", "what it shows");
        foreach (var e in ExampleCatalog.All)
        {
            table.AddText(e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Name, e.Title);
        }

        console.WriteWhole(table);
        console.MarkupLineWhole("Run one with [bold]dotnet run --project examples/Vjp.Examples -- <name>[/], every one with [bold]-- all[/] ([bold]--small[/] for quick sizes); pictures go to [bold]--out <dir>[/] (default artifacts/examples/).");
    }

    private static void PrintUsage(IAnsiConsole console)
    {
        console.WriteLineWhole("usage: dotnet run --project examples/Vjp.Examples [-- <name>... | all | list] [--small] [--out <dir>]");
        PrintList(console);
    }
}
