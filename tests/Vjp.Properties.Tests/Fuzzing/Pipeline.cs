namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>A random pipeline on vectors of one length, with the depth of its deepest nesting.</summary>
public sealed record Pipeline(int Length, int Depth, Diff<Vec, Vec> Body, bool ScalarOutput)
{
    public RuleCheckResult Check(RuleCheckOptions options) =>
        ScalarOutput
            ? RuleCheck.Check(Fn.Sum(Body), RuleGen.Vec(Length), options)
            : RuleCheck.Check(Body, RuleGen.Vec(Length), options);

    public override string ToString() => $"n = {Length}, depth {Depth}: {(ScalarOutput ? Fn.Sum(Body) : Body)}";
}
