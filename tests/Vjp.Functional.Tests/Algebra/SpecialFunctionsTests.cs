using Xunit.Abstractions;

namespace Vjp.Functional.Tests.Algebra;

public sealed class SpecialFunctionsTests(ITestOutputHelper output)
{
    // Smallest positive normal double; below it results are subnormal and only absolute accuracy is meaningful.
    private const double MinNormal = 2.2250738585072014e-308;

    // 2/√π to 29 significant digits (mpmath: 2/sqrt(pi) = 1.128379167095512573896158903121545…).
    private const decimal TwoOverSqrtPiDecimal = 1.1283791670955125738961589031m;

    private const double TwoOverSqrtPi = 1.1283791670955126;

    // (x, erf(x), erfc(x)) from glibc's erf/erfc via CPython (Python 3.11.7), produced with
    //   python3 -c "import math; [print(f'({x!r}, {math.erf(x)!r}, {math.erfc(x)!r}),') for x in [-6.0, -5.0, -4.5, -4.0001, -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.25, -1.0, -0.75, -0.5001, -0.5, -0.4999, -0.46875, -0.25, -0.1, -1e-05, -1e-10, 0.0, 1e-10, 1e-05, 0.1, 0.25, 0.46875, 0.4999, 0.5, 0.5001, 0.6, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 2.854879922830307, 3.0, 3.5, 3.9999, 4.0, 4.0001, 4.5, 5.0, 5.5, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 25.0, 26.0, 26.5, 27.0]]"
    // repr() prints the shortest string that round-trips, so each literal is the exact glibc double.
    // erfc(27) is subnormal; 2.854879922830307 is where the implementation's error peaked in an
    // 85 000-point sweep against 50-digit mpmath.
    private static readonly (double X, double Erf, double Erfc)[] GlibcTable =
    [
        (-6.0, -1.0, 2.0),
        (-5.0, -0.9999999999984626, 1.9999999999984626),
        (-4.5, -0.9999999998033839, 1.999999999803384),
        (-4.0001, -0.9999999845954353, 1.9999999845954353),
        (-4.0, -0.9999999845827421, 1.999999984582742),
        (-3.5, -0.9999992569016276, 1.9999992569016276),
        (-3.0, -0.9999779095030014, 1.9999779095030015),
        (-2.5, -0.999593047982555, 1.999593047982555),
        (-2.0, -0.9953222650189527, 1.9953222650189528),
        (-1.5, -0.9661051464753108, 1.9661051464753108),
        (-1.25, -0.9229001282564582, 1.9229001282564582),
        (-1.0, -0.8427007929497149, 1.842700792949715),
        (-0.75, -0.7111556336535151, 1.7111556336535152),
        (-0.5001, -0.5205877516768808, 1.5205877516768807),
        (-0.5, -0.5204998778130465, 1.5204998778130465),
        (-0.4999, -0.5204119951613866, 1.5204119951613866),
        (-0.46875, -0.49261347321793797, 1.492613473217938),
        (-0.25, -0.2763263901682369, 1.276326390168237),
        (-0.1, -0.1124629160182849, 1.1124629160182848),
        (-1e-05, -1.1283791670579e-05, 1.0000112837916706),
        (-1e-10, -1.1283791670955126e-10, 1.000000000112838),
        (0.0, 0.0, 1.0),
        (1e-10, 1.1283791670955126e-10, 0.999999999887162),
        (1e-05, 1.1283791670579e-05, 0.9999887162083294),
        (0.1, 0.1124629160182849, 0.8875370839817152),
        (0.25, 0.2763263901682369, 0.7236736098317631),
        (0.46875, 0.49261347321793797, 0.507386526782062),
        (0.4999, 0.5204119951613866, 0.4795880048386134),
        (0.5, 0.5204998778130465, 0.4795001221869535),
        (0.5001, 0.5205877516768808, 0.4794122483231193),
        (0.6, 0.6038560908479259, 0.3961439091520741),
        (0.75, 0.7111556336535151, 0.28884436634648486),
        (1.0, 0.8427007929497149, 0.15729920705028513),
        (1.25, 0.9229001282564582, 0.07709987174354177),
        (1.5, 0.9661051464753108, 0.033894853524689274),
        (1.75, 0.9866716712191824, 0.013328328780817555),
        (2.0, 0.9953222650189527, 0.004677734981047265),
        (2.5, 0.999593047982555, 0.0004069520174449589),
        (2.854879922830307, 0.9999459554103283, 5.404458967171811e-05),
        (3.0, 0.9999779095030014, 2.2090496998585438e-05),
        (3.5, 0.9999992569016276, 7.430983723414128e-07),
        (3.9999, 0.9999999845700388, 1.5429961215558176e-08),
        (4.0, 0.9999999845827421, 1.541725790028002e-08),
        (4.0001, 0.9999999845954353, 1.5404564743590145e-08),
        (4.5, 0.9999999998033839, 1.9661604415428873e-10),
        (5.0, 0.9999999999984626, 1.5374597944280351e-12),
        (5.5, 0.9999999999999927, 7.357847917974398e-15),
        (6.0, 1.0, 2.1519736712498916e-17),
        (7.0, 1.0, 4.183825607779414e-23),
        (8.0, 1.0, 1.1224297172982928e-29),
        (9.0, 1.0, 4.13703174651381e-37),
        (10.0, 1.0, 2.088487583762545e-45),
        (12.0, 1.0, 1.3562611692059042e-64),
        (14.0, 1.0, 3.037229847750312e-87),
        (16.0, 1.0, 2.3284857515715308e-113),
        (18.0, 1.0, 6.082369231816399e-143),
        (20.0, 1.0, 5.3958656116079005e-176),
        (22.0, 1.0, 1.6219058609334724e-212),
        (24.0, 1.0, 1.6489825831519335e-252),
        (25.0, 1.0, 8.300172571196522e-274),
        (26.0, 1.0, 5.663192408856143e-296),
        (26.5, 1.0, 2.2109076642637343e-307),
        (27.0, 1.0, 5.23705e-319),
    ];

