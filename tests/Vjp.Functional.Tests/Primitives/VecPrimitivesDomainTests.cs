namespace Vjp.Functional.Tests.Primitives;

public class VecPrimitivesDomainTests
{
    [Fact]
    public void ZipPrimitive_Domain_IsTheScalarRulesDomain()
    {
        // Elementwise binary primitives are differentiable where their scalar rule is, element by element:
        // a ⊘ b needs b ≠ 0, so tools sampling from IDiff.Domain must keep away from 0.
        Assert.Equal(ScalarPrimitives.Div.Domain, ((IDiff)VecPrimitives.Div).Domain);
        Assert.False(((IDiff)VecPrimitives.Div).Domain.Contains(0));
        Assert.Equal(ScalarPrimitives.Mul.Domain, ((IDiff)VecPrimitives.Hadamard).Domain);
    }
}
