using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Dsl;

/// <summary>
/// Every operator and product with a constant on either side compiles and gives the value and gradient of its
/// all-expression form, where the constant is an expression <c>p.Const(c)</c>.
/// </summary>
public sealed class ConstantOperatorTests
{
    private static readonly Vec C = Vec.Of(0.7, -1.3, 2.1);
    private static readonly Mat K = Mat.Create(3, 3, [1.5, -0.2, 0.3, 0.4, 2.5, -0.6, 0.7, 0.8, 1.9]);
    private static readonly (Vec, Mat) Point = (Vec.Of(0.4, 1.1, -0.8), Mat.Create(3, 3, [0.9, 0.1, -0.3, 0.2, 1.2, 0.5, -0.4, 0.6, 1.4]));

    private static readonly Vec W = Vec.Of(0.3, -0.5, 1.7);

    private static void Same(Diff<(Vec, Mat), Vec> withConstant, Diff<(Vec, Mat), Vec> allDiff, string what) =>
        Same(Dot(withConstant, W), Dot(allDiff, W), what);

    private static void Same(Diff<(Vec, Mat), Mat> withConstant, Diff<(Vec, Mat), Mat> allDiff, string what) =>
        Same(Sum(Hadamard(withConstant, allDiff.Const(Weights))), Sum(Hadamard(allDiff, allDiff.Const(Weights))), what);

    private static readonly Mat Weights = Mat.Create(3, 3, [0.2, -0.7, 1.1, 0.5, 0.3, -0.9, 1.3, -0.4, 0.6]);

    private static void Same(Diff<(Vec, Mat), double> withConstant, Diff<(Vec, Mat), double> allDiff, string what)
    {
        Assert.True(withConstant.Invoke(Point) == allDiff.Invoke(Point), $"{what}: value {withConstant.Invoke(Point)} ≠ {allDiff.Invoke(Point)}");
        var (gv, gm) = withConstant.Gradient(Point);
        var (ev, em) = allDiff.Gradient(Point);
        Assert.True(ev.Equals(gv), $"{what}: ∂/∂v {gv} ≠ {ev}");
        Assert.True(em.Equals(gm), $"{what}: ∂/∂M {gm} ≠ {em}");
        var dx = (Vec.Of(0.1, -0.2, 0.3), Mat.Create(3, 3, [0.5, -0.1, 0.2, 0.3, 0.1, -0.4, 0.2, 0.6, -0.3]));
        Assert.True(withConstant.Jvp(Point, dx) == allDiff.Jvp(Point, dx), $"{what}: pushforward differs");
    }

    [Fact]
    public void VecOperators_WithAConstantOnEitherSide_MatchTheAllDiffForms()
    {
        var (v, m) = Diff.Input<(Vec, Mat)>();
        var c = v.Const(C);
        Same(v * C, v * c, "e * c");
        Same(C * v, c * v, "c * e");
        Same(v + C, v + c, "e + c");
        Same(C + v, c + v, "c + e");
        Same(v - C, v - c, "e − c");
        Same(C - v, c - v, "c − e");
        Same(v / C, v / c, "e / c");
        Same(C / v, c / v, "c / e");
        Same(Dot(v, C), Dot(v, c), "Dot(e, c)");
        Same(Dot(C, v), Dot(c, v), "Dot(c, e)");
    }

    [Fact]
    public void MatOperators_WithAConstantOnEitherSide_MatchTheAllDiffForms()
    {
        var (v, m) = Diff.Input<(Vec, Mat)>();
        var c = v.Const(C);
        var k = m.Const(K);
        Same(K * v, k * v, "A * e (matvec)");
        Same(m * C, m * c, "E * x (matvec)");
        Same(MatVec(K, v), MatVec(k, v), "MatVec(A, e)");
        Same(MatVec(m, C), MatVec(m, c), "MatVec(E, x)");
        Same(K * m, k * m, "A * E");
        Same(m * K, m * k, "E * B");
        Same(K + m, k + m, "A + E");
        Same(m + K, m + k, "E + A");
        Same(K - m, k - m, "A − E");
        Same(m - K, m - k, "E − A");
        Same(m / K, m / k, "E / A");
        Same(K / m, k / m, "A / E");
    }

    [Fact]
    public void ScalarOperators_WithAConstantOnEitherSide_MatchTheAllDiffForms()
    {
        var (v, m) = Diff.Input<(Vec, Mat)>();
        var s = v[1];
        var c = s.Const(1.7);
        Same(s * 1.7, s * c, "e * c");
        Same(1.7 * s, c * s, "c * e");
        Same(s + 1.7, s + c, "e + c");
        Same(1.7 + s, c + s, "c + e");
        Same(s - 1.7, s - c, "e − c");
        Same(1.7 - s, c - s, "c − e");
        Same(s / 1.7, s / c, "e / c");
        Same(1.7 / s, c / s, "c / e");
        Same(s * C, s * v.Const(C), "s * v");
        Same(C * s, s * v.Const(C), "v * s");
        Same(s * K, s * m.Const(K), "s * A");
        Same(K * s, m.Const(K) * s, "A * s");
    }

    [Fact]
    public void Readme_ConstantsSnippet_MatchesItsAllDiffForm()
    {
        // snippet: constants
        var v = Diff.Input<Vec>();
        Vec c = [1, 2, 3];
        var a = Mat.Identity(3);
        var f = Sum(c * v + a * v - c / Exp(v)) + Dot(c, v);      // constants on either side of every operator
        var k = v.Const(c);                                        // Diff<Vec, Vec>: the input type comes from v
        var same = Sum(k * v + v.Const(a) * v - k / Exp(v)) + Dot(k, v);
        var g = Atan2(v[0], v[1]) + Hypot(v[0], v[2]) + Max(v[1], v[2]) + Clamp(v[0], -1, 1) + Sum(Sinh(v));
        // end snippet

        var p = Vec.Of(0.3, -0.7, 1.2);
        Assert.Equal(same.Invoke(p), f.Invoke(p));
        Assert.Equal(same.Gradient(p), f.Gradient(p));
        Assert.True(g.Gradient(p).All(double.IsFinite));
    }

    [Fact]
    public void Const_OnAnExpression_TakesItsInputType()
    {
        var p = Diff.Input<(double, Vec)>();
        Diff<(double, Vec), Vec> c = p.Const(Vec.Of(1, 2));
        Assert.Equal(Vec.Of(1, 2), c.Invoke((0.0, Vec.Of(5))));
        Assert.Throws<ArgumentNullException>("value", () => p.Const<(double, Vec), (double, Vec), Vec>(null!));
    }

    [Fact]
    public void ConstantOperands_Null_ThrowArgumentNullExceptionNamingTheOperand()
    {
        var v = Diff.Input<Vec>();
        Assert.Throws<ArgumentNullException>("a", () => (Vec)null! + v);
        Assert.Throws<ArgumentNullException>("b", () => v * (Vec)null!);
        Assert.Throws<ArgumentNullException>("a", () => (Mat)null! * v);
        Assert.Throws<ArgumentNullException>("a", () => MatVec((Mat)null!, v));
    }
}
