namespace Vjp.TorchBenchmarks;

/// <summary>Agreement checks run before timing, so that rows compared against each other compute the same numbers.</summary>
public static class Check
{
    /// <summary>Throws unless every array of <paramref name="actual"/> agrees with <paramref name="expected"/> to a relative 1e-9 (of the array's largest entry).</summary>
    /// <param name="what">What is compared, for the message.</param>
    /// <param name="expected">The reference arrays.</param>
    /// <param name="actual">The arrays to check.</param>
    public static void Agree(string what, double[][] expected, double[][] actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} arrays against {expected.Length}.");
        }

        for (var a = 0; a < expected.Length; a++)
        {
            if (expected[a].Length != actual[a].Length)
            {
                throw new InvalidOperationException($"{what}: array {a} has {actual[a].Length} entries against {expected[a].Length}.");
            }

            var scale = expected[a].Select(Math.Abs).DefaultIfEmpty(0).Max() + 1e-300;
            for (var i = 0; i < expected[a].Length; i++)
            {
                if (!(Math.Abs(expected[a][i] - actual[a][i]) <= 1e-9 * scale))
                {
                    throw new InvalidOperationException(
                        $"{what}: array {a}, entry {i} is {actual[a][i]:R} against {expected[a][i]:R}; the benchmark would compare different work.");
                }
            }
        }
    }
}
