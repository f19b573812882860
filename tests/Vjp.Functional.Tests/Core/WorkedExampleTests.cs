using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

public class WorkedExampleTests
{
    private static Diff<Vec, Vec> F()
    {
        var x = Diff.Input<Vec>();
        return Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);
    }

    [Fact]
    public void ReadmeWorkedExample_Snippet_GivesTheMathsAnswer()
    {
        // snippet: worked-example
        var x = Diff.Input<Vec>();
        var f = Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);   // Diff<Vec, Vec>
        Vec vjp = f.Vjp(Vec.Of(1, 2), Vec.Of(1, -1, 2));                    // [6 − cos 1, 3], no Jacobian formed
        Mat j = f.Jacobian(Vec.Of(1, 2));                                   // [[2, 1], [cos 1, 0], [2, 1]]
        Vec jvp = f.Jvp(Vec.Of(1, 2), Vec.Of(1, 0));                        // first column of J
        // end snippet
        Assert.Equal(6 - Math.Cos(1), vjp[0], 12);
        Assert.Equal(3, vjp[1], 12);
        Assert.True(Mat.TransposeMatVec(j, Vec.Of(1, -1, 2)).ApproxEquals(vjp, 1e-12));
        Assert.True(j.Column(0).ApproxEquals(jvp, 1e-12));
    }

    [Fact]
    public void WorkedExample_Vjp_Is6MinusCos1And3()
    {
        var vjp = F().Vjp(Vec.Of(1, 2), Vec.Of(1, -1, 2));
        Assert.Equal(6 - Math.Cos(1), vjp[0], 1e-12);
        Assert.Equal(3, vjp[1], 1e-12);
    }

    [Fact]
    public void WorkedExample_Jacobian_MatchesTheMaths()
    {
        var j = F().Jacobian(Vec.Of(1, 2));
        var expected = Mat.FromArray(new double[,] { { 2, 1 }, { Math.Cos(1), 0 }, { 2, 1 } });
        Assert.True(j.ApproxEquals(expected, 1e-12), j.ToString());
        Assert.True(F().Jacobian(Vec.Of(1, 2), JacobianMode.Columns).ApproxEquals(expected, 1e-12));
    }

    [Fact]
    public void WorkedExample_Jvp_IsTheJacobianTimesTheTangent()
    {
        var x = Vec.Of(1, 2);
        var j = F().Jacobian(x, JacobianMode.Rows); // from pullbacks, an independent sweep
        foreach (var dx in new[] { Vec.Of(1, 0), Vec.Of(0, 1), Vec.Of(0.3, -1.7), Vec.Of(-2, 5) })
        {
            var jvp = F().Jvp(x, dx);
            Assert.True(jvp.ApproxEquals(j * dx, 1e-12), $"J·{dx} = {j * dx}, Jvp = {jvp}");
            var (value, tangent) = F().ValueAndJvp(x, dx);
            Assert.Equal(F().Invoke(x), value);
            Assert.Equal(jvp, tangent);
        }
    }

    [Fact]
    public void WorkedExample_OverTupleInput_GivesTheSameVjp()
    {
        var (x1, x2) = Diff.Input<(double, double)>();
        var f = Diff.Vector(x1 * x1 + x2, Sin(x1), x1 * x2);
        var (a, b) = f.Vjp((1.0, 2.0), Vec.Of(1, -1, 2));
        Assert.Equal(6 - Math.Cos(1), a, 1e-12);
        Assert.Equal(3, b, 1e-12);
    }

    [Fact]
    public void WorkedExample_ToString_ReadsLikeTheMaths()
    {
        Assert.Equal("[(x[0] * x[0] + x[1]), sin(x[0]), x[0] * x[1]]", F().ToString());
    }
}
