using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Properties.Tests.Checks;

/// <summary>
/// Functions that vary much faster than their input's magnitude suggests: the default first step
/// h₀ = 0.05·(1 + ‖x‖∞)/‖ẋ‖∞ spans many periods of sin(x²) at x ≈ 130, and a tableau on such steps can alias
/// into a confident wrong value. These rules are correct, so the checker must not fail them.
/// </summary>
public class FastVaryingTests
{
    // sin(x ⊙ x), the checkpointed stage the random-pipeline fuzzer built when it met the false alarm (seed
    // dKjZrkunM_oalwsm1: x = 128.929, ẋ = −1.62197, pushforward 383.0, aliased finite differences 15.24).
    private static readonly Diff<Vec, Vec> SinOfSquare = Diff.Fanout(Diff.Id<Vec>(), Diff.Id<Vec>()).Then(V.Hadamard).Then(V.Sin);

    [Fact]
    public void SinOfSquare_AtTheFuzzersInput_Passes()
    {
        var result = RuleCheck.Check(SinOfSquare, Gen.Const(Vec.Of(128.929)), new RuleCheckOptions { Samples = 300 });

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void SinOfSquare_AtLargeInputs_Passes()
    {
        var points = Gen.Double[50, 400].Array[1, 3].Select(a => Vec.Of(a));

        var result = RuleCheck.Check(SinOfSquare, points, new RuleCheckOptions { Samples = 500 });

        Assert.True(result.Passed, result.Report);
    }

    [Fact]
    public void SinOfSquare_WithAWrongPullbackAndPushforward_IsStillCaught()
    {
        // The confirming tableau must not hide a wrong rule: 2% too large, in both directions (the adjoint holds).
        var wrong = Diff.Create<Vec, Vec>(
            "sin∘square(wrong)",
            v => v.Map(a => Math.Sin(a * a)),
            (v, y, yBar) => Vec.Generate(v.Length, i => 1.02 * 2 * v[i] * Math.Cos(v[i] * v[i]) * yBar[i]),
            (v, y, dv) => Vec.Generate(v.Length, i => 1.02 * 2 * v[i] * Math.Cos(v[i] * v[i]) * dv[i]));

        var result = RuleCheck.Check(wrong, Gen.Double[50, 400].Array[1, 3].Select(a => Vec.Of(a)), new RuleCheckOptions { Samples = 200 });

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.Kind == RuleCheckKind.PushforwardVsFiniteDifferences);
    }
}
