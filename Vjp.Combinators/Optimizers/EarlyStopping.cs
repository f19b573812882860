namespace Vjp.Combinators;

/// <summary>
/// When to stop a run early: once the loss has gone <paramref name="Patience"/> steps without improving on the best
/// loss so far by more than <paramref name="Tolerance"/>. A loss L improves when L &lt; best − tolerance; it then
/// becomes the best and the count restarts. The starting loss is the first best.
/// </summary>
/// <param name="Patience">The number of steps without improvement that stops the run, at least 1.</param>
/// <param name="Tolerance">The improvement that counts, at least 0 and finite (0: any decrease counts).</param>
/// <exception cref="ArgumentOutOfRangeException">When the patience is below 1, or the tolerance negative, NaN or ∞.</exception>
/// <example>
/// <code>
/// var run = new Adam(LearningRate: 0.05).Minimize(loss, p0, steps: 5000, new EarlyStopping(Patience: 20, Tolerance: 1e-9));
/// </code>
/// </example>
public sealed record EarlyStopping(int Patience, double Tolerance = 0)
{
    /// <summary>The number of steps without improvement that stops the run.</summary>
    public int Patience { get; } = Patience >= 1 ? Patience : throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "The patience must be at least 1 step.");

    /// <summary>The improvement that counts.</summary>
    public double Tolerance { get; } = Tolerance >= 0 && double.IsFinite(Tolerance) ? Tolerance : throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be non-negative and finite.");
}
