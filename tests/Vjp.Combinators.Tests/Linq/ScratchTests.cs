using Vjp.Functional;
using static Vjp.Functional.Fn;
using static Vjp.Combinators.Layers;

namespace Vjp.Combinators.Tests.Linq;

public class ScratchTests
{
    [Fact]
    public void Query_Compiles()
    {
        var w1 = Mat.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var b1 = Vec.Of(1, 2, 3);
        var w2 = Mat.FromArray(new double[,] { { 1, 2, 3 } });
        var b2 = Vec.Of(1);
        Diff<Vec, double> loss =
            from h in Dense(w1, b1)            // Diff<Vec, Vec>
            let a = Tanh(h)
            from y in Dense(w2, b2).Of(a)      // a later clause depends on an earlier one
            select Sum(y * y) + 0.1 * Sum(a * a);
        Assert.True(loss.Invoke(Vec.Of(0.1, 0.2)) > 0);
        var f = Arrow.Dup<double>();
        var g2 = Arrow.First<double, Vec, double>(ScalarPrimitives.Sin); var g3 = Diff.Input<(double, Vec)>().First(ScalarPrimitives.Sin);
        Assert.NotNull(g2);
    }
}
