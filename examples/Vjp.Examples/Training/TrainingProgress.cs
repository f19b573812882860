using Spectre.Console;
using Vjp.Examples.Runner;

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
                    console.WriteLineWhole($"  {description}: step {i + 1}/{steps}, loss {Runner.Format.E(loss)}");
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
    /// Runs <paramref name="train"/>, a training loop that drives itself (such as <c>Training.Train</c> with its
    /// per-epoch callback), under a progress bar of <paramref name="epochs"/> epochs: the loop calls the
    /// <c>report</c> it is given after every epoch with the epoch (from 1), its loss and its accuracy, and the bar
    /// shows them (a plain line every few epochs when the console is not interactive).
    /// </summary>
    /// <param name="console">The console.</param>
    /// <param name="description">What is being trained.</param>
    /// <param name="epochs">The number of epochs.</param>
    /// <param name="train">The training loop, given <c>report(epoch, loss, accuracy)</c>.</param>
    public static void RunEpochs(IAnsiConsole console, string description, int epochs, Action<Action<int, double, double>> train)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(train);
        string Status(int e, double loss, double accuracy) =>
            $"epoch {e}/{epochs}  loss {Runner.Format.N(loss, 4)}  test accuracy {Runner.Format.N(100 * accuracy, 1)} %";
        if (!console.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, epochs / 6);
            train((e, loss, accuracy) =>
            {
                if (e == 1 || e % every == 0 || e == epochs)
                {
                    console.WriteLineWhole($"  {description}: {Status(e, loss, accuracy)}");
                }
            });
            return;
        }

        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: epochs);
                train((e, loss, accuracy) =>
                {
                    task.Increment(1);
                    task.Description = Markup.Escape($"{description}  {Status(e, loss, accuracy)}");
                });
            });
    }
}
