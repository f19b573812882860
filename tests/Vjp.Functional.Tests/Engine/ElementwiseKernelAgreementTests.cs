using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Every way of evaluating an elementwise primitive gives the same bits: <c>Invoke(x)</c>,
/// <c>ValueWithPullback(x).Value</c> and <c>ValueWithPushforward(x).Value</c>, at every length from 1 to 130
/// (below, at and past every SIMD width and the kernels' unrolled and aligned blocks), repeatedly (so that the
/// comparison spans the JIT's tiers), and whatever the alignment of the buffers the kernels write into.
/// </summary>
public sealed class ElementwiseKernelAgreementTests
{
    public static TheoryData<string> Primitives() =>
        [.. typeof(V).GetProperties()
            .Where(p => p.PropertyType == typeof(Diff<Vec, Vec>) && p.GetMethod!.IsStatic)
            .Select(p => p.Name)];

    private static Diff<Vec, Vec> Get(string name) => (Diff<Vec, Vec>)typeof(V).GetProperty(name)!.GetValue(null)!;

    // Regression: Vec tanh at length 100 in Release gave ValueWithPullback(x).Value 1 ulp away from Invoke(x).
    [Theory]
    [MemberData(nameof(Primitives))]
    public void Elementwise_InvokeAndRecordedValue_BitIdenticalAtEveryLength(string name)
    {
        var f = Get(name);
        var rng = new Random(20261201);
        for (var round = 0; round < 4; round++)
        {
            for (var n = 1; n <= 130; n++)
            {
                // A spread of magnitudes, both signs, and the saturated range of tanh and sigmoid.
                var x = Vec.Generate(n, _ => (rng.NextDouble() < 0.5 ? -1 : 1) * Math.Exp((rng.NextDouble() * 8) - 4));
                var invoked = f.Invoke(x);
                var (recorded, _) = f.ValueWithPullback(x);
                var (pushed, _) = f.ValueWithPushforward(x);
                AssertBits(name, n, invoked, recorded, "ValueWithPullback(x).Value");
                AssertBits(name, n, invoked, pushed, "ValueWithPushforward(x).Value");
                AssertBits(name, n, invoked, f.Invoke(x), "Invoke(x) again");
            }
        }
    }

    private static void AssertBits(string name, int n, Vec expected, Vec actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < n; i++)
        {
            var (e, a) = (BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
            Assert.True(e == a, $"{name} at length {n}, element {i}: Invoke(x) = {expected[i]:R}, {what} = {actual[i]:R}");
        }
    }
}
