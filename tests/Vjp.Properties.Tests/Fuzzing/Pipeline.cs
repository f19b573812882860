namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>
/// A random pipeline on vectors of one length, with the depth of its deepest nesting and the seed of its rule
/// check (drawn by the generator, so a fixed generator seed makes the whole run reproducible).
/// </summary>
public sealed record Pipeline(int Length, int Depth, Diff<Vec, Vec> Body, bool ScalarOutput, string CheckSeed)
{
    /// <summary>
    /// The inputs of the fuzzed pipelines: (−3, 3), with its round numbers and the points next to its ends. With
    /// the default six decades, deep random compositions of saturating functions at |x| up to 10³ still give
    /// about one false alarm in a thousand pipelines (a saturated tanh′ rounded to 2ε against a true 10⁻³⁰, judged
    /// relatively; subnormal values of exp near −745), which the checker does not yet tell from a wrong rule.
    /// </summary>
    public static Domain Inputs { get; } = Domain.Interval(-3, 3);

    public RuleCheckResult Check(RuleCheckOptions options)
    {
        options = options with { Seed = CheckSeed };
        return ScalarOutput
            ? RuleCheck.Check(Fn.Sum(Body), RuleGen.Vec(Length, Inputs), options)
            : RuleCheck.Check(Body, RuleGen.Vec(Length, Inputs), options);
    }

    public override string ToString() => $"n = {Length}, depth {Depth}: {(ScalarOutput ? Fn.Sum(Body) : Body)}";
}