    // (x, Φ(x) from 50-digit mpmath.ncdf, 0.5*math.erfc(-x/math.sqrt(2)) from glibc), produced with
    //   python3 -c "import math, mpmath; mpmath.mp.dps = 50; [print(f'({x!r}, {float(mpmath.ncdf(x))!r}, {0.5 * math.erfc(-x / math.sqrt(2))!r}),') for x in [-38.0, -37.5, -37.0, -36.0, -35.0, -30.0, -25.0, -20.0, -15.0, -12.0, -10.0, -8.0, -6.0, -5.0, -4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.7072, -0.7071, -0.5, -0.25, -1e-10, 0.0, 1e-10, 0.25, 0.5, 0.7071, 0.7072, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.5, 9.0, 10.0]]"
    // The glibc column rounds −x/√2 before calling erfc, which costs up to about x²·2⁻⁵² relative
    // in the left tail (≈ 1e-13 at x = −37), so the mpmath column is the tight reference.
    // Φ(−38) is subnormal; ±0.7071/±0.7072 straddle |x|/√2 = 0.5, the first interval boundary.
    private static readonly (double X, double Cdf, double GlibcFormula)[] NormalCdfTable =
    [
        (-38.0, 2.88542835e-316, 2.88542835e-316),
        (-37.5, 4.605353009581955e-308, 4.605353009582584e-308),
        (-37.0, 5.725571222524577e-300, 5.725571222525139e-300),
        (-36.0, 4.182624065797283e-284, 4.1826240657973864e-284),
        (-35.0, 1.1249107064724062e-268, 1.1249107064725534e-268),
        (-30.0, 4.906713927148187e-198, 4.906713927148764e-198),
        (-25.0, 3.056696706382561e-138, 3.056696706382874e-138),
        (-20.0, 2.7536241186062337e-89, 2.7536241186063314e-89),
        (-15.0, 3.670966199312751e-51, 3.6709661993128594e-51),
        (-12.0, 1.776482112077679e-33, 1.776482112077702e-33),
        (-10.0, 7.619853024160525e-24, 7.619853024160593e-24),
        (-8.0, 6.220960574271784e-16, 6.220960574271819e-16),
        (-6.0, 9.86587645037698e-10, 9.865876450377012e-10),
        (-5.0, 2.866515718791939e-07, 2.866515718791946e-07),
        (-4.0, 3.1671241833119924e-05, 3.1671241833119965e-05),
        (-3.0, 0.0013498980316300946, 0.0013498980316300957),
        (-2.5, 0.006209665325776135, 0.006209665325776139),
        (-2.0, 0.02275013194817921, 0.02275013194817922),
        (-1.5, 0.06680720126885807, 0.06680720126885809),
        (-1.0, 0.15865525393145705, 0.15865525393145707),
        (-0.7072, 0.2397210992833454, 0.23972109928334542),
        (-0.7071, 0.23975216798986362, 0.23975216798986365),
        (-0.5, 0.3085375387259869, 0.3085375387259869),
        (-0.25, 0.4012936743170763, 0.4012936743170763),
        (-1e-10, 0.49999999996010575, 0.49999999996010575),
        (0.0, 0.5, 0.5),
        (1e-10, 0.5000000000398942, 0.5000000000398942),
        (0.25, 0.5987063256829237, 0.5987063256829237),
        (0.5, 0.6914624612740131, 0.6914624612740131),
        (0.7071, 0.7602478320101363, 0.7602478320101363),
        (0.7072, 0.7602789007166546, 0.7602789007166546),
        (1.0, 0.8413447460685429, 0.8413447460685429),
        (1.5, 0.9331927987311419, 0.9331927987311419),
        (2.0, 0.9772498680518208, 0.9772498680518208),
        (2.5, 0.9937903346742238, 0.9937903346742238),
        (3.0, 0.9986501019683699, 0.9986501019683699),
        (4.0, 0.9999683287581669, 0.9999683287581669),
        (5.0, 0.9999997133484281, 0.9999997133484281),
        (6.0, 0.9999999990134123, 0.9999999990134123),
        (7.0, 0.9999999999987201, 0.9999999999987201),
        (8.0, 0.9999999999999993, 0.9999999999999993),
        (8.5, 1.0, 1.0),
        (9.0, 1.0, 1.0),
        (10.0, 1.0, 1.0),
    ];

