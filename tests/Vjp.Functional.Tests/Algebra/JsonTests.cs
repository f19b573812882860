using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vjp.Functional.Tests.Algebra;

public sealed record Layer(Mat W, Vec B);

public sealed record Network(Layer Hidden, Layer Output, double Scale);

public class JsonTests
{
    private static T RoundTrip<T>(T value, JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, options), options)!;

    private static void SameBits(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
        }
    }

    /// <summary>Awkward finite doubles: the extremes, subnormals, −0, values with 17 significant digits.</summary>
    private static readonly double[] Awkward =
        [0.1, -0.0, 0.0, 1.0 / 3, Math.PI, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 2.2250738585072009e-308, 1e-300, 123456789012345678, 0.30000000000000004];

    [Fact]
    public void Vec_Serialize_IsAnArrayOfNumbers() =>
        Assert.Equal("[1,2.5,-3]", JsonSerializer.Serialize(Vec.Of(1, 2.5, -3)));

    [Fact]
    public void Mat_Serialize_IsRowsColsAndRowMajorData() =>
        Assert.Equal("{\"rows\":2,\"cols\":3,\"data\":[1,2,3,4,5,6]}", JsonSerializer.Serialize(Mat.Create(2, 3, [1, 2, 3, 4, 5, 6])));

    [Fact]
    public void Vec_RoundTrip_IsBitExactForFiniteDoubles() => SameBits(Awkward, RoundTrip(Vec.FromArray(Awkward)).AsSpan());

    [Fact]
    public void Mat_RoundTrip_IsBitExactForFiniteDoubles()
    {
        var m = Mat.Create(Awkward.Length, 1, Awkward);
        var back = RoundTrip(m);
        Assert.Equal(m.Shape, back.Shape);
        SameBits(m.AsSpan(), back.AsSpan());
    }

    [Fact]
    public void Vec_RoundTrip_SeededRandomValuesAreBitExact()
    {
        var random = new Random(13);
        var values = new double[10_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(values[i]))
            {
                values[i] = random.NextDouble();
            }
        }

        SameBits(values, RoundTrip(Vec.FromArray(values)).AsSpan());
    }

    [Fact]
    public void Readme_JsonSnippet_RoundTripsARecord()
    {
        // snippet: json-round-trip
        var layer = new Layer(Mat.Create(2, 2, [1, -2, 0.5, 3]), Vec.Of(0.1, 1.0 / 3));   // record Layer(Mat W, Vec B)
        string json = JsonSerializer.Serialize(layer);
        // {"W":{"rows":2,"cols":2,"data":[1,-2,0.5,3]},"B":[0.1,0.3333333333333333]}
        var back = JsonSerializer.Deserialize<Layer>(json)!;                                 // bit for bit: back.B == layer.B
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Mat>("[[1, 2], [3]]"));
        // "Mat: ragged rows: row 1 has 1 numbers but row 0 has 2."
        // end snippet

        Assert.Equal("{\"W\":{\"rows\":2,\"cols\":2,\"data\":[1,-2,0.5,3]},\"B\":[0.1,0.3333333333333333]}", json);
        Assert.Equal(layer.W, back.W);
        Assert.Equal(layer.B, back.B);
        Assert.Equal("Mat: ragged rows: row 1 has 1 numbers but row 0 has 2.", e.Message);
    }

    [Fact]
    public void Record_OfMatAndVec_RoundTripsWithDefaultOptions()
    {
        var layer = new Layer(Mat.Create(2, 2, [1, -2, 3.25, 1e-7]), Vec.Of(0.5, -0.5));
        var back = RoundTrip(layer);
        Assert.Equal(layer.W, back.W);
        Assert.Equal(layer.B, back.B);
    }

    [Fact]
    public void Record_Nested_RoundTrips()
    {
        var random = new Random(7);
        var network = new Network(
            new Layer(Mat.Generate(16, 2, (_, _) => random.NextDouble()), Vec.Generate(16, _ => random.NextDouble())),
            new Layer(Mat.Generate(2, 16, (_, _) => random.NextDouble()), Vec.Generate(2, _ => random.NextDouble())),
            Math.E);
        var back = RoundTrip(network);
        Assert.Equal(network.Hidden.W, back.Hidden.W);
        Assert.Equal(network.Hidden.B, back.Hidden.B);
        Assert.Equal(network.Output.W, back.Output.W);
        Assert.Equal(network.Output.B, back.Output.B);
        Assert.Equal(network.Scale, back.Scale);
    }

    [Fact]
    public void Empty_VecAndMats_RoundTripWithTheirShapes()
    {
        Assert.Equal(0, RoundTrip(Vec.Zeros(0)).Length);
        Assert.Equal((0, 0), RoundTrip(Mat.Zeros(0, 0)).Shape);
        Assert.Equal((0, 3), RoundTrip(Mat.Zeros(0, 3)).Shape);
        Assert.Equal((4, 0), RoundTrip(Mat.Zeros(4, 0)).Shape);
    }

    [Fact]
    public void Large_Mat_RoundTrips()
    {
        var m = Mat.Generate(300, 200, (i, j) => Math.Sin(i * 200 + j));
        var back = RoundTrip(m);
        Assert.Equal(m.Shape, back.Shape);
        SameBits(m.AsSpan(), back.AsSpan());
    }

    [Fact]
    public void Tuples_OfVecAndMat_RoundTripWithIncludeFields()
    {
        var options = new JsonSerializerOptions { IncludeFields = true };
        var pair = (Vec.Of(1, 2), Mat.Identity(2));
        var back = RoundTrip(pair, options);
        Assert.Equal(pair.Item1, back.Item1);
        Assert.Equal(pair.Item2, back.Item2);
    }

    [Fact]
    public void Collections_OfVecs_RoundTrip()
    {
        Vec[] vs = [Vec.Of(1), Vec.Of(), Vec.Of(2, 3)];
        Assert.Equal(vs, RoundTrip(vs));
        var dict = new Dictionary<string, Mat> { ["a"] = Mat.Identity(3) };
        Assert.Equal(dict["a"], RoundTrip(dict)["a"]);
    }

    [Fact]
    public void NonFinite_WithDefaultOptions_ThrowsNamingTheElement()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(Vec.Of(1, double.NaN)));
        Assert.Contains("element 1 is NaN", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowNamedFloatingPointLiterals", e.Message, StringComparison.Ordinal);
        var m = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(Mat.Create(1, 2, [0, double.NegativeInfinity])));
        Assert.Contains("entry [0, 1] is -Infinity", m.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Vec>("[\"NaN\"]"));
    }

    [Fact]
    public void NonFinite_WithNamedLiterals_RoundTrip()
    {
        var options = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        var v = Vec.Of(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1);
        var json = JsonSerializer.Serialize(v, options);
        Assert.Equal("[\"NaN\",\"Infinity\",\"-Infinity\",1]", json);
        var back = JsonSerializer.Deserialize<Vec>(json, options)!;
        Assert.True(double.IsNaN(back[0]));
        Assert.Equal(double.PositiveInfinity, back[1]);
        Assert.Equal(double.NegativeInfinity, back[2]);
        var m = Mat.Create(1, 2, [double.NaN, 2]);
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<Mat>(JsonSerializer.Serialize(m, options), options)![0, 0]));
    }

    [Fact]
    public void Strings_FollowNumberHandling()
    {
        var options = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString };
        var json = JsonSerializer.Serialize(Vec.Of(0.1, -2), options);
        Assert.Equal("[\"0.1\",\"-2\"]", json);
        Assert.Equal(Vec.Of(0.1, -2), JsonSerializer.Deserialize<Vec>(json, options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Vec>(json));
    }

    [Theory]
    [InlineData("{\"rows\":2,\"cols\":2,\"data\":[1,2,3]}", "a (2×2) matrix needs 4 numbers in \"data\", found 3")]
    [InlineData("{\"rows\":2,\"data\":[1,2]}", "the property \"cols\" is missing")]
    [InlineData("{\"rows\":1,\"cols\":1,\"data\":[1],\"rank\":1}", "unknown property \"rank\"")]
    [InlineData("{\"rows\":1,\"rows\":1,\"cols\":1,\"data\":[1]}", "the property \"rows\" appears twice")]
    [InlineData("{\"rows\":-1,\"cols\":1,\"data\":[]}", "\"rows\" must be a non-negative integer")]
    [InlineData("{\"rows\":1.5,\"cols\":1,\"data\":[1]}", "\"rows\" must be a non-negative integer")]
    [InlineData("[[1,2],[3]]", "ragged rows: row 1 has 1 numbers but row 0 has 2")]
    [InlineData("[[1,2],3]", "row 1 is a Number token")]
    [InlineData("true", "expected an object")]
    [InlineData("{\"rows\":1,\"cols\":2,\"data\":[1,[2]]}", "\"data\" element 1 is a StartArray token")]
    [InlineData("{\"rows\":1,\"cols\":1,\"data\":[\"x\"]}", "\"data\" element 0 is the string \"x\"")]
    public void Mat_Malformed_ThrowsJsonExceptionNamingTheProblem(string json, string problem)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Mat>(json));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1}", "expected an array of numbers")]
    [InlineData("[1,true]", "element 1 is a True token")]
    [InlineData("[1,1e400]", "element 1 is not a finite double")]
    public void Vec_Malformed_ThrowsJsonExceptionNamingTheProblem(string json, string problem)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Vec>(json));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mat_ArrayOfRows_Reads()
    {
        Assert.Equal(Mat.Create(2, 2, [1, 2, 3, 4]), JsonSerializer.Deserialize<Mat>("[[1,2],[3,4]]"));
        Assert.Equal((0, 0), JsonSerializer.Deserialize<Mat>("[]")!.Shape);
        Assert.Equal((2, 0), JsonSerializer.Deserialize<Mat>("[[],[]]")!.Shape);
    }

    [Fact]
    public void Null_DeserializesToNull() => Assert.Null(JsonSerializer.Deserialize<Vec>("null"));
}
