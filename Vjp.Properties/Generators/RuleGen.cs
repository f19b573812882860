using CsCheck;
using Vjp.Properties.Generators;

namespace Vjp.Properties;

/// <summary>
/// CsCheck generators for every differentiable type, through its vector-space flat view: points in a
/// <see cref="Domain"/> (all reals, positive, an interval; kinks avoided), points of unit norm, and tangents
/// and cotangents, each shaped like a given value or like the values of a generator of shapes.
/// </summary>
/// <remarks>
/// <para>
/// A domain applies to every coordinate (as a primitive's domain applies elementwise to a <see cref="Functional.Vec"/> or
/// <see cref="Functional.Mat"/>). Scalars are drawn over many scales and at the places rules go wrong: for all reals,
/// magnitudes log-uniform over [10⁻³, 10³] of either sign; for a half-line (a, ∞), a + d with d log-uniform over
/// max(1, |a|)·[10⁻³, 10³]; for an interval, uniformly; a fifth are round numbers (0, ±¼, ±½, ±1, ±1.5, ±2, ±3, ±10,
/// ±100, ±1000), which shrinking prefers, so counterexamples read like <c>x = 1.5</c>; a fifth are edges: just
/// inside a finite end, on both sides of a kink, and where exp overflows or underflows (|x| near 709.78 and 745.13).
/// </para>
/// <para>
/// Vectors are as long as asked (<see cref="Vec(int, Domain)"/>, <see cref="PointLike{T}(T, Domain)"/>), or of every
/// length from 0 to 40 (<see cref="Vec(Domain)"/>).
/// </para>
/// <para>Any user-written <c>Gen&lt;T&gt;</c> can be passed to a check instead.</para>
/// </remarks>
/// <example><code>
/// var pairs = RuleGen.Shaped(Gen.Int[1, 5].Select(n => (Vec.Zeros(n), Vec.Zeros(n))));  // equal-length pairs
/// var positive = RuleGen.Vec(3, Domain.Positive);
/// var onSphere = RuleGen.UnitNormLike(Vec.Zeros(4));
/// </code></example>
public static class RuleGen
{
    /// <summary>Reals in <paramref name="domain"/> (all reals when null), over many scales, with round numbers and points just inside its ends and beside its kinks (see the remarks on <see cref="RuleGen"/>).</summary>
    /// <param name="domain">The domain.</param>
    public static Gen<double> Scalar(Domain? domain = null) => new ScalarGen(domain ?? Domain.All);

    /// <summary>Values shaped like <paramref name="like"/> whose every coordinate lies in <paramref name="domain"/>.</summary>
    /// <typeparam name="T">A differentiable type.</typeparam>
    /// <param name="like">A value of the wanted shape; its coordinates are ignored.</param>
    /// <param name="domain">The domain of each coordinate (all reals when null).</param>
    public static Gen<T> PointLike<T>(T like, Domain? domain = null) where T : notnull =>
        new FlatGen<T>(Gen.Const(Argument.NotNull(like)), FlatDistribution.Domain, domain ?? Domain.All);

    /// <summary>Values shaped like the values of <paramref name="shapes"/>, whose every coordinate lies in <paramref name="domain"/>; shrinking prefers smaller shapes.</summary>
    /// <typeparam name="T">A differentiable type.</typeparam>
    /// <param name="shapes">Templates of the wanted shapes, e.g. <c>Gen.Int[1, 5].Select(Vec.Zeros)</c>.</param>
    /// <param name="domain">The domain of each coordinate (all reals when null).</param>
    public static Gen<T> Shaped<T>(Gen<T> shapes, Domain? domain = null) where T : notnull =>
        new FlatGen<T>(Argument.NotNull(shapes), FlatDistribution.Domain, domain ?? Domain.All);

    /// <summary>Values shaped like <paramref name="like"/> with Euclidean norm 1 (uniform directions).</summary>
    /// <typeparam name="T">A differentiable type.</typeparam>
    /// <param name="like">A value of the wanted shape.</param>
    public static Gen<T> UnitNormLike<T>(T like) where T : notnull =>
        new FlatGen<T>(Gen.Const(Argument.NotNull(like)), FlatDistribution.UnitNorm, Domain.All);

