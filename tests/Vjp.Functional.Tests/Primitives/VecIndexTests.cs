using Vjp.Functional;

namespace Vjp.Functional.Tests.Primitives;

public class VecIndexTests
{
    [Fact]
    public void Index_Pullback_MatchesFiniteDifferences()
    {
        var f = VecPrimitives.Index(2);
        Vec x = [0.3, -1.2, 2.5, 0.7], v = [0.4, -0.1, 0.9, 0.2];
        const double h = 1e-6;
        var fd = (f.Invoke(Vec.Axpy(h, v, x)) - f.Invoke(Vec.Axpy(-h, v, x))) / (2 * h);

        var xBar = f.Vjp(x, 1.5);

        Assert.Equal(1.5 * fd, Vec.Dot(xBar, v), 8);
    }

    [Fact]
    public void Index_PullbackOfInfiniteCotangent_IsExactlyZeroElsewhere()
    {
        var f = VecPrimitives.Index(1);

        var xBar = f.Vjp([1.0, 2.0, 3.0], double.PositiveInfinity);

        Assert.Equal([0.0, double.PositiveInfinity, 0.0], xBar.ToArray());
    }
}
