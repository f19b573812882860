using Vjp.Examples.Tests.Support;
using Vjp.Examples.WorkedExample;
using Vjp.Functional;

namespace Vjp.Examples.Tests.WorkedExample;

public class WorkedExampleTests
{
    [Fact]
    public void Run_AtOneTwo_VjpIsSixMinusCosOneAndThree()
    {
        using var t = new TestOptions();
        var r = WorkedExampleRun.Run(t.Options);
        Assert.Equal(6 - Math.Cos(1), r.VjpByPullback[0], 1e-12);
        Assert.Equal(3, r.VjpByPullback[1], 1e-12);
        Assert.Contains("5.4596976941", t.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AtOneTwo_VjpByJacobianAgreesWithPullback()
    {
        using var t = new TestOptions();
        var r = WorkedExampleRun.Run(t.Options);
        Assert.True(r.VjpByJacobian.ApproxEquals(r.VjpByPullback, 1e-12, 1e-12), $"{r.VjpByJacobian} vs {r.VjpByPullback}");
    }

    [Fact]
    public void Run_AtOneTwo_JacobianAndValueMatchTheMaths()
    {
        using var t = new TestOptions();
        var r = WorkedExampleRun.Run(t.Options);
        var expected = Mat.FromArray(new double[,] { { 2, 1 }, { Math.Cos(1), 0 }, { 2, 1 } });
        Assert.True(r.Jacobian.ApproxEquals(expected, 1e-12, 1e-12), r.Jacobian.ToString());
        Assert.True(r.Value.ApproxEquals(Vec.Of(3, Math.Sin(1), 2), 1e-12, 1e-12), r.Value.ToString());
    }

    [Fact]
    public void Run_Jvp_IsFirstColumnAndSatisfiesAdjointIdentity()
    {
        using var t = new TestOptions();
        var r = WorkedExampleRun.Run(t.Options);
        Assert.True(r.Jvp.ApproxEquals(Vec.Of(2, Math.Cos(1), 2), 1e-12, 1e-12), r.Jvp.ToString());
        Assert.Equal(r.AdjointLeft, r.AdjointRight, 1e-12);
    }
}
