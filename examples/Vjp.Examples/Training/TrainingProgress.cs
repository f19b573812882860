using Spectre.Console;

namespace Vjp.Examples.Training;

/// <summary>A progress bar around a training loop (plain lines when the console is not interactive).</summary>
public static class TrainingProgress
{
    /// <summary>Runs <paramref name="step"/> for i = 0 … <paramref name="steps"/> − 1 under a progress bar; <paramref name="step"/> returns the loss to show.</summary>
    /// <param name="console">The console.</param>
    /// <param name="description">What is being trained.</param>
    /// <param name="steps">The number of steps.</param>
    /// <param name="step">One step; returns the current loss.</param>
    public static void Run(IAnsiConsole console, string description, int steps, Func<int, double> step)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(step);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Redirected output (tests, CI, a pipe): a few plain lines instead of a live bar.
            var every = Math.Max(1, steps / 5);
            for (var i = 0; i < steps; i++)
            {
                var loss = step(i);
                if ((i + 1) % every == 0 || i == steps - 1)
                {
                    console.WriteLine($"  {description}: step {i + 1}/{steps}, loss {Runner.Format.E(loss)}");
                }
            }

            return;
        }

        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: steps);
                for (var i = 0; i < steps; i++)
                {
                    var loss = step(i);
                    task.Increment(1);
                    if (i % 50 == 0 || i == steps - 1)
                    {
                        task.Description = $"{description}  loss {Runner.Format.E(loss)}";
                    }
                }
            });
    }
}
