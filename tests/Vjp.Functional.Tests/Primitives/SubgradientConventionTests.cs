using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>The documented conventions where a derivative does not exist (ties, bounds) and the stability of hypot.</summary>
public sealed class SubgradientConventionTests
{
    [Fact]
    public void Max_AtATie_SplitsTheCotangentInHalves()
    {
        Assert.Equal((0.5, 0.5), S.Max.Vjp((2.0, 2.0), 1.0));
        Assert.Equal((0.5, 0.5), S.Min.Vjp((2.0, 2.0), 1.0));
        var x = Diff.Input<double>();
        Assert.Equal(1.0, Max(x, x).Gradient(3.0));
    }

    [Fact]
    public void VecMax_AtATie_SplitsTheCotangentInHalves()
    {
        var (aBar, bBar) = VecPrimitives.Max.Vjp((Vec.Of(1, 2), Vec.Of(1, 0)), Vec.Of(1, 1));
        Assert.Equal(Vec.Of(0.5, 1), aBar);
        Assert.Equal(Vec.Of(0.5, 0), bBar);
    }

    [Fact]
    public void MatMax_OfDifferentShapes_ThrowsShapeExceptionEvenWithEqualCounts()
    {
        var (a, b) = Diff.Input<(Mat, Mat)>();
        var e = Assert.Throws<ShapeException>(() => Max(a, b).Invoke((Mat.Zeros(2, 3), Mat.Zeros(3, 2))));
        Assert.Contains("shapes (2×3) and (3×2) differ", e.Message, StringComparison.Ordinal);
        var (aBar, bBar) = MatPrimitives.Max.Vjp((Mat.Create(1, 2, [1, 2]), Mat.Create(1, 2, [1, 0])), Mat.Create(1, 2, [1, 1]));
        Assert.Equal(Mat.Create(1, 2, [0.5, 1]), aBar);
        Assert.Equal(Mat.Create(1, 2, [0.5, 0]), bBar);
    }

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(-3.0, 0.0)]
    [InlineData(0.5, 1.0)]
    public void Clamp_AtAndOutsideTheBounds_HasSubgradientZero(double x, double expected) =>
        Assert.Equal(expected, S.Clamp(-1, 2).Gradient(x));

    [Fact]
    public void Clamp_WithLoAboveHi_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => S.Clamp(2, 1));

    [Fact]
    public void Hypot_OfLargeArguments_DoesNotOverflow()
    {
        Assert.Equal(5e300, S.Hypot.Invoke((3e300, 4e300)), 1e286);
        var (da, db) = S.Hypot.Gradient((3e300, 4e300));
        Assert.Equal(0.6, da, 15);
        Assert.Equal(0.8, db, 15);
        Assert.Equal(5e-300, S.Hypot.Invoke((3e-300, 4e-300)), 1e-314);
    }

    [Fact]
    public void NewFunctions_SecondDerivatives_MatchFiniteDifferencesOfTheFirst()
    {
        // f″ by the library against a central difference of its own f′: higher order comes from the one declaration.
        var x = Diff.Input<double>();
        Diff<double, double>[] fs = [Atan(x), Asin(x), Acos(x), Sinh(x), Cosh(x), Hypot(x, 2 * x + 1), Atan2(x, 1 - x * x)];
        foreach (var f in fs)
        {
            var d1 = Diff.Gradient(f);
            var d2 = Diff.Gradient(d1);
            const double p = 0.3, h = 1e-5;
            var fd = (d1.Invoke(p + h) - d1.Invoke(p - h)) / (2 * h);
            Assert.True(Math.Abs(fd - d2.Invoke(p)) <= 1e-6 * (1 + Math.Abs(fd)), $"{f}: f″ = {d2.Invoke(p)}, finite differences {fd}");
        }
    }
}
