using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Regression (RuleCheck's Determinism law failed on Vec tanh at Vec(100) in Release, ~1e-16): the bits of
/// <c>TensorPrimitives.Tanh</c> depend on which compiled version of it runs. Its precompiled (ReadyToRun) code and
/// the tier-1 code the JIT replaces it with use different vector widths, so lanes are grouped differently; and a
/// vector with one lane out of the polynomial's range is computed by the scalar <c>Math.Tanh</c>, whose bits differ
/// from the polynomial's by an ulp. A forward pass recorded before the JIT's tier-up and one after it disagreed.
/// Vec tanh is now the scalar rule elementwise: its bits are those of <see cref="ScalarPrimitives.Tanh"/>, whatever
/// the code version, the length or the neighbours of an element.
/// </summary>
public sealed class ElementwiseCodeVersionTests
{
    /// <summary>Magnitudes that mix lanes inside the polynomial's range with saturated ones (as RuleGen.Vec draws them).</summary>
    private static double[] Mixed(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (i % 7) switch
            {
                0 => 700 + i,
                3 => -1000,
                5 => 0,
                _ => (rng.NextDouble() - 0.5) * 20,
            };
        }

        return x;
    }

    [Fact]
    public void VecTanh_IsTheScalarTanhElementwise_BitForBit()
    {
        foreach (var n in new[] { 1, 7, 8, 9, 63, 64, 65, 100, 130 })
        {
            var x = Mixed(n, 20261201 + n);
            var y = V.Tanh.Invoke(Vec.Wrap(x));
            for (var i = 0; i < n; i++)
            {
                var expected = ScalarPrimitives.Tanh.Invoke(x[i]);
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(y[i]),
                    $"length {n}, element {i}: x = {x[i]:R}, Vec tanh = {y[i]:R}, scalar tanh = {expected:R}");
            }
        }
    }

    [Fact]
    public void VecTanh_RepeatedForwardPassesAndPullbacks_BitIdenticalAcrossTheJitsTiers()
    {
        // Enough calls, and time, for the JIT to replace the code first run (its tier-up happened after ~3000 calls).
        var x = Vec.Wrap(Mixed(100, 7));
        var yBar = Vec.Generate(100, i => Math.Cos(i));
        var (y0, pullback0) = V.Tanh.ValueWithPullback(x);
        var xBar0 = pullback0(yBar);
        var deadline = DateTime.UtcNow.AddSeconds(1);
        for (var k = 0; k < 20000 || DateTime.UtcNow < deadline; k++)
        {
            var (y, pullback) = V.Tanh.ValueWithPullback(x);
            if (k % 1000 != 0)
            {
                continue;
            }

            var xBar = pullback(yBar);
            for (var i = 0; i < 100; i++)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(y0[i]) == BitConverter.DoubleToInt64Bits(y[i]), $"call {k}, y[{i}]: {y0[i]:R} then {y[i]:R}");
                Assert.True(BitConverter.DoubleToInt64Bits(xBar0[i]) == BitConverter.DoubleToInt64Bits(xBar[i]), $"call {k}, x̄[{i}]: {xBar0[i]:R} then {xBar[i]:R}");
            }
        }
    }
}
