using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vjp.Functional.Json;

/// <summary>
/// The JSON form of a <see cref="Vec"/>: an array of its components, <c>[v₀, v₁, …]</c>. Registered on
/// <see cref="Vec"/> with <see cref="JsonConverterAttribute"/>, so default <see cref="JsonSerializer"/> options use it.
/// </summary>
internal sealed class VecJsonConverter : JsonConverter<Vec>
{
    public override Vec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Vec: expected an array of numbers, found a {reader.TokenType} token.");
        }

        var values = new List<double>();
        while (true)
        {
            if (!reader.Read())
            {
                throw new JsonException($"Vec: the array ends early, after {values.Count} numbers.");
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return Vec.Wrap([.. values]);
            }

            values.Add(JsonDoubles.Read(ref reader, options, "Vec", $"element {values.Count}"));
        }
    }

    public override void Write(Utf8JsonWriter writer, Vec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartArray();
        var values = value.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            JsonDoubles.Write(writer, values[i], options, "Vec", $"element {i}");
        }

        writer.WriteEndArray();
    }
}
