using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The compiled delegates a <see cref="Diff{TIn, TOut}"/> caches for Invoke and the fused VJP (its fast dispatch):
/// the opt-out still interprets once they are cached, an error inside them is the interpreter's, and a Vec input
/// (whose length is checked per call) is not cached.
/// </summary>
public sealed class TypedDispatchTests
{
    private static Diff<double, double> Chain()
    {
        var f = S.Sin;
        for (var i = 0; i < 20; i++)
        {
            f = f.Then(i % 2 == 0 ? S.Tanh : S.Sin);
        }

        return f;
    }

    private static long Allocated(Action op)
    {
        for (var i = 0; i < 10; i++)
        {
            op();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            op();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void CachedCompiledInvokeAndGradient_UnderTheOptOut_AreInterpreted_WithTheSameBits()
    {
        var f = Chain();
        var (y, g) = (f.Invoke(0.3), f.Gradient(0.3));
        Assert.Equal(0, Allocated(() => f.Invoke(0.3)));
        Assert.Equal(0, Allocated(() => f.Gradient(0.3)));
        using (TypedEngine.InterpretHere())
        {
            // The interpreter boxes every double: allocation shows it ran, not the cached delegate.
            Assert.True(Allocated(() => f.Invoke(0.3)) > 0, "Invoke under the opt-out ran compiled code");
            Assert.True(Allocated(() => f.Gradient(0.3)) > 0, "Gradient under the opt-out ran compiled code");
            Assert.Equal(BitConverter.DoubleToInt64Bits(y), BitConverter.DoubleToInt64Bits(f.Invoke(0.3)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(g), BitConverter.DoubleToInt64Bits(f.Gradient(0.3)));
        }
    }

    private static readonly Diff<double, double> Picky = S.Create(
        "picky", Domain.Positive,
        x => x > 0 ? Math.Log(x) : throw new ArgumentOutOfRangeException(nameof(x), x, "picky needs x > 0"),
        static (x, y) => x.IsSymbolic || x.Value < 10 ? 1 / x : throw new InvalidOperationException("picky′ overflows"));

    [Theory]
    [InlineData("invoke", -1.0)]
    [InlineData("gradient", -1.0)]
    [InlineData("gradient", 20.0)]
    public void RuleThrowing_AfterTheFastPathIsCached_ThrowsTheInterpretersException(string call, double at)
    {
        var x = Diff.Input<double>();
        var f = (x * x - 2.0).Then(Diff.Fanout(Picky.Named("inner"), Diff.Id<double>()).Then(S.Mul)).Named("outer") + Tanh(x);
        object Run() => call == "invoke" ? f.Invoke(at) : f.Gradient(at);
        Exception interpreted;
        using (TypedEngine.InterpretHere())
        {
            interpreted = Assert.ThrowsAny<Exception>(Run);
        }

        // Two good calls each: the first caches the compiled delegates, the second runs them.
        for (var i = 0; i < 2; i++)
        {
            _ = f.Invoke(2.0);
            _ = f.Gradient(2.0);
        }

        Assert.True(f.Node.Tape.IsCompiled);
        var compiled = Assert.ThrowsAny<Exception>(Run);
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
        Assert.Equal(interpreted.InnerException?.GetType(), compiled.InnerException?.GetType());
    }

    [Fact]
    public void VecInput_OfAnotherLength_AfterCompiledCalls_GetsTheInterpretersAnswer()
    {
        var v = Diff.Input<Vec>();
        var f = Sin(v[0]) * v[1];
        var first = Vec.Of(0.5, 2.0);
        for (var i = 0; i < 2; i++)
        {
            _ = f.Invoke(first);
            _ = f.Gradient(first);
        }

        var longer = Vec.Of(0.5, 2.0, 7.0);
        Vec expected;
        double value;
        using (TypedEngine.InterpretHere())
        {
            (value, expected) = (f.Invoke(longer), f.Gradient(longer));
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(f.Invoke(longer)));
        Assert.Equal(expected.ToArray().Select(BitConverter.DoubleToInt64Bits), f.Gradient(longer).ToArray().Select(BitConverter.DoubleToInt64Bits));
    }
}
