namespace Vjp.Properties.Tests.Catalogue;

/// <summary>A deliberately wrong higher-order rule: its derivatives up to <see cref="FailsAt"/> − 1 are right, the one of order <see cref="FailsAt"/> is wrong in the tower <see cref="Mode"/>.</summary>
public sealed record WrongOrderRule(string Name, string Flaw, Func<RuleCheckOptions, OrderCheckResult> Check, int FailsAt, DerivativeModes Mode)
{
    public override string ToString() => Name;
}

/// <summary>A record output, to check contractions on records.</summary>
public sealed record Pair(double A, Vec B);

/// <summary>
/// Wrong rules of order 2 and 3, written with <c>Diff.Create</c>'s differentiable form (the pullback, and optionally
/// the pushforward, as <see cref="Diff{TIn, TOut}"/> values): every value of every rule is right, and the first-order
/// check passes; the derivative of a pullback (or pushforward) is wrong, which only <see cref="RuleCheck.CheckOrder{TIn, TOut}(Diff{TIn, TOut}, TIn, int, DerivativeModes, RuleCheckOptions?)"/> sees.
/// </summary>
public static class WrongRulesOrder
{
    /// <summary>
    /// y = x³ with pullback P(x, ȳ) = 3x²ȳ and pushforward F(x, ẋ) = 3x²ẋ as differentiable rules; <paramref name="pOfP"/>, <paramref name="fOfP"/>
    /// scale the x-partial 6xȳ of P's own pullback and pushforward, <paramref name="fOfF"/> that of F's pushforward and pullback.
    /// </summary>
    public static Diff<double, double> Cube(double pOfP = 1, double fOfP = 1, double fOfF = 1, bool withPushforward = true)
    {
        var pullback = Diff.Create<(double X, double YBar), double>(
            "cube.pullback",
            p => 3 * p.X * p.X * p.YBar,
            (p, y, s) => (pOfP * 6 * p.X * p.YBar * s, 3 * p.X * p.X * s),
            (p, y, d) => (fOfP * 6 * p.X * p.YBar * d.X) + (3 * p.X * p.X * d.YBar));
        var pushforward = Diff.Create<(double X, double Dx), double>(
            "cube.pushforward",
            p => 3 * p.X * p.X * p.Dx,
            (p, y, s) => (fOfF * 6 * p.X * p.Dx * s, 3 * p.X * p.X * s),
            (p, y, d) => (fOfF * 6 * p.X * p.Dx * d.X) + (3 * p.X * p.X * d.Dx));
        return Diff.Create("cube", x => x * x * x, pullback, withPushforward ? pushforward : null);
    }

    /// <summary>y = x⁴ whose pullback's pullback Q((x, ȳ), s) = (12x²ȳs, 4x³s) is itself a differentiable rule; <paramref name="third"/> scales the x-partial of Q's first component (24xȳs) in Q's own rules.</summary>
    public static Diff<double, double> Quartic(double third)
    {
        var q = Diff.Create<((double X, double YBar) P, double S), (double X, double YBar)>(
            "quartic.pullback.pullback",
            a => (12 * a.P.X * a.P.X * a.P.YBar * a.S, 4 * a.P.X * a.P.X * a.P.X * a.S),
            (a, y, c) => (
                ((third * 24 * a.P.X * a.P.YBar * a.S * c.X) + (12 * a.P.X * a.P.X * a.S * c.YBar), 12 * a.P.X * a.P.X * a.S * c.X),
                (12 * a.P.X * a.P.X * a.P.YBar * c.X) + (4 * a.P.X * a.P.X * a.P.X * c.YBar)),
            (a, y, d) => (
                (third * 24 * a.P.X * a.P.YBar * a.S * d.P.X) + (12 * a.P.X * a.P.X * a.S * d.P.YBar) + (12 * a.P.X * a.P.X * a.P.YBar * d.S),
                (12 * a.P.X * a.P.X * a.S * d.P.X) + (4 * a.P.X * a.P.X * a.P.X * d.S)));
        var pullback = Diff.Create<(double X, double YBar), double>("quartic.pullback", p => 4 * p.X * p.X * p.X * p.YBar, q);
        return Diff.Create("quartic", x => x * x * x * x, pullback);
    }