    // (x, φ(x)) from 50-digit mpmath, produced with
    //   python3 -c "import mpmath; mpmath.mp.dps = 50; [print(f'({x!r}, {float(mpmath.npdf(x))!r}),') for x in [-38.0, -37.0, -30.0, -20.0, -10.0, -5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 10.0, 20.0, 30.0, 37.0, 38.0]]"
    private static readonly (double X, double Pdf)[] NormalPdfTable =
    [
        (-38.0, 1.097221052e-314),
        (-37.0, 2.1200065515246056e-298),
        (-30.0, 1.4736461348785476e-196),
        (-20.0, 5.520948362159764e-88),
        (-10.0, 7.694598626706419e-23),
        (-5.0, 1.4867195147342977e-06),
        (-2.0, 0.05399096651318805),
        (-1.0, 0.24197072451914334),
        (-0.5, 0.35206532676429947),
        (0.0, 0.3989422804014327),
        (0.5, 0.35206532676429947),
        (1.0, 0.24197072451914334),
        (1.5, 0.12951759566589172),
        (2.0, 0.05399096651318805),
        (3.0, 0.0044318484119380075),
        (5.0, 1.4867195147342977e-06),
        (8.0, 5.052271083536892e-15),
        (10.0, 7.694598626706419e-23),
        (20.0, 5.520948362159764e-88),
        (30.0, 1.4736461348785476e-196),
        (37.0, 2.1200065515246056e-298),
        (38.0, 1.097221052e-314),
    ];

