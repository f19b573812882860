using Vjp.Combinators;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Properties.Tests.Checks;

/// <summary>
/// Combinators whose parts are sub-functions of another type (a scalar function mapped over a vector,
/// a binary one zipped over two) inside a pipeline: the checker must treat them as rules, not evaluate
/// their parts on the pipeline's values (which once reported that no input lay in the domain).
/// </summary>
public class NestedCombinatorTests
{
    [Fact]
    public void Pipeline_WithMapAndZipInside_PassesItsLaws()
    {
        var x = Diff.Input<Vec>();
        var pipeline = Sum(Tanh(x).Map(S.Sin.Then(S.Tanh)) * x.Zip(Cos(x), S.Mul.Then(S.Sin)));
        var result = RuleCheck.Check(pipeline, RuleGen.Vec(1, 4), new RuleCheckOptions { Samples = 50 });
        Assert.True(result.Passed, result.Report);
        Assert.Equal(50, result.SamplesChecked);
    }
}
