namespace Vjp.Properties.Tests.Checks;

public class ShrinkingTests(ITestOutputHelper output)
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Softplus whose derivative is 1 instead of sigmoid(x) for x &gt; 1 only.</summary>
    private static readonly Diff<double, double> WrongAboveOne = Diff.Create<double, double>("softplus",
        x => Math.Log(1 + Math.Exp(x)),
        (x, y, yBar) => yBar * (x > 1 ? 1 : Sigmoid(x)),
        (x, y, dx) => (x > 1 ? 1 : Sigmoid(x)) * dx);

    [Fact]
    public void WrongOnlyAboveOne_FixedSeed_ShrinksToTheSmallestRoundCounterexample()
    {
        var result = RuleCheck.Check(WrongAboveOne, RuleGen.Scalar(), new RuleCheckOptions { Seed = "8SwdHKsjAXGVbNqH3" });
        output.WriteLine(result.Report);

        Assert.False(result.Passed);
        Assert.Equal(2.0, (double)result.Counterexample!);
    }

    [Fact]
    public void WrongOnlyAboveOne_AnySeed_CounterexampleIsInTheWrongRegionAndRound()
    {
        var result = RuleCheck.Check(WrongAboveOne, RuleGen.Scalar());
        output.WriteLine(result.Report);

        var x = (double)result.Counterexample!;
        Assert.InRange(x, 1, 3);
        Assert.Equal(0, (x * 4) % 1);
    }

    [Fact]
    public void WrongInEveryComponent_VectorsOfOneToSix_ShrinksToLengthOne()
    {
        var wrong = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh), (v, y, yBar) => Vec.Hadamard(yBar, y));
        var result = RuleCheck.Check(wrong, RuleGen.Vec(1, 6));
        output.WriteLine(result.Report);

        Assert.Equal(1, ((Vec)result.Counterexample!).Length);
        Assert.True(result.Shrinks >= 0);
    }
}
