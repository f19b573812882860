using LanguageExt;
using Vjp.Combinators;
using Vjp.Combinators.Tests;
using Vjp.Functional;
using static LanguageExt.Prelude;
using static Vjp.Functional.Fn;

namespace Vjp.LanguageExt.Tests.Interop;

public class SeqDiffTests
{
    [Fact]
    public void Lift_AppliesTheFunctionToEachElement_AndItsDerivativesMatchFiniteDifferences()
    {
        var x = Diff.Input<Vec>();
        var f = SeqDiff.Lift(Sum(Sin(x) * x));
        Assert.Equal(Seq(0.0, Math.Sin(1) + 2 * Math.Sin(2)), f.Invoke(Seq(Vec.Of(0, 0), Vec.Of(1, 2))));
        Checks.Derivatives(f, Seq(Vec.Zeros(2), Vec.Zeros(3), Vec.Zeros(1)));
    }

    [Fact]
    public void Sequence_OfExpressions_IsTheirTraversal_WithCotangentsAddingWhereTheyShare()
    {
        var x = Diff.Input<Vec>();
        var shared = Sin(x);
        var f = Seq(shared, shared * x, Exp(shared)).Sequence();
        Assert.Equal(3, f.Invoke(Vec.Of(1, 2)).Count);
        Checks.Derivatives(f, Vec.Zeros(2));
    }

    [Fact]
    public void Sum_AndEach_Derivatives_MatchFiniteDifferences()
    {
        var xs = Diff.Input<Seq<Vec>>();
        var loss = xs.Each(Sum(Square(Diff.Input<Vec>()))).Sum();
        Checks.Derivatives(loss, Seq(Vec.Zeros(2), Vec.Zeros(2)));
        Assert.Equal(1 + 4 + 9.0, loss.Invoke(Seq(Vec.Of(1, 2), Vec.Of(3, 0))), 14);
    }

    [Fact]
    public void Sum_OfEmptySequence_ThrowsShapeException() =>
        Assert.Throws<ShapeException>(() => SeqDiff.Sum<double>().Invoke(Seq<double>()));

    [Fact]
    public void Sequence_OfNoExpressions_Throws() =>
        Assert.Throws<ArgumentException>(() => Seq<Diff<Vec, double>>().Sequence());
}
