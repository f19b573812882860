using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>The domains the table samples from, and the documented conventions at kinks and outside domains.</summary>
public sealed class PrimitiveDomainTests
{
    // Regression: elementwise division reported Domain.All, so checks sampled b = 0.
    [Fact]
    public void VecDiv_Domain_IsTheScalarDivisionDomainElementwise()
    {
        Assert.Equal(S.Div.Domain, V.Div.Domain);
        Assert.False(V.Div.Domain.Contains(0));
    }

    // Regression: the norm reported Domain.All although it has a kink at x = 0.
    [Fact]
    public void VecNorm_Domain_ExcludesTheKinkAtZero() => Assert.False(V.Norm.Domain.Contains(0));

    [Fact]
    public void VecNorm_AtZero_UsesTheZeroSubgradient()
    {
        Assert.Equal(Vec.Zeros(3), V.Norm.Vjp(Vec.Zeros(3), 1.0));
        Assert.Equal(0.0, V.Norm.Jvp(Vec.Zeros(3), Vec.Of(1, 2, 3)));
    }

    [Fact]
    public void AbsAndRelu_AtTheirKink_UseTheZeroSubgradient()
    {
        Assert.Equal(0.0, S.Abs.Vjp(0.0, 1.0));
        Assert.Equal(0.0, S.Relu.Vjp(0.0, 1.0));
        Assert.Equal(0.0, S.Abs.Jvp(0.0, 1.0));
        Assert.Equal(0.0, S.Relu.Jvp(0.0, 1.0));
        Assert.Equal(Vec.Of(0, 1, -1), V.Abs.Vjp(Vec.Of(0, 2, -2), Vec.Ones(3)));
        Assert.Equal(Vec.Of(0, 1, 0), V.Relu.Vjp(Vec.Of(0, 2, -2), Vec.Ones(3)));
    }

    [Fact]
    public void Log_OutsideItsDomain_FollowsIeee()
    {
        Assert.False(S.Log.Domain.Contains(-1));
        Assert.True(double.IsNaN(S.Log.Invoke(-1)));
        Assert.Equal(double.NegativeInfinity, S.Log.Invoke(0));
        Assert.True(double.IsNaN(S.Sqrt.Invoke(-1)));
    }

    [Fact]
    public void Domains_OfCompositions_AreAllReals() => Assert.True(S.Sin.Then(S.Log).Domain.IsAll);
}
