using Vjp.Functional;
using static Vjp.Combinators.Layers;

namespace Vjp.Combinators.Tests.Layers;

/// <summary>
/// The softmax family's pullbacks and pushforwards write into nothing they are given: x, y = f(x) (which the caller
/// holds, and which every pullback of the same trace reads as its residual) and ȳ or ẋ keep their bits, and a
/// second call gives the first call's bits. Inputs spread over 10⁻³..10³ make softmax underflow to 0 in places,
/// where a product with a negative number would show as −0.
/// </summary>
public class PullbackPurityTests
{
    private static double[] Bits(ReadOnlySpan<double> v) => v.ToArray();

    private static void Same(double[] before, ReadOnlySpan<double> after, string what)
    {
        Assert.Equal(before.Length, after.Length);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(before[i]) == BitConverter.DoubleToInt64Bits(after[i]), $"{what}[{i}] changed from {before[i]:R} to {after[i]:R}");
        }
    }

    private static Vec Spread(Random rng, int n) =>
        Vec.Generate(n, _ => (rng.NextDouble() < 0.5 ? -1 : 1) * Math.Exp((rng.NextDouble() * 13.8) - 6.9));

    public static TheoryData<string> VecRules() => ["softmax", "logsoftmax", "logsumexp"];

    private static Func<Vec, (double[] Y, Func<Vec, double[]> Pullback, Func<Vec, double[]> Pushforward)> VecRule(string name) => name switch
    {
        "softmax" => x => Of(Softmax(), x),
        "logsoftmax" => x => Of(LogSoftmax(), x),
        _ => x =>
        {
            var (y, pullback) = LogSumExp().ValueWithPullback(x);
            var (_, pushforward) = LogSumExp().ValueWithPushforward(x);
            return ([y], yBar => Bits(pullback(yBar.Sum()).AsSpan()), dx => [pushforward(dx)]);
        },
    };

    private static (double[] Y, Func<Vec, double[]> Pullback, Func<Vec, double[]> Pushforward) Of(Diff<Vec, Vec> f, Vec x)
    {
        var (y, pullback) = f.ValueWithPullback(x);
        var (_, pushforward) = f.ValueWithPushforward(x);
        return (Bits(y.AsSpan()), yBar => Bits(pullback(yBar).AsSpan()), dx => Bits(pushforward(dx).AsSpan()));
    }

    [Theory]
    [MemberData(nameof(VecRules))]
    public void SoftmaxFamily_PullbackAndPushforward_LeaveArgumentsAndOutputBitIdentical(string name)
    {
        var rng = new Random(1201);
        foreach (var n in new[] { 1, 2, 7, 30, 100, 257 })
        {
            var x = Spread(rng, n);
            var (f, pullback) = Softmax().ValueWithPullback(x);
            var yHeld = name == "softmax" ? f : null;
            var rule = VecRule(name)(x);
            var yBar = Vec.Generate(name == "logsumexp" ? 1 : n, _ => rng.NextDouble() - 0.5);
            var dx = Vec.Generate(n, _ => rng.NextDouble() - 0.5);
            var (xBits, yBarBits, dxBits, yBits) = (Bits(x.AsSpan()), Bits(yBar.AsSpan()), Bits(dx.AsSpan()), (double[])rule.Y.Clone());
            var heldBits = yHeld is null ? null : Bits(yHeld.AsSpan());

            var first = rule.Pullback(yBar);
            var again = rule.Pullback(yBar);
            var tangent = rule.Pushforward(dx);
            var tangentAgain = rule.Pushforward(dx);
            _ = pullback(Vec.Generate(n, i => -1.0 - i));

            Same(xBits, x.AsSpan(), $"{name} x (n = {n})");
            Same(yBarBits, yBar.AsSpan(), $"{name} ȳ (n = {n})");
            Same(dxBits, dx.AsSpan(), $"{name} ẋ (n = {n})");
            Same(yBits, rule.Y, $"{name} y (n = {n})");
            Same(first, again, $"{name} second pullback (n = {n})");
            Same(tangent, tangentAgain, $"{name} second pushforward (n = {n})");
            if (heldBits is not null)
            {
                Same(heldBits, yHeld!.AsSpan(), $"softmax y held by the caller (n = {n})");
            }
        }
    }

    [Fact]
    public void BatchSoftmaxRows_PullbackAndPushforward_LeaveArgumentsAndOutputBitIdentical()
    {
        var rng = new Random(1202);
        var m = Diff.Input<Mat>();
        foreach (var f in new[] { SoftmaxRows(m), LogSoftmaxRows(m) })
        {
            foreach (var (rows, cols) in new[] { (1, 1), (3, 7), (4, 100) })
            {
                var x = Mat.Generate(rows, cols, (_, _) => Spread(rng, 1)[0]);
                var yBar = Mat.Generate(rows, cols, (_, _) => rng.NextDouble() - 0.5);
                var (y, pullback) = f.ValueWithPullback(x);
                var (_, pushforward) = f.ValueWithPushforward(x);
                var (xBits, yBits, yBarBits) = (Bits(x.AsSpan()), Bits(y.AsSpan()), Bits(yBar.AsSpan()));
                var first = Bits(pullback(yBar).AsSpan());
                var again = Bits(pullback(yBar).AsSpan());
                _ = pushforward(yBar);

                Same(xBits, x.AsSpan(), "x");
                Same(yBits, y.AsSpan(), "y");
                Same(yBarBits, yBar.AsSpan(), "ȳ");
                Same(first, again, "second pullback");
            }
        }
    }
}
