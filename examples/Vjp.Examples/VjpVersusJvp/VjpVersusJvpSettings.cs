namespace Vjp.Examples.VjpVersusJvp;

/// <summary>Sizes for example 2.</summary>
/// <param name="Shapes">The (n, m) pairs to measure.</param>
/// <param name="Repetitions">The least number of calls per timed batch (after warm-up).</param>
public sealed record VjpVersusJvpSettings(IReadOnlyList<(int N, int M)> Shapes, int Repetitions)
{
    /// <summary>ℝ¹⁰⁰⁰ → ℝ (a scalar loss), ℝ¹⁰⁰⁰ → ℝ¹⁰ and ℝ¹⁰ → ℝ¹⁰⁰⁰.</summary>
    public static VjpVersusJvpSettings Default { get; } = new([(1000, 1), (1000, 10), (10, 1000)], 3);

    /// <summary>Tiny sizes for tests.</summary>
    public static VjpVersusJvpSettings Small { get; } = new([(50, 1), (50, 5), (5, 50)], 1);
}
