namespace Vjp.Properties.Tests.Numerics;

public class FiniteDifferencesTests
{
    [Fact]
    public void Jvp_Cubic_IsExactToRounding()
    {
        // The extrapolated central difference of a cubic has no truncation error at all: d/dt (x + t)³ = 3x².
        var d = FiniteDifferences.Jvp<double, double>(x => x * x * x, 1.5, 1.0);

        Assert.Equal(3 * 1.5 * 1.5, d.Value, 1e-12);
        Assert.True(d.Error < 1e-10);
    }

    [Fact]
    public void Jvp_Exp_AgreesWithTheFunctionItself()
    {
        var d = FiniteDifferences.Jvp<double, double>(Math.Exp, 2.0, 1.0);

        Assert.Equal(Math.Exp(2.0), d.Value, 1e-10);
    }

    [Fact]
    public void Jvp_LogNearZero_StaysInsideTheDomain()
    {
        var d = FiniteDifferences.Jvp<double, double>(Math.Log, 1e-3, 1.0, Domain.Positive);

        Assert.InRange(d.InitialStep, 0, 1e-3);
        Assert.Equal(1e3, d.Value, 1e-6);
    }

    [Fact]
    public void Gradient_OfAQuadraticForm_MatchesTheAdjointOfItsJvp()
    {
        // ⟨∇f, ẋ⟩ must equal the directional derivative along ẋ, whatever ẋ.
        double F(Vec v) => (v[0] * v[0]) + (3 * v[0] * v[1]) - (v[2] * v[2] * v[2]);
        var x = Vec.Of(0.5, -1, 2);
        var dx = Vec.Of(0.3, 0.7, -1.1);

        var g = FiniteDifferences.Gradient<Vec>(F, x).Value;
        var jvp = FiniteDifferences.Jvp<Vec, double>(F, x, dx).Value;

        Assert.Equal(jvp, Vec.Dot(g, dx), 1e-9);
    }

    [Fact]
    public void Jvp_MismatchedDirection_Throws()
    {
        Assert.Throws<ShapeException>(() => FiniteDifferences.Jvp<Vec, double>(v => v.Sum(), Vec.Zeros(2), Vec.Zeros(3)));
    }
}
