namespace Vjp.Properties.Tests.Scratch;

public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Smoke()
    {
        var ok = RuleCheck.Check(ScalarPrimitives.Sin, 0.0, new RuleCheckOptions { Samples = 200 });
        output.WriteLine(ok.Report);
        var bad = Diff.Create<double, double>("badSin", Math.Sin, (x, y, yb) => -yb * Math.Cos(x), (x, y, dx) => Math.Cos(x) * dx);
        var r = RuleCheck.Check(bad, RuleGen.Scalar());
        output.WriteLine(r.Report);
        var onlyPb = Diff.Create<double, double>("cube", x => x * x * x, (x, y, yb) => yb * 2 * x * x);
        output.WriteLine(RuleCheck.Check(onlyPb, RuleGen.Scalar()).Report);
        var v = RuleCheck.Check(VecPrimitives.Tanh, RuleGen.Vec(1, 5));
        output.WriteLine(v.Report);
        var x = Diff.Input<Vec>();
        var pipe = Fn.Sum(Fn.Tanh(x) * x).Then(bad);
        output.WriteLine(RuleCheck.Check(pipe, RuleGen.Vec(1, 5)).Report);
        Assert.True(ok.Passed);
    }
}
