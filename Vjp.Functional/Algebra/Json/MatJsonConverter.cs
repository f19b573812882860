using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vjp.Functional.Json;

/// <summary>
/// The JSON form of a <see cref="Mat"/>: <c>{"rows": m, "cols": n, "data": [A₀₀, A₀₁, …]}</c>, the m·n entries in
/// row-major order. The shape is stated rather than implied by nested arrays, so every shape has one form (a
/// 0×n matrix has no rows to carry its n) and the data read back into one buffer. Registered on <see cref="Mat"/>
/// with <see cref="JsonConverterAttribute"/>, so default <see cref="JsonSerializer"/> options use it. Reading also
/// accepts an array of row arrays, <c>[[1, 2], [3, 4]]</c>, as people write matrices by hand; ragged rows throw.
/// </summary>
internal sealed class MatJsonConverter : JsonConverter<Mat>
{
    private const string RowsName = "rows";
    private const string ColsName = "cols";
    private const string DataName = "data";

    public override Mat Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return ReadRows(ref reader, options);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Mat: expected an object {{\"rows\": m, \"cols\": n, \"data\": [m·n numbers]}} or an array of row arrays, found a {reader.TokenType} token.");
        }

        int? rows = null, cols = null;
        List<double>? data = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var name = reader.GetString();
            Next(ref reader);
            switch (name)
            {
                case RowsName when rows is null:
                    rows = Dimension(ref reader, RowsName);
                    break;
                case ColsName when cols is null:
                    cols = Dimension(ref reader, ColsName);
                    break;
                case DataName when data is null:
                    data = Data(ref reader, options);
                    break;
                case RowsName or ColsName or DataName:
                    throw new JsonException($"Mat: the property \"{name}\" appears twice.");
                default:
                    throw new JsonException($"Mat: unknown property \"{name}\"; a Mat has \"rows\", \"cols\" and \"data\".");
            }
        }

        if (rows is null || cols is null || data is null)
        {
            var missing = rows is null ? RowsName : cols is null ? ColsName : DataName;
            throw new JsonException($"Mat: the property \"{missing}\" is missing.");
        }

        if ((long)rows.Value * cols.Value != data.Count)
        {
            throw new JsonException($"Mat: a ({rows}×{cols}) matrix needs {(long)rows.Value * cols.Value} numbers in \"data\", found {data.Count}.");
        }

        return Mat.Wrap(rows.Value, cols.Value, [.. data]);
    }

    public override void Write(Utf8JsonWriter writer, Mat value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        writer.WriteNumber(RowsName, value.Rows);
        writer.WriteNumber(ColsName, value.Cols);
        writer.WriteStartArray(DataName);
        var values = value.AsSpan();
        for (var k = 0; k < values.Length; k++)
        {
            JsonDoubles.Write(writer, values[k], options, "Mat", Where(k, value.Cols));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The other form read (never written): an array of equally long row arrays; no rows is the 0×0 matrix.</summary>
    private static Mat ReadRows(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var values = new List<double>();
        int rows = 0, cols = 0;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return Mat.Wrap(rows, cols, [.. values]);
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Mat: row {rows} is a {reader.TokenType} token, not an array of numbers.");
            }

            var length = 0;
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                values.Add(JsonDoubles.Read(ref reader, options, "Mat", $"entry [{rows}, {length}]"));
                length++;
            }

            if (rows == 0)
            {
                cols = length;
            }
            else if (length != cols)
            {
                throw new JsonException($"Mat: ragged rows: row {rows} has {length} numbers but row 0 has {cols}.");
            }

            rows++;
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("Mat: the object ends early.");
        }
    }

    private static int Dimension(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var n) || n < 0)
        {
            throw new JsonException($"Mat: \"{name}\" must be a non-negative integer.");
        }

        return n;
    }

    private static List<double> Data(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Mat: \"data\" must be an array of numbers (row-major), found a {reader.TokenType} token.");
        }

        var values = new List<double>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return values;
            }

            values.Add(JsonDoubles.Read(ref reader, options, "Mat", $"\"data\" element {values.Count}"));
        }
    }

    private static string Where(int k, int cols) => $"entry [{k / cols}, {k % cols}]";
}
