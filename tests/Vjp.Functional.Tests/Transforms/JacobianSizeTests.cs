using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Transforms;

/// <summary>A Jacobian or Hessian too large for an array fails before allocating, naming m × n and the bytes it would take (not an overflow or an index error from inside).</summary>
public sealed class JacobianSizeTests
{
    [Fact]
    public void Jacobian_ByRows_WhenMTimesNOverflowsAnInt_ThrowsNamingTheSizeAndBytes()
    {
        var x = Diff.Input<Vec>();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tanh(x).Jacobian(Vec.Zeros(50_000), JacobianMode.Rows));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith(
            "A (50000×50000) Jacobian of 'tanh' has 2,500,000,000 elements (20,000,000,000 bytes, 18.6 GiB), more than an array can hold",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jacobian_ByColumns_WhenMTimesNWraps_ThrowsInsteadOfIndexingOutOfRange()
    {
        var x = Diff.Input<Vec>();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Slice(x, 0, 65536).Jacobian(Vec.Zeros(65537), JacobianMode.Columns));

        Assert.Contains("(65536×65537) Jacobian", e.Message, StringComparison.Ordinal);
        Assert.Contains("34,360,262,656 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hessian_WhenNTimesNWraps_ThrowsNamingTheHessian()
    {
        var x = Diff.Input<Vec>();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sum(Square(x)).Hessian(Vec.Zeros(65537)));

        Assert.Contains("(65537×65537) Hessian", e.Message, StringComparison.Ordinal);
        Assert.Contains("34,360,786,952 bytes", e.Message, StringComparison.Ordinal);
    }
}
