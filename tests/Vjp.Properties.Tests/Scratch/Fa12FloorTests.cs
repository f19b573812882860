namespace Vjp.Properties.Tests.Scratch;

/// <summary>
/// SCRATCH (helper fa12): the detection floor at well-conditioned points, re-checked after the checker change
/// (no test of the repository states it in these terms): a derivative consistently 1e-8 relative off in both modes, and
/// a derivative computed in float precision, are caught with default options.
/// </summary>
public class Fa12FloorTests
{
    [Theory]
    [InlineData(1e-5, 1e-6)]
    [InlineData(-1e-5, 1e-6)]
    [InlineData(1e-8, 1e-10)]
    [InlineData(-1e-8, 1e-10)]
    public void ConsistentRelativeError_IsCaught(double delta, double relativeTolerance)
    {
        // The default FiniteDifferenceTolerance is 1e-6 relative (on main as well): 1e-8 needs a tighter one, and the
        // finite differences must then resolve it.
        var options = new RuleCheckOptions { FiniteDifferenceTolerance = new Tolerance(1e-12, relativeTolerance) };
        var f = Diff.Create<double, double>("sin1e-8", Math.Sin, (x, y, yBar) => yBar * (1 + delta) * Math.Cos(x), (x, y, dx) => (1 + delta) * Math.Cos(x) * dx);

        Assert.False(RuleCheck.Check(f, RuleGen.Scalar(Domain.Interval(-3, 3)), options).Passed);
    }

    [Fact]
    public void FloatPrecisionDerivative_IsCaught()
    {
        var f = Diff.Create<double, double>("sinf", Math.Sin, (x, y, yBar) => (double)((float)yBar * MathF.Cos((float)x)), (x, y, dx) => (double)(MathF.Cos((float)x) * (float)dx));

        var result = RuleCheck.Check(f, RuleGen.Scalar(Domain.Interval(-3, 3)));
        File.WriteAllText("/work/notes/s16/fa12/float-report.txt", result.Report);
        Assert.False(result.Passed);
    }
}
