using System.Globalization;

namespace Vjp.Functional.Tests.Support;

/// <summary>Tolerance assertions over flat coordinates that print both sides on failure.</summary>
internal static class Approx
{
    /// <summary>Asserts ‖actual − expected‖∞ ≤ tolerance·(1 + ‖expected‖∞).</summary>
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} coordinates, expected {expected.Length}");
        var scale = 1.0;
        var error = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            var d = Math.Abs(actual[i] - expected[i]);
            error = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(error, d);
        }

        Assert.True(
            error <= tolerance * scale,
            $"{what}: max error {error:G3} > {tolerance:G3}·{scale:G3}\n  expected {Show(expected)}\n  actual   {Show(actual)}");
    }

    /// <summary>Asserts two values of a vector space agree coordinate by coordinate.</summary>
    public static void Close<T>(T expected, T actual, double tolerance, string what) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        Assert.True(space.SameShape(expected, actual), $"{what}: shape {space.Shape(actual)}, expected {space.Shape(expected)}");
        Equal(space.ToArray(expected), space.ToArray(actual), tolerance, what);
    }

    public static string Show(ReadOnlySpan<double> v)
    {
        var parts = new string[Math.Min(v.Length, 12)];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = v[i].ToString("G10", CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + (v.Length > parts.Length ? ", …" : "") + "]";
    }
}
