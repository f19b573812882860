namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>
/// A random pipeline on vectors of one length, with the depth of its deepest nesting and the seed of its rule
/// check (drawn by the generator, so a fixed generator seed makes the whole run reproducible).
/// </summary>
public sealed record Pipeline(int Length, int Depth, Diff<Vec, Vec> Body, bool ScalarOutput, string CheckSeed)
{
    public RuleCheckResult Check(RuleCheckOptions options)
    {
        options = options with { Seed = CheckSeed };
        return ScalarOutput
            ? RuleCheck.Check(Fn.Sum(Body), RuleGen.Vec(Length), options)
            : RuleCheck.Check(Body, RuleGen.Vec(Length), options);
    }

    public override string ToString() => $"n = {Length}, depth {Depth}: {(ScalarOutput ? Fn.Sum(Body) : Body)}";
}