    [Fact]
    public void Erf_GlibcReferenceTable_RelativeErrorBelowTwoTimesTenToMinus15()
    {
        var (worst, at) = MaxRelativeError(GlibcTable.Select(r => (r.X, SpecialFunctions.Erf(r.X), r.Erf)), 1e-300);
        output.WriteLine($"Erf: max relative error {worst:E3} at x = {at:R} over {GlibcTable.Length} points");
        Assert.True(worst <= 2e-15, $"max relative error {worst:E3} at x = {at:R}");
        Assert.Equal(0.0, SpecialFunctions.Erf(0.0));
    }

    [Fact]
    public void Erfc_GlibcReferenceTable_RelativeErrorBelowFiveTimesTenToMinus15()
    {
        var (worst, at) = MaxRelativeError(GlibcTable.Select(r => (r.X, SpecialFunctions.Erfc(r.X), r.Erfc)), MinNormal);
        output.WriteLine($"Erfc: max relative error {worst:E3} at x = {at:R} over {GlibcTable.Length} points");
        Assert.True(worst <= 5e-15, $"max relative error {worst:E3} at x = {at:R}");

        // Subnormal results (here erfc(27) ≈ 5.237e-319) carry only absolute accuracy.
        foreach (var (x, _, erfc) in GlibcTable.Where(r => r.Erfc < MinNormal))
        {
            Assert.True(Math.Abs(SpecialFunctions.Erfc(x) - erfc) <= 1e-321, $"x = {x:R}");
        }
    }

    [Fact]
    public void Erfc_FarRightTail_KeepsFullRelativeAccuracy()
    {
        AssertRelative(2.088487583762545e-45, SpecialFunctions.Erfc(10.0), 5e-15);
        AssertRelative(5.663192408856143e-296, SpecialFunctions.Erfc(26.0), 5e-15);
        Assert.True(SpecialFunctions.Erfc(27.0) is > 0 and < 1e-318);
    }

    [Theory]
    [InlineData(27.5)]
    [InlineData(28.0)]
    [InlineData(30.0)]
    [InlineData(1e10)]
    [InlineData(double.MaxValue)]
    public void Erfc_BeyondUnderflow_ReturnsZeroAndErfReturnsOne(double x)
    {
        Assert.Equal(0.0, SpecialFunctions.Erfc(x));
        Assert.Equal(2.0, SpecialFunctions.Erfc(-x));
        Assert.Equal(1.0, SpecialFunctions.Erf(x));
        Assert.Equal(-1.0, SpecialFunctions.Erf(-x));
    }

    [Fact]
    public void NormalCdf_MpmathReferenceTable_RelativeErrorBelowTwoTimesTenToMinus15()
    {
        var (worst, at) = MaxRelativeError(NormalCdfTable.Select(r => (r.X, SpecialFunctions.NormalCdf(r.X), r.Cdf)), MinNormal);
        output.WriteLine($"NormalCdf: max relative error {worst:E3} at x = {at:R} over {NormalCdfTable.Length} points (mpmath)");
        Assert.True(worst <= 2e-15, $"max relative error {worst:E3} at x = {at:R}");

        foreach (var (x, cdf, _) in NormalCdfTable.Where(r => r.Cdf < MinNormal))
        {
            Assert.True(Math.Abs(SpecialFunctions.NormalCdf(x) - cdf) <= 1e-321, $"x = {x:R}");
        }
    }

