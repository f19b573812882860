using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vjp.Functional.Json;

/// <summary>
/// Reading and writing one double as the options' <see cref="JsonSerializerOptions.NumberHandling"/> says:
/// finite values as JSON numbers in the shortest round-trip form (bit-exact, −0 included); NaN and ±∞ only
/// under <see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/> (as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c>), and numbers in strings only under
/// <see cref="JsonNumberHandling.AllowReadingFromString"/> (read) or <see cref="JsonNumberHandling.WriteAsString"/> (written).
/// </summary>
internal static class JsonDoubles
{
    public static void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options, string type, string where)
    {
        var handling = options.NumberHandling;
        if (!double.IsFinite(value))
        {
            if ((handling & JsonNumberHandling.AllowNamedFloatingPointLiterals) == 0)
            {
                throw new JsonException(
                    $"{type}: {where} is {Show(value)}; JSON has no number for it. Set JsonSerializerOptions.NumberHandling to " +
                    "JsonNumberHandling.AllowNamedFloatingPointLiterals to write NaN and ±∞ as the strings \"NaN\", \"Infinity\", \"-Infinity\".");
            }

            writer.WriteStringValue(Show(value));
        }
        else if ((handling & JsonNumberHandling.WriteAsString) != 0)
        {
            writer.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    public static double Read(ref Utf8JsonReader reader, JsonSerializerOptions options, string type, string where)
    {
        var handling = options.NumberHandling;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    return number;
                }

                throw new JsonException($"{type}: {where} is not a finite double.");

            case JsonTokenType.String:
                var text = reader.GetString();
                if ((handling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0)
                {
                    switch (text)
                    {
                        case "NaN": return double.NaN;
                        case "Infinity": return double.PositiveInfinity;
                        case "-Infinity": return double.NegativeInfinity;
                    }
                }

                if ((handling & JsonNumberHandling.AllowReadingFromString) != 0 &&
                    double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    return parsed;
                }

                throw new JsonException(
                    $"{type}: {where} is the string \"{text}\", not a number (NaN and ±∞ need JsonNumberHandling.AllowNamedFloatingPointLiterals; " +
                    "numbers in strings need JsonNumberHandling.AllowReadingFromString).");

            default:
                throw new JsonException($"{type}: {where} is a {reader.TokenType} token, not a number.");
        }
    }

    private static string Show(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