    /// <summary>y = x³ elementwise on a Vec, with its pullback (x, ȳ) ↦ 3x²⊙ȳ a differentiable rule whose x-partial is scaled by <paramref name="pOfP"/>.</summary>
    public static Diff<Vec, Vec> VecCube(double pOfP)
    {
        var pullback = Diff.Create<(Vec X, Vec YBar), Vec>(
            "vcube.pullback",
            p => 3 * Vec.Hadamard(Vec.Hadamard(p.X, p.X), p.YBar),
            (p, y, s) => (pOfP * 6 * Vec.Hadamard(Vec.Hadamard(p.X, p.YBar), s), 3 * Vec.Hadamard(Vec.Hadamard(p.X, p.X), s)),
            (p, y, d) => (pOfP * 6 * Vec.Hadamard(Vec.Hadamard(p.X, p.YBar), d.X)) + (3 * Vec.Hadamard(Vec.Hadamard(p.X, p.X), d.YBar)));
        return Diff.Create("vcube", (Vec x) => Vec.Hadamard(Vec.Hadamard(x, x), x), pullback);
    }

    /// <summary>x ↦ (x², sin x), a tuple output; its pullback's second derivative of the sine part is scaled by <paramref name="factor"/>.</summary>
    public static Diff<double, (double, double)> SquareSine(double factor)
    {
        var pullback = Diff.Create<(double X, (double A, double B) YBar), double>(
            "squaresine.pullback",
            p => (2 * p.X * p.YBar.A) + (Math.Cos(p.X) * p.YBar.B),
            (p, y, s) => (s * ((2 * p.YBar.A) - (factor * Math.Sin(p.X) * p.YBar.B)), (2 * p.X * s, Math.Cos(p.X) * s)),
            (p, y, d) => (d.X * ((2 * p.YBar.A) - (factor * Math.Sin(p.X) * p.YBar.B))) + (2 * p.X * d.YBar.A) + (Math.Cos(p.X) * d.YBar.B));
        return Diff.Create("squaresine", (double x) => (x * x, Math.Sin(x)), pullback);
    }

    /// <summary>x ↦ Pair(x², x·v) for a fixed v, a record output; the second derivative of A = x² claimed 2·<paramref name="factor"/>.</summary>
    public static Diff<double, Pair> Record(double factor)
    {
        var v = Vec.Of(0.5, -1.5, 2);
        var pullback = Diff.Create<(double X, Pair YBar), double>(
            "record.pullback",
            p => (2 * p.X * p.YBar.A) + Vec.Dot(v, p.YBar.B),
            (p, y, s) => (s * factor * 2 * p.YBar.A, new Pair(2 * p.X * s, s * v)),
            (p, y, d) => (d.X * factor * 2 * p.YBar.A) + (2 * p.X * d.YBar.A) + Vec.Dot(v, d.YBar.B));
        return Diff.Create("record", (double x) => new Pair(x * x, x * v), pullback);
    }

    public static IReadOnlyList<WrongOrderRule> All { get; } =
    [
        new("cube: pullback's pullback off", "the pullback of the pullback (reverse over reverse) claims 6.6xȳ for 6xȳ", o => RuleCheck.CheckOrder(Cube(pOfP: 1.1), 0.0, 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("cube: pullback's pushforward off", "the pushforward of the pullback (forward over reverse) claims 6.6xȳ, its pullback 6xȳ", o => RuleCheck.CheckOrder(Cube(fOfP: 1.1), 0.0, 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("cube: both consistently off", "the pullback's pullback and pushforward agree on 6.6xȳ (adjoint holds), the true second derivative is 6x", o => RuleCheck.CheckOrder(Cube(pOfP: 1.1, fOfP: 1.1), 0.0, 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("cube: pushforward's derivative off", "the pullback is right to every order; the pushforward's own derivative (forward over forward) claims 6.6xẋ", o => RuleCheck.CheckOrder(Cube(fOfF: 1.1), 0.0, 3, DerivativeModes.Forward, o), 2, DerivativeModes.Forward),
        new("cube: second derivative off by 1e-3", "the pullback's pullback and pushforward agree on 6.006xȳ", o => RuleCheck.CheckOrder(Cube(pOfP: 1.001, fOfP: 1.001), 0.0, 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("quartic: third derivative off", "values and second derivatives right; the third derivative claims 26.4xȳs for 24xȳs", o => RuleCheck.CheckOrder(Quartic(1.1), 0.0, 3, DerivativeModes.Reverse, o), 3, DerivativeModes.Reverse),
        new("vcube: Vec output, pullback's pullback off", "elementwise cube on a Vec whose pullback's pullback claims 6.6x⊙ȳ", o => RuleCheck.CheckOrder(VecCube(1.1), Vec.Zeros(3), 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("squaresine: tuple output, sine's second derivative off", "(x², sin x): the second derivative of sin claimed −1.1·sin x", o => RuleCheck.CheckOrder(SquareSine(1.1), 0.0, 2, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
        new("record: record output, second derivative off", "Pair(x², x·v): the second derivative of x² claimed 2.2", o => RuleCheck.CheckOrder(Record(1.1), 0.0, 3, DerivativeModes.Reverse, o), 2, DerivativeModes.Reverse),
    ];
}
