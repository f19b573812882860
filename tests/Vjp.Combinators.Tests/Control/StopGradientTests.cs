using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Control;

public class StopGradientTests
{
    [Fact]
    public void StopGradient_IsTheIdentityWithZeroDerivatives() =>
        Gen.Select(Checks.Like(Vec.Zeros(3)), Checks.Like(Vec.Zeros(3))).ForAll((x, d) =>
        {
            var f = Combinators.Control.StopGradient<Vec>();
            Assert.Equal(x, f.Invoke(x));
            Assert.Equal(Vec.Zeros(3), f.Vjp(x, d));
            Assert.Equal(Vec.Zeros(3), f.Jvp(x, d));
        });

    [Fact]
    public void StopGradient_InsideExpression_TreatsThatPartAsConstant() =>
        Gen.Double[-3, 3].ForAll(x0 =>
        {
            var x = Diff.Input<double>();
            var stopped = x * x.StopGradient();
            var frozen = x * Fn.Const<double, double>(x0);
            Assert.Equal(frozen.Invoke(x0), stopped.Invoke(x0));
            Assert.Equal(frozen.Gradient(x0), stopped.Gradient(x0));
            Assert.Equal(frozen.Jvp(x0, 1.5), stopped.Jvp(x0, 1.5));
        });
}