    /// <summary>Tangents <c>ẋ</c> shaped like <paramref name="like"/>: standard normal coordinates.</summary>
    /// <typeparam name="T">A differentiable type.</typeparam>
    /// <param name="like">The primal point (or any value of its shape).</param>
    public static Gen<T> TangentLike<T>(T like) where T : notnull =>
        new FlatGen<T>(Gen.Const(Argument.NotNull(like)), FlatDistribution.Gaussian, Domain.All);

    /// <summary>Cotangents <c>ȳ</c> shaped like <paramref name="like"/>: standard normal coordinates.</summary>
    /// <typeparam name="T">A differentiable type.</typeparam>
    /// <param name="like">The primal value <c>y</c> (or any value of its shape).</param>
    public static Gen<T> CotangentLike<T>(T like) where T : notnull =>
        new FlatGen<T>(Gen.Const(Argument.NotNull(like)), FlatDistribution.Gaussian, Domain.All);

    /// <summary>Vectors of length <paramref name="length"/> with coordinates in <paramref name="domain"/>.</summary>
    /// <param name="length">The length.</param>
    /// <param name="domain">The domain of each coordinate (all reals when null).</param>
    public static Gen<Vec> Vec(int length, Domain? domain = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return PointLike(Functional.Vec.Zeros(length), domain);
    }

    /// <summary>
    /// Vectors of every length a rule meets: 0, 1, short (2 to 8) and long (17 to 40, past SIMD widths and fixed-size
    /// buffers), with coordinates in <paramref name="domain"/>; shrinking prefers shorter ones. Use
    /// <see cref="Vec(int, Domain)"/> for one fixed length.
    /// </summary>
    /// <param name="domain">The domain of each coordinate (all reals when null).</param>
    public static Gen<Vec> Vec(Domain? domain = null) => Shaped(Lengths.Select(Functional.Vec.Zeros), domain);

    /// <summary>The lengths <see cref="Vec(Domain)"/> draws: 0 (a tenth), 1 (a fifth), 2 to 8, and 17 to 40 (three tenths).</summary>
    private static readonly Gen<int> Lengths = Gen.Int[0, 9].SelectMany(k => k switch
    {
        0 => Gen.Const(0),
        <= 2 => Gen.Const(1),
        <= 6 => Gen.Int[2, 8],
        _ => Gen.Int[17, 40],
    });

    /// <summary>Vectors of length <paramref name="minLength"/> to <paramref name="maxLength"/> with coordinates in <paramref name="domain"/>; shrinking prefers shorter ones.</summary>
    /// <param name="minLength">The shortest length.</param>
    /// <param name="maxLength">The longest length.</param>
    /// <param name="domain">The domain of each coordinate (all reals when null).</param>
    public static Gen<Vec> Vec(int minLength, int maxLength, Domain? domain = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        return Shaped(Gen.Int[minLength, maxLength].Select(Functional.Vec.Zeros), domain);
    }

    /// <summary>Matrices of shape <paramref name="rows"/>×<paramref name="cols"/> with entries in <paramref name="domain"/>.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="cols">The number of columns.</param>
    /// <param name="domain">The domain of each entry (all reals when null).</param>
    public static Gen<Mat> Mat(int rows, int cols, Domain? domain = null) => PointLike(Functional.Mat.Zeros(rows, cols), domain);

    /// <summary>Matrices with 1 to <paramref name="maxRows"/> rows and 1 to <paramref name="maxCols"/> columns, entries in <paramref name="domain"/>; shrinking prefers smaller ones.</summary>
    /// <param name="maxRows">The most rows.</param>
    /// <param name="maxCols">The most columns.</param>
    /// <param name="domain">The domain of each entry (all reals when null).</param>
    public static Gen<Mat> MatUpTo(int maxRows, int maxCols, Domain? domain = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCols, 1);
        return Shaped(Gen.Select(Gen.Int[1, maxRows], Gen.Int[1, maxCols]).Select(rc => Functional.Mat.Zeros(rc.Item1, rc.Item2)), domain);
    }
}