    [Fact]
    public void NormalCdf_GlibcErfcFormulaTable_AgreesUpToArgumentRounding()
    {
        // 0.5*math.erfc(-x/math.sqrt(2)) evaluates erfc at u = fl(−x/√2), whose relative error is at most
        // about 2·2⁻⁵³ (rounded √2, rounded quotient); since d ln erfc(u)/du ≈ −2u, that becomes a relative
        // error of at most 2u²·2·2⁻⁵³ = x²·2.2e-16 in the reference, on top of glibc's own ~1 ulp.
        var worst = 0.0;
        foreach (var (x, _, glibc) in NormalCdfTable.Where(r => r.GlibcFormula >= MinNormal))
        {
            var error = RelativeError(SpecialFunctions.NormalCdf(x), glibc);
            worst = Math.Max(worst, error);
            Assert.True(error <= 4e-15 + (2.5e-16 * x * x), $"x = {x:R}: relative error {error:E3}");
        }

        output.WriteLine($"NormalCdf: max relative difference {worst:E3} from 0.5*math.erfc(-x/math.sqrt(2))");
    }

    [Fact]
    public void NormalCdf_FarLeftTail_IsNotFlushedToZeroEarly()
    {
        AssertRelative(5.725571222524577e-300, SpecialFunctions.NormalCdf(-37.0), 2e-15);
        Assert.True(SpecialFunctions.NormalCdf(-38.0) > 0);
        Assert.Equal(0.0, SpecialFunctions.NormalCdf(-40.0));
        Assert.Equal(1.0, SpecialFunctions.NormalCdf(40.0));
    }

    [Fact]
    public void NormalPdf_MpmathReferenceTable_RelativeErrorBelowTwoTimesTenToMinus15()
    {
        var (worst, at) = MaxRelativeError(NormalPdfTable.Select(r => (r.X, SpecialFunctions.NormalPdf(r.X), r.Pdf)), MinNormal);
        output.WriteLine($"NormalPdf: max relative error {worst:E3} at x = {at:R} over {NormalPdfTable.Length} points (mpmath)");
        Assert.True(worst <= 2e-15, $"max relative error {worst:E3} at x = {at:R}");
        Assert.Equal(0.3989422804014327, SpecialFunctions.NormalPdf(0.0));
    }

    [Fact]
    public void Erf_MaclaurinSeriesInDecimal_AgreesOnUnitInterval()
    {
        // erf(x) = (2/√π) Σₙ (−1)ⁿ x^(2n+1) / (n!·(2n+1)), summed in 28-digit decimal at x = k/64, which is
        // exact in both decimal and double. For |x| ≤ 1 the terms shrink monotonically, so the sum is
        // accurate to ~1e-27 relative.
        var worst = 0.0;
        for (var k = -64; k <= 64; k++)
        {
            var x = k / 64m;
            var term = x; // x^(2n+1)/n!
            var sum = 0m;
            for (var n = 0; Math.Abs(term) > 1e-28m; n++)
            {
                var contribution = term / ((2 * n) + 1);
                sum += n % 2 == 0 ? contribution : -contribution;
                term = term * x * x / (n + 1);
            }

            var expected = (double)(sum * TwoOverSqrtPiDecimal);
            var actual = SpecialFunctions.Erf((double)x);
            if (k == 0)
            {
                Assert.Equal(0.0, actual);
                continue;
            }

            var error = RelativeError(actual, expected);
            worst = Math.Max(worst, error);
            Assert.True(error <= 2e-15, $"x = {x}: erf {actual:R}, series {expected:R}, relative error {error:E3}");
        }

        output.WriteLine($"Erf: max relative error {worst:E3} against the decimal Maclaurin series on [−1, 1]");
    }

    [Fact]
    public void Erf_NegatedArgument_IsExactlyOdd()
    {
        foreach (var x in Grid(-30.0, 30.0, 1.0 / 64))
        {
            Assert.Equal(-SpecialFunctions.Erf(x), SpecialFunctions.Erf(-x));
        }

        Assert.True(double.IsNegative(SpecialFunctions.Erf(-0.0)));
    }

