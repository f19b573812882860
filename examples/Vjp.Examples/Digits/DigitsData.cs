using System.Globalization;
using System.IO.Compression;
using Vjp.Functional;

namespace Vjp.Examples.Digits;

/// <summary>
/// Labelled 8×8 images of handwritten digits, one image per row of <see cref="Images"/> (64 pixels, row by
/// row, scaled from 0–16 to [0, 1]).
/// </summary>
/// <param name="Images">The images, n × 64.</param>
/// <param name="Labels">Their classes, 0 … 9.</param>
public sealed record DigitsData(Mat Images, int[] Labels)
{
    /// <summary>Pixels per image.</summary>
    public const int Pixels = 64;

    /// <summary>Classes.</summary>
    public const int Classes = 10;

    /// <summary>The name of the embedded data file (see <c>Digits/data/README.md</c> for its source and licence).</summary>
    public const string ResourceName = "Vjp.Examples.Digits.digits.csv.gz";

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// The 1,797 images of the UCI optical handwritten digits (Alpaydin and Kaynak 1998, CC BY 4.0), read from
    /// the gzip-compressed CSV embedded in this assembly.
    /// </summary>
    /// <exception cref="InvalidDataException">The embedded file is missing or a row is not 64 pixels 0–16 and a label 0–9.</exception>
    public static DigitsData Load()
    {
        using var stream = typeof(DigitsData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The embedded resource {ResourceName} is missing from {typeof(DigitsData).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var pixels = new List<double>(1797 * Pixels);
        var labels = new List<int>(1797);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != Pixels + 1)
            {
                throw new InvalidDataException($"{ResourceName}, line {lineNumber}: {fields.Length} fields, expected {Pixels + 1}.");
            }

            for (var i = 0; i < Pixels; i++)
            {
                var value = int.Parse(fields[i], CultureInfo.InvariantCulture);
                if (value is < 0 or > 16)
                {
                    throw new InvalidDataException($"{ResourceName}, line {lineNumber}: pixel {i} is {value}, outside 0–16.");
                }

                pixels.Add(value / 16.0);
            }

            var label = int.Parse(fields[Pixels], CultureInfo.InvariantCulture);
            if (label is < 0 or >= Classes)
            {
                throw new InvalidDataException($"{ResourceName}, line {lineNumber}: label {label}, outside 0–9.");
            }

            labels.Add(label);
        }

        return new(Mat.Create(labels.Count, Pixels, pixels.ToArray()), [.. labels]);
    }

    /// <summary>A fixed split: the images shuffled with <paramref name="seed"/>, the first <paramref name="testFraction"/> of them held out.</summary>
    /// <param name="testFraction">The share held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    public (DigitsData Train, DigitsData Test) Split(double testFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = (int)Math.Round(testFraction * Count);
        return (Take(order.AsSpan(testCount)), Take(order.AsSpan(0, testCount)));
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    /// <param name="indices">Row indices.</param>
    public DigitsData Take(ReadOnlySpan<int> indices)
    {
        var values = new double[indices.Length * Pixels];
        var labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            Images.RowSpan(indices[i]).CopyTo(values.AsSpan(i * Pixels, Pixels));
            labels[i] = Labels[indices[i]];
        }

        return new(Mat.Create(indices.Length, Pixels, values), labels);
    }

    /// <summary>The labels as one-hot rows, n × 10.</summary>
    public Mat OneHot() => Mat.Generate(Count, Classes, (i, j) => Labels[i] == j ? 1 : 0);
}
