namespace Vjp.Properties.Tests.Docs;

/// <summary>The README's example: a user's own rule for SiLU, y = x·σ(x), written with Diff.Create.</summary>
public static class Silu
{
    // snippet: rulecheck-rule
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The correct rule: dy/dx = σ(x) + x·σ(x)(1 − σ(x)) = σ(x) + y(1 − σ(x)).</summary>
    public static readonly Diff<double, double> Rule = Diff.Create<double, double>(
        "silu",
        forward: x => x * Sigmoid(x),
        pullback: (x, y, yBar) => yBar * (Sigmoid(x) + (y * (1 - Sigmoid(x)))),
        pushforward: (x, y, dx) => (Sigmoid(x) + (y * (1 - Sigmoid(x)))) * dx);

    // end snippet

    /// <summary>The same rule with the product rule forgotten in the pullback: x̄ = ȳ·σ(x).</summary>
    public static readonly Diff<double, double> Wrong = Diff.Create<double, double>(
        "silu",
        forward: x => x * Sigmoid(x),
        pullback: (x, y, yBar) => yBar * Sigmoid(x),
        pushforward: (x, y, dx) => (Sigmoid(x) + (y * (1 - Sigmoid(x)))) * dx);
}
