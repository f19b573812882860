using CsCheck;
using Vjp.Functional;
using static Vjp.Combinators.Arrow;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Structural;

public class ArrowDerivativeTests
{
    private static readonly Vec V3 = Vec.Zeros(3);

    [Fact]
    public void Parallel_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Gen.Select(Pool.Functions, Pool.Functions).ForAll((f, g) => Checks.Derivatives(Arrow.Parallel(f, g), (V3, V3), iter: 3), iter: 15);

    [Fact]
    public void FirstAndSecond_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Pool.Functions.ForAll(f =>
        {
            Checks.Derivatives(First<Vec, double, Vec>(f), (V3, 0.0), iter: 3);
            Checks.Derivatives(Second<double, Vec, Vec>(f), (0.0, V3), iter: 3);
        }, iter: 15);

    [Fact]
    public void Dup_Pullback_AddsTheTwoCotangents()
    {
        Checks.Derivatives(Dup<Vec>(), V3);
        Gen.Select(Pool.Points, Pool.Points, Pool.Points).ForAll((x, a, b) =>
            Checks.Close(a + b, Dup<Vec>().Vjp(x, (a, b))));
    }

    [Fact]
    public void IdFstSnd_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        Checks.Derivatives(Id<Vec>(), V3);
        Checks.Derivatives(Fst<Vec, double>(), (V3, 0.0));
        Checks.Derivatives(Snd<Vec, double>(), (V3, 0.0));
    }

    [Fact]
    public void Swap_Derivatives_MatchFiniteDifferencesAndAdjoint() => Checks.Derivatives(Swap<Vec, double>(), (V3, 0.0));

    [Fact]
    public void FanoutOfSeven_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        var x = Diff.Input<Vec>();
        var f = Fanout(Sin(x), Sum(x), Cos(x[0]), x * x, Exp(x[1]), Tanh(x), Norm(x));
        Checks.Derivatives(f, V3, lo: 0.1, hi: 1);
        var (a, _, _, _, _, _, _) = f.Invoke(Vec.Of(1, 2, 3));
        Checks.Close(Vec.Of(Math.Sin(1), Math.Sin(2), Math.Sin(3)), a);
    }

    [Fact]
    public void FanoutOfFiveAndSix_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        var x = Diff.Input<double>();
        Checks.Derivatives(Fanout(Sin(x), Cos(x), x * x, Exp(x), Tanh(x)), 0.0);
        Checks.Derivatives(Fanout(Sin(x), Cos(x), x * x, Exp(x), Tanh(x), 3 * x), 0.0);
    }

    [Fact]
    public void Map_OfPrimitive_EqualsTheVectorPrimitive() =>
        Checks.Same(VecPrimitives.Tanh, Map(ScalarPrimitives.Tanh), Pool.Points);

    [Fact]
    public void Map_OfCompositeScalarFunction_MatchesFiniteDifferencesAndAdjoint()
    {
        var t = Diff.Input<double>();
        var f = Sin(t) * Exp(t) + t * t;
        Checks.Derivatives(Map(f), Vec.Zeros(5));
        Checks.Derivatives(Sin(Diff.Input<Vec>()).Map(f), Vec.Zeros(2));
    }

    [Fact]
    public void Map_AppliesTheScalarFunctionToEachElement()
    {
        var t = Diff.Input<double>();
        var y = Map(t * t + 1).Invoke(Vec.Of(1, 2, 3));
        Checks.Close(Vec.Of(2, 5, 10), y);
    }

    [Fact]
    public void Zip_OfPrimitive_EqualsTheHadamardProduct() =>
        Checks.Same(VecPrimitives.Hadamard.Then(Id<Vec>()), Zip(ScalarPrimitives.Mul), Gen.Select(Pool.Points, Pool.Points));

    [Fact]
    public void Zip_OfCompositeBinaryFunction_MatchesFiniteDifferencesAndAdjoint()
    {
        var (a, b) = Diff.Input<(double, double)>();
        var f = Sin(a) * b + Exp(a * b);
        Checks.Derivatives(Zip(f), (Vec.Zeros(4), Vec.Zeros(4)));
        var x = Diff.Input<Vec>();
        Checks.Derivatives(Sin(x).Zip(x * x, f), Vec.Zeros(4));
    }

    [Fact]
    public void Zip_WithDifferentLengths_ThrowsShapeExceptionNamingTheZip()
    {
        var (a, b) = Diff.Input<(double, double)>();
        var e = Assert.Throws<ShapeException>(() => Zip(a * b + a).Invoke((Vec.Zeros(2), Vec.Zeros(3))));
        Assert.Contains("zip", e.Message, StringComparison.Ordinal);
        Assert.Contains("lengths 2 and 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SumMeanBroadcast_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        Checks.Derivatives(VecPrimitives.Sum, Vec.Zeros(4));
        Checks.Derivatives(VecPrimitives.Mean, Vec.Zeros(4));
        Checks.Derivatives(Broadcast(4), 0.0);
        Checks.Derivatives(Diff.Input<Vec>()[1].Broadcast(3), V3);
    }

    [Fact]
    public void Broadcast_IsTheAdjointOfSum() =>
        Gen.Select(Gen.Double[-2, 2], Pool.Points).ForAll((s, v) =>
            Assert.Equal(Vec.Dot(Broadcast(3).Invoke(s), v), s * VecPrimitives.Sum.Invoke(v), 12));
}
