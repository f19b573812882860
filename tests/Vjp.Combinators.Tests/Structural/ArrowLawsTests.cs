using CsCheck;
using Vjp.Functional;
using static Vjp.Combinators.Arrow;

namespace Vjp.Combinators.Tests.Structural;

public class ArrowLawsTests
{
    [Fact]
    public void Then_WithIdentity_IsTheSameFunction() =>
        Gen.Select(Pool.Functions, Pool.Points, Gen.Int).ForAll((f, x, seed) =>
        {
            Checks.SameAt(f, Id<Vec>().Then(f), x, new Random(seed));
            Checks.SameAt(f, f.Then(Id<Vec>()), x, new Random(seed));
        }, iter: 60);

    [Fact]
    public void Then_IsAssociative() =>
        Gen.Select(Pool.Functions, Pool.Functions, Pool.Functions, Pool.Points, Gen.Int).ForAll((f, g, h, x, seed) =>
            Checks.SameAt(f.Then(g).Then(h), f.Then(g.Then(h)), x, new Random(seed), tol: 1e-12), iter: 60);

    [Fact]
    public void Fanout_ThenFstOrSnd_RecoversEachSide() =>
        Gen.Select(Pool.Functions, Pool.Functions, Pool.Points, Gen.Int).ForAll((f, g, x, seed) =>
        {
            Checks.SameAt(f, Fanout(f, g).Then(Fst<Vec, Vec>()), x, new Random(seed));
            Checks.SameAt(g, Fanout(f, g).Then(Snd<Vec, Vec>()), x, new Random(seed));
        }, iter: 60);

    [Fact]
    public void Fanout_Pullback_IsTheSumOfThePullbacks() =>
        Gen.Select(Pool.Functions, Pool.Functions, Pool.Points, Pool.Points, Pool.Points).ForAll((f, g, x, aBar, bBar) =>
            Checks.Close(f.Vjp(x, aBar) + g.Vjp(x, bBar), Fanout(f, g).Vjp(x, (aBar, bBar)), 1e-12, "fan-out pullback"), iter: 60);

    [Fact]
    public void Parallel_EqualsFirstThenSecond() =>
        Gen.Select(Pool.Functions, Pool.Functions, Gen.Select(Pool.Points, Pool.Points), Gen.Int).ForAll((f, g, x, seed) =>
            Checks.SameAt(Arrow.Parallel(f, g), First<Vec, Vec, Vec>(f).Then(Second<Vec, Vec, Vec>(g)), x, new Random(seed)), iter: 60);

    [Fact]
    public void Parallel_EqualsFirstThenSecondOnPairExpressions() =>
        Gen.Select(Pool.Functions, Pool.Functions, Gen.Select(Pool.Points, Pool.Points), Gen.Int).ForAll((f, g, x, seed) =>
            Checks.SameAt(f.Parallel(g), Diff.Input<(Vec, Vec)>().First(f).Second(g), x, new Random(seed)), iter: 40);

    [Fact]
    public void Dup_ThenParallel_EqualsFanout() =>
        Gen.Select(Pool.Functions, Pool.Functions, Pool.Points, Gen.Int).ForAll((f, g, x, seed) =>
            Checks.SameAt(Fanout(f, g), Dup<Vec>().Then(Arrow.Parallel(f, g)), x, new Random(seed)), iter: 40);

    [Fact]
    public void Swap_Twice_IsTheIdentity() =>
        Gen.Select(Gen.Select(Pool.Points, Gen.Double[-2, 2]), Gen.Int).ForAll((x, seed) =>
            Checks.SameAt(Id<(Vec, double)>(), Swap<Vec, double>().Then(Swap<double, Vec>()), x, new Random(seed)), iter: 20);

    [Fact]
    public void Swap_ThenParallel_EqualsParallelThenSwap() =>
        Gen.Select(Pool.Functions, Pool.Functions, Gen.Select(Pool.Points, Pool.Points), Gen.Int).ForAll((f, g, x, seed) =>
            Checks.SameAt(Swap<Vec, Vec>().Then(Arrow.Parallel(g, f)), Arrow.Parallel(f, g).Then(Swap<Vec, Vec>()), x, new Random(seed)), iter: 40);
}
