namespace Vjp.Properties.Tests.Checks;

/// <summary>
/// The detection floor with default options: a rule whose pushforward and pullback are consistently off by a small
/// relative error (so the adjoint identity and linearity hold, and only finite differences can tell) is caught down to
/// 10⁻⁸ where the point is well conditioned, and so is a derivative computed in <see cref="float"/> precision. The
/// converged verdict (<see cref="RuleCheckOptions.ConvergedFiniteDifferenceTolerance"/>) does it; the controls show
/// the same rules made right pass, and that loosening the tolerance turns the converged verdict off.
/// </summary>
public class DetectionFloorTests
{
    public static TheoryData<double> RelativeErrors => new(1e-5, 1e-6, 1e-7, 1e-8, -1e-8);

    private static Diff<double, double> Sin(double error) =>
        Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => yBar * (1 + error) * Math.Cos(x), (x, y, dx) => (1 + error) * Math.Cos(x) * dx);

    private static Diff<double, double> SinPullbackOnly(double error) =>
        Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => yBar * (1 + error) * Math.Cos(x));

    private static Diff<double, double> Exp(double error) =>
        Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => yBar * (1 + error) * y, (x, y, dx) => (1 + error) * y * dx);

    private static Diff<Vec, Vec> Tanh(double error) =>
        Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (1 + error) * (1 - (y[i] * y[i]))),
            (v, y, dv) => Vec.Generate(v.Length, i => (1 + error) * (1 - (y[i] * y[i])) * dv[i]));

    private static readonly Mat A = Mat.FromArray(new double[,] { { 1, -2, 0.5 }, { 3, 0.25, -1 } });

    private static Diff<Vec, Vec> SinThenMatVec(double error) =>
        Diff.Create<Vec, Vec>("A·sin", v => A * v.Map(Math.Sin),
            (v, y, yBar) => Vec.Generate(3, j => (1 + error) * Math.Cos(v[j]) * ((A[0, j] * yBar[0]) + (A[1, j] * yBar[1]))),
            (v, y, dv) => A * Vec.Generate(3, j => (1 + error) * Math.Cos(v[j]) * dv[j]));

    private static readonly Gen<Vec> Three = RuleGen.Vec(3, 3);

    [Theory]
    [MemberData(nameof(RelativeErrors))]
    public void ConsistentRelativeError_ScalarSin_IsCaught(double error)
    {
        var result = RuleCheck.Check(Sin(error), RuleGen.Scalar());

        Assert.False(result.Passed, $"{error}: {result.Report}");
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PushforwardVsFiniteDifferences);
    }

    [Theory]
    [MemberData(nameof(RelativeErrors))]
    public void ConsistentRelativeError_PullbackOnly_IsCaught(double error)
    {
        var result = RuleCheck.Check(SinPullbackOnly(error), RuleGen.Scalar());

        Assert.False(result.Passed, $"{error}: {result.Report}");
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PullbackVsFiniteDifferences);
    }

    [Theory]
    [MemberData(nameof(RelativeErrors))]
    public void ConsistentRelativeError_Exp_IsCaught(double error)
    {
        var result = RuleCheck.Check(Exp(error), RuleGen.Scalar(Domain.Interval(-30, 30)));

        Assert.False(result.Passed, $"{error}: {result.Report}");
    }

    [Theory]
    [MemberData(nameof(RelativeErrors))]
    public void ConsistentRelativeError_VecTanh_IsCaught(double error)
    {
        var result = RuleCheck.Check(Tanh(error), RuleGen.Vec());

        Assert.False(result.Passed, $"{error}: {result.Report}");
    }

    [Theory]
    [MemberData(nameof(RelativeErrors))]
    public void ConsistentRelativeError_MatVecOfSin_IsCaught(double error)
    {
        var result = RuleCheck.Check(SinThenMatVec(error), Three);

        Assert.False(result.Passed, $"{error}: {result.Report}");
    }

    [Fact]
    public void ConsistentRelativeError_TheFailure_SaysTheVerdictIsConverged()
    {
        var result = RuleCheck.Check(Sin(1e-8), RuleGen.Scalar());

        var failure = Assert.Single(result.Failures, f => f.Kind == RuleCheckKind.PushforwardVsFiniteDifferences);
        Assert.Contains("converged", failure.Detail, StringComparison.Ordinal);
        Assert.InRange(failure.RelativeError, 5e-9, 2e-8);
    }

    [Fact]
    public void FloatPrecisionDerivative_Scalar_IsCaught()
    {
        var rule = Diff.Create<double, double>("sin", Math.Sin,
            (x, y, yBar) => (float)yBar * (float)Math.Cos(x), (x, y, dx) => (float)Math.Cos(x) * (float)dx);

        var result = RuleCheck.Check(rule, RuleGen.Scalar());

        Assert.False(result.Passed, result.Report);
    }

    [Fact]
    public void FloatPrecisionDerivative_Vec_IsCaught()
    {
        var rule = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) => Vec.Generate(v.Length, i => (float)yBar[i] * (float)(1 - (y[i] * y[i]))),
            (v, y, dv) => Vec.Generate(v.Length, i => (float)(1 - (y[i] * y[i])) * (float)dv[i]));

        var result = RuleCheck.Check(rule, RuleGen.Vec());

        Assert.False(result.Passed, result.Report);
    }

    [Fact]
    public void CorrectRules_PassTheConvergedVerdict()
    {
        var options = new RuleCheckOptions { Samples = 500 };

        Assert.True(RuleCheck.Check(Sin(0), RuleGen.Scalar(), options).Passed);
        Assert.True(RuleCheck.Check(SinPullbackOnly(0), RuleGen.Scalar(), options).Passed);
        Assert.True(RuleCheck.Check(Exp(0), RuleGen.Scalar(Domain.Interval(-30, 30)), options).Passed);
        Assert.True(RuleCheck.Check(Tanh(0), RuleGen.Vec(), options).Passed);
        Assert.True(RuleCheck.Check(SinThenMatVec(0), Three, options).Passed);
    }

    [Fact]
    public void LooserFiniteDifferenceTolerance_TurnsTheConvergedVerdictOff_UnlessSet()
    {
        var loose = new RuleCheckOptions { FiniteDifferenceTolerance = new Tolerance(1e-8, 1e-3) };

        Assert.Null(loose.ConvergedFiniteDifferenceTolerance);
        Assert.Equal(1e-9, RuleCheckOptions.Default.ConvergedFiniteDifferenceTolerance);
        Assert.True(RuleCheck.Check(Sin(1e-8), RuleGen.Scalar(), loose).Passed);
        Assert.False(RuleCheck.Check(Sin(1e-8), RuleGen.Scalar(), loose with { ConvergedFiniteDifferenceTolerance = 1e-9 }).Passed);
    }

    [Fact]
    public void ConvergedVerdict_Off_LetsAConsistent1e8ErrorPass()
    {
        var off = new RuleCheckOptions { ConvergedFiniteDifferenceTolerance = null };

        Assert.True(RuleCheck.Check(Sin(1e-8), RuleGen.Scalar(), off).Passed);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ConvergedTolerance_NotPositiveAndFinite_Throws(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.Check(Sin(0), RuleGen.Scalar(), new RuleCheckOptions { ConvergedFiniteDifferenceTolerance = value }));

        Assert.Contains("ConvergedFiniteDifferenceTolerance", ex.Message, StringComparison.Ordinal);
    }
}
