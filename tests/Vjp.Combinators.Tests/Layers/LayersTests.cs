using CsCheck;
using Vjp.Functional;
using static Vjp.Combinators.Layers;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Layers;

public class LayersTests
{
    [Fact]
    public void Dense_Value_IsTheAffineMap()
    {
        var w = Mat.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        Assert.Equal(Vec.Of(1 + 4 + 0.5, 3 + 8 - 1, 5 + 12 + 2), Dense(w, Vec.Of(0.5, -1, 2)).Invoke(Vec.Of(1, 2)));
    }

    [Fact]
    public void Dense_Derivatives_MatchFiniteDifferencesAndAdjoint() =>
        Gen.Select(Checks.Like(Mat.Zeros(3, 4)), Checks.Like(Vec.Zeros(3))).ForAll((w, b) =>
            Checks.Derivatives(Dense(w, b), Vec.Zeros(4), iter: 3), iter: 10);

    [Fact]
    public void Dense_OnParameterExpressions_DerivativesInEveryParameter_MatchFiniteDifferences()
    {
        var (p, x) = Diff.Input<(Linq.Mlp, Vec)>();
        var y = Dense(p.Get(m => m.W2), p.Get(m => m.B2), Tanh(Dense(p.Get(m => m.W1), p.Get(m => m.B1), x)));
        var like = (new Linq.Mlp(Mat.Zeros(4, 3), Vec.Zeros(4), Mat.Zeros(2, 4), Vec.Zeros(2)), Vec.Zeros(3));
        Checks.Derivatives(y, like, iter: 20);
    }

    [Fact]
    public void Dense_WithBiasOfWrongLength_ThrowsShapeExceptionAtComposition()
    {
        var e = Assert.Throws<ShapeException>(() => Dense(Mat.Zeros(3, 2), Vec.Zeros(4)));
        Assert.Contains("bias Vec[4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("Mat[3×2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dense_WithInputOfWrongLength_ThrowsShapeExceptionNamingThePath()
    {
        var e = Assert.Throws<ShapeException>(() => Dense(Mat.Zeros(3, 2), Vec.Zeros(3)).Invoke(Vec.Zeros(5)));
        Assert.Contains("dense[3×2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activations_Derivatives_MatchFiniteDifferencesAndAdjoint()
    {
        // Points away from the kinks at 0.
        var points = Checks.Like(Vec.Zeros(5), 0.05, 2).Select(Gen.Bool.Array[5], (v, s) => Vec.Generate(5, i => s[i] ? v[i] : -v[i]));
        Checks.Derivatives(LeakyRelu(0.1), points);
        Checks.Derivatives(Elu(), points);
        Checks.Derivatives(Silu(), points);
        Checks.Derivatives(Gelu(), points);
    }

    [Fact]
    public void Activations_Values_MatchTheirDefinitions()
    {
        var x = Vec.Of(-2, -0.5, 0.5, 2);
        Assert.Equal(x.Map(v => v > 0 ? v : 0.1 * v), LeakyRelu(0.1).Invoke(x));
        Checks.Close(x.Map(v => v > 0 ? v : Math.Exp(v) - 1), Elu().Invoke(x), 1e-15);
        Checks.Close(x.Map(v => v / (1 + Math.Exp(-v))), Silu().Invoke(x), 1e-15);
        Checks.Close(x.Map(v => v * 0.5 * (1 + SpecialFunctionsErf(v / Math.Sqrt(2)))), Gelu().Invoke(x), 1e-12);
    }

    private static double SpecialFunctionsErf(double v) => ScalarPrimitives.Erf.Invoke(v);

    [Fact]
    public void Softmax_Derivatives_MatchFiniteDifferencesAndAdjoint() => Checks.Derivatives(Softmax(), Vec.Zeros(5), lo: -3, hi: 3);

    [Fact]
    public void Softmax_OfHugeLogits_IsFiniteAndSumsToOne()
    {
        var y = Softmax().Invoke(Vec.Of(1000, 999, -1000));
        Assert.Equal(1.0, y.Sum(), 14);
        Assert.Equal(1 / (1 + Math.Exp(-1)), y[0], 14);
        Assert.All(y.Concat(Softmax().Vjp(Vec.Of(1000, 999, -1000), Vec.Of(1, 2, 3))), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void LogSumExp_Derivatives_MatchFiniteDifferencesAndAdjoint() => Checks.Derivatives(LogSumExp(), Vec.Zeros(5), lo: -3, hi: 3);

    [Fact]
    public void LogSumExp_OfHugeInputs_IsExact()
    {
        Assert.Equal(1000 + Math.Log(1 + Math.Exp(-1)), LogSumExp().Invoke(Vec.Of(1000, 999)), 12);
        Assert.Equal(-1000 + Math.Log(2), LogSumExp().Invoke(Vec.Of(-1000, -1000)), 12);
        Assert.Equal(Math.Log(Math.Exp(0.3) + Math.Exp(-1.2) + Math.Exp(2)), LogSumExp().Invoke(Vec.Of(0.3, -1.2, 2)), 14);
    }

    [Fact]
    public void LogSumExp_Gradient_IsTheSoftmax() =>
        Checks.Like(Vec.Zeros(4), -5, 5).ForAll(x => Checks.Close(Softmax().Invoke(x), LogSumExp().Gradient(x), 1e-15));

    [Fact]
    public void SoftmaxAndLogSumExp_OfEmptyVector_ThrowShapeException()
    {
        Assert.Throws<ShapeException>(() => Softmax().Invoke(Vec.Zeros(0)));
        Assert.Throws<ShapeException>(() => LogSumExp().Invoke(Vec.Zeros(0)));
    }
}
