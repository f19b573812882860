using System.Globalization;
using Vjp.Functional;

namespace Vjp.Examples.Runner;

/// <summary>Number formatting shared by the examples (invariant culture, fixed digits).</summary>
public static class Format
{
    /// <summary>A number with <paramref name="digits"/> decimals.</summary>
    public static string N(double x, int digits = 10) => x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A number in scientific notation with three significant decimals.</summary>
    public static string E(double x) => x.ToString("0.000e+00", CultureInfo.InvariantCulture);

    /// <summary>A vector as <c>[a, b, …]</c> with <paramref name="digits"/> decimals.</summary>
    public static string V(Vec v, int digits = 10) => "[" + string.Join(", ", v.Select(x => N(x, digits))) + "]";

    /// <summary>A byte count with a binary unit.</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        < 1024 => bytes.ToString("F0", CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " MiB",
    };

    /// <summary>A duration in microseconds, milliseconds or seconds.</summary>
    public static string Time(TimeSpan t) => t.TotalMilliseconds switch
    {
        < 1 => (t.TotalMilliseconds * 1000).ToString("F1", CultureInfo.InvariantCulture) + " µs",
        < 1000 => t.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        _ => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s",
    };
}
