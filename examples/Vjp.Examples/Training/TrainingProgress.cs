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

    /// <summary>
    /// Runs <paramref name="epoch"/> for e = 1 … <paramref name="epochs"/> under a progress bar that shows the
    /// epoch, its loss and its accuracy (a plain line every few epochs when the console is not interactive).
    /// </summary>
    /// <param name="console">The console.</param>
    /// <param name="description">What is being trained.</param>
    /// <param name="epochs">The number of epochs.</param>
    /// <param name="epoch">One epoch, given its number from 1; returns its loss and accuracy to show.</param>
    public static void RunEpochs(IAnsiConsole console, string description, int epochs, Func<int, (double Loss, double Accuracy)> epoch)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(epoch);
        static string Status(int e, int epochs, (double Loss, double Accuracy) r) =>
            $"epoch {e}/{epochs}  loss {Runner.Format.N(r.Loss, 4)}  test accuracy {Runner.Format.N(100 * r.Accuracy, 1)} %";
        if (!console.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, epochs / 6);
            for (var e = 1; e <= epochs; e++)
            {
                var r = epoch(e);
                if (e == 1 || e % every == 0 || e == epochs)
                {
                    console.WriteLine($"  {description}: {Status(e, epochs, r)}");
                }
            }

            return;
        }

        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: epochs);
                for (var e = 1; e <= epochs; e++)
                {
                    var r = epoch(e);
                    task.Increment(1);
                    task.Description = Markup.Escape($"{description}  {Status(e, epochs, r)}");
                }
            });
    }
}