    [Fact]
    public void Erfc_NegatedArgument_EqualsTwoMinusErfc()
    {
        foreach (var x in Grid(0.0, 30.0, 1.0 / 64))
        {
            Assert.True(Math.Abs(SpecialFunctions.Erfc(-x) - (2.0 - SpecialFunctions.Erfc(x))) <= 5e-16, $"x = {x:R}");
        }
    }

    [Fact]
    public void ErfPlusErfc_AcrossRange_EqualsOne()
    {
        foreach (var x in Grid(-8.0, 30.0, 1.0 / 64).Concat([1e-300, -1e-300, 0.4999999999999999, 0.5000000000000001]))
        {
            var sum = SpecialFunctions.Erf(x) + SpecialFunctions.Erfc(x);
            Assert.True(Math.Abs(sum - 1.0) <= 5e-16, $"x = {x:R}: erf + erfc = {sum:R}");
        }
    }

    [Fact]
    public void NormalCdf_ReflectedArgument_SumsToOne()
    {
        foreach (var x in Grid(0.0, 40.0, 1.0 / 64))
        {
            var sum = SpecialFunctions.NormalCdf(x) + SpecialFunctions.NormalCdf(-x);
            Assert.True(Math.Abs(sum - 1.0) <= 5e-16, $"x = {x:R}: Φ(x) + Φ(−x) = {sum:R}");
        }
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-2.0)]
    [InlineData(-1.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    [InlineData(4.5)]
    public void Erf_CentralDifference_MatchesGaussianDerivative(double x)
    {
        const double h = 1e-5;
        var difference = (SpecialFunctions.Erf(x + h) - SpecialFunctions.Erf(x - h)) / (2 * h);
        var derivative = TwoOverSqrtPi * Math.Exp(-x * x);
        Assert.True(Math.Abs(difference - derivative) <= 1e-8, $"x = {x:R}: difference {difference:R}, derivative {derivative:R}");
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(5.0)]
    [InlineData(8.0)]
    [InlineData(12.0)]
    [InlineData(20.0)]
    [InlineData(26.0)]
    public void Erfc_CentralDifferenceInRightTail_MatchesGaussianDerivativeRelatively(double x)
    {
        // Relative truncation error ≈ h²·4x²/6 ≤ 5e-10 for x ≤ 26, so a 1e-8 relative bound checks that
        // the 16ths splitting of e^(−x²) is smooth even where erfc is ~1e-296.
        const double h = 1e-6;
        var difference = (SpecialFunctions.Erfc(x - h) - SpecialFunctions.Erfc(x + h)) / (2 * h);
        var derivative = TwoOverSqrtPi * Math.Exp(-x * x);
        AssertRelative(derivative, difference, 1e-8);
    }

    [Theory]
    [InlineData(-37.0)]
    [InlineData(-30.0)]
    [InlineData(-20.0)]
    [InlineData(-10.0)]
    [InlineData(-3.0)]
    [InlineData(-0.7)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void NormalCdf_CentralDifference_MatchesNormalPdf(double x)
    {
        // φ''/φ = x² − 1, so the relative truncation error is ≈ h²(x² − 1)/6 < 1e-9.
        const double h = 1e-6;
        var difference = (SpecialFunctions.NormalCdf(x + h) - SpecialFunctions.NormalCdf(x - h)) / (2 * h);
        AssertRelative(SpecialFunctions.NormalPdf(x), difference, 1e-8);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0)]
    [InlineData(-0.5)]
    [InlineData(-4.0)]
    public void ErfAndErfc_AcrossIntervalBoundary_AreContinuous(double boundary)
    {
        // One ulp either side of a switch between Cody's approximations, each function must move by its
        // derivative times the step, to within a few ulps of the result.
        var slope = TwoOverSqrtPi * Math.Exp(-boundary * boundary);
        foreach (var (f, derivative) in new (Func<double, double>, double)[] { (SpecialFunctions.Erf, slope), (SpecialFunctions.Erfc, -slope) })
        {
            var at = f(boundary);
            var ulp = Math.BitIncrement(Math.Abs(at)) - Math.Abs(at);
            foreach (var x in new[] { Math.BitDecrement(boundary), Math.BitIncrement(boundary) })
            {
                var predicted = at + (derivative * (x - boundary));
                Assert.True(Math.Abs(f(x) - predicted) <= 3 * ulp, $"x = {x:R}: {f(x):R} vs {predicted:R}");
            }
        }
    }

    [Fact]
    public void NormalCdf_AcrossFirstIntervalBoundary_IsContinuous()
    {
        // The first interval ends where |x|/√2 = 0.5, i.e. |x| ≈ 0.7071067811865476.
        foreach (var boundary in new[] { 0.7071067811865476, -0.7071067811865476 })
        {
            var values = new[] { Math.BitDecrement(Math.BitDecrement(boundary)), Math.BitDecrement(boundary), boundary, Math.BitIncrement(boundary), Math.BitIncrement(Math.BitIncrement(boundary)) }
                .Select(SpecialFunctions.NormalCdf)
                .ToArray();
            Assert.True(values.Max() - values.Min() <= 4e-16, $"x ≈ {boundary:R}");
        }
    }

    [Fact]
    public void Erf_OnFineGrid_IsNondecreasing()
    {
        var previous = double.NegativeInfinity;
        foreach (var x in Grid(-7.0, 7.0, 1.0 / 1024))
        {
            var value = SpecialFunctions.Erf(x);
            Assert.True(value >= previous, $"x = {x:R}");
            previous = value;
        }
    }

    [Fact]
    public void SpecialFunctions_Infinities_ReturnLimits()
    {
        Assert.Equal(1.0, SpecialFunctions.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, SpecialFunctions.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, SpecialFunctions.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, SpecialFunctions.Erfc(double.NegativeInfinity));
        Assert.Equal(1.0, SpecialFunctions.NormalCdf(double.PositiveInfinity));
        Assert.Equal(0.0, SpecialFunctions.NormalCdf(double.NegativeInfinity));
        Assert.Equal(0.0, SpecialFunctions.NormalPdf(double.PositiveInfinity));
        Assert.Equal(0.0, SpecialFunctions.NormalPdf(double.NegativeInfinity));
    }

    [Fact]
    public void SpecialFunctions_NaN_ReturnsNaN()
    {
        Assert.True(double.IsNaN(SpecialFunctions.Erf(double.NaN)));
        Assert.True(double.IsNaN(SpecialFunctions.Erfc(double.NaN)));
        Assert.True(double.IsNaN(SpecialFunctions.NormalCdf(double.NaN)));
        Assert.True(double.IsNaN(SpecialFunctions.NormalPdf(double.NaN)));
    }

    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        var count = (int)Math.Round((to - from) / step);
        for (var i = 0; i <= count; i++)
        {
            yield return from + (i * step);
        }
    }

    private static double RelativeError(double actual, double expected) =>
        actual == expected ? 0.0 : Math.Abs(actual - expected) / Math.Abs(expected);

    // Largest relative error over rows whose reference magnitude exceeds floor; rows below it must match exactly or are checked separately.
    private static (double Worst, double At) MaxRelativeError(IEnumerable<(double X, double Actual, double Expected)> rows, double floor)
    {
        var worst = 0.0;
        var at = double.NaN;
        foreach (var (x, actual, expected) in rows)
        {
            if (Math.Abs(expected) <= floor)
            {
                continue;
            }

            var error = RelativeError(actual, expected);
            if (error >= worst)
            {
                worst = error;
                at = x;
            }
        }

        return (worst, at);
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
    {
        var error = RelativeError(actual, expected);
        Assert.True(error <= tolerance, $"expected {expected:R}, actual {actual:R}, relative error {error:E3} > {tolerance:E1}");
    }
}
