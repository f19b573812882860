using CsCheck;
using LanguageExt;
using Vjp.Combinators;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static LanguageExt.Prelude;
using static Vjp.Functional.Fn;

namespace Vjp.LanguageExt.Tests.Interop;

public class SeqSpaceTests
{
    [Fact]
    public void SeqAndArr_OfDifferentiableElements_AreVectorSpaces()
    {
        Assert.IsType<SeqSpace<Vec>>(VectorSpace<Seq<Vec>>.Instance);
        Assert.IsType<ArrSpace<double>>(VectorSpace<Arr<double>>.Instance);
        Assert.True(VectorSpace.IsDifferentiable(typeof(Seq<(double, Mat)>)));
    }

    [Fact]
    public void SeqSpace_FlatView_RoundTripsAndMatchesTheInnerProduct() =>
        Gen.Select(Gen.Int[0, 5], Gen.Int).ForAll((n, seed) =>
        {
            var rng = new Random(seed);
            var like = toSeq(Enumerable.Range(0, n).Select(i => Vec.Zeros(i + 1)).ToArray());
            var space = VectorSpace<Seq<Vec>>.Instance;
            var a = Checks.Random(like, rng);
            var b = Checks.Random(like, rng);
            Assert.Equal(space.ToArray(a), space.ToArray(space.Unflatten(like, space.ToArray(a))));
            var flat = space.ToArray(a).Zip(space.ToArray(b)).Sum(t => t.Item1 * t.Item2);
            Assert.Equal(flat, space.Inner(a, b), 12);
            Assert.Equal(space.ToArray(a).Zip(space.ToArray(b)).Select(t => t.Item1 + 2 * t.Item2), space.ToArray(space.Add(a, space.Scale(2, b))));
        });

    [Fact]
    public void SeqSpace_AddingSequencesOfDifferentLengths_ThrowsShapeException()
    {
        var e = Assert.Throws<ShapeException>(() => VectorSpace<Seq<double>>.Instance.Add(Seq(1.0, 2.0), Seq1(1.0)));
        Assert.Contains("lengths 2 and 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("Seq[2] of Vec[3]", VectorSpace<Seq<Vec>>.Instance.Shape(Seq(Vec.Zeros(3), Vec.Zeros(3))));
    }

    [Fact]
    public void Seq_OfTypeThatIsNotDifferentiable_ThrowsMissingVectorSpaceNamingTheElement()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(() => VectorSpace.Of(typeof(Seq<string>)));
        Assert.Contains("String", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrInput_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        var f = Diff.Create<Arr<double>, double>(
            "sumsq", xs => xs.Sum(v => v * v), (xs, y, yBar) => new Arr<double>(xs.Map(v => 2 * v * yBar)), (xs, y, dx) => xs.Zip(dx).Sum(t => 2 * t.Item1 * t.Item2));
        Checks.Derivatives(Sin(f.Of(Diff.Input<Arr<double>>())), new Arr<double>([0.0, 0.0, 0.0]));
    }
}
