using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The Taylor order: the remainder <c>‖f(x + h·ẋ) − f(x) − h·J·ẋ‖</c> shrinks like h², so J·ẋ is the derivative
/// of f along ẋ. Catches a pushforward whose error is consistent in both modes (the adjoint identity holds) but
/// not the derivative: it shows order 1 at every scale. Records the observed order in the outcome.
/// </summary>
internal static class TaylorOrder
{
    /// <summary>Observes the order at sample <paramref name="s"/> on its stencil, and fails it below <see cref="RuleCheckOptions.MinTaylorOrder"/>.</summary>
    public static void Check(Sample s, Stencil d)
    {
        var samples = d.Take(s.Options.TaylorSteps);
        if (samples is null)
        {
            return;
        }

        var o = s.Options;
        var outcome = s.Calls.Outcome;
        var p = s.Point;
        var dyFlat = s.DyFlat;
        var noise = d.Sigma;
        var observed = Taylor.Observe(samples, p.YFlat, dyFlat, noise);
        outcome.TaylorOrder = observed.Order;
        if (!Order1(observed))
        {
            return;
        }

        // Confirmed on smaller steps, as the finite differences are: steps h₀/2ᵏ that span many periods of f
        // (sin(x²) at x = 2000) can alias into a fake linear regime whose secant is not f′, and order 1 there
        // says nothing about the rule. A wrong pushforward shows order 1 at every scale.
        var resolved = Richardson.Sample(d.Line, Stencil.ResolvingStep(s, d.Samples!.H0, Flat.NormInf(dyFlat)), o.TaylorSteps);
        var again = resolved is null ? default : Taylor.Observe(resolved, p.YFlat, dyFlat, noise);
        if (resolved is null || !again.Measurable)
        {
            outcome.TaylorOrder = double.NaN;
            return;
        }

        outcome.TaylorOrder = again.Order;
        observed = again;

        // Order 1 is a failure when the linear term it reveals, ‖(J − J_f)·ẋ‖, is above the tolerance of the
        // finite-difference checks: a correct rule's derivative rounded at a few ε also shows order 1. And when the
        // order is still low between the two smallest steps: a wrong J·ẋ's remainder δh + Ch²/2 falls from order 2
        // to 1 as h shrinks, while a right one whose curvature changes on a scale below the first steps rises toward
        // 2 (the 10⁶-pipeline soak's dQm1bVo6bWmfW88M3: local orders 1.22, 1.42, 1.64 over the last four steps, a fitted
        // order of 1.43 on a pipeline that passes the finite differences).
        bool Order1(Taylor.Observation ob) =>
            ob.Measurable && ob.Order < o.MinTaylorOrder && !(ob.FinestOrder >= o.MinTaylorOrder) && ob.LinearTerm > d.Tolerance.Bound(Flat.Norm(dyFlat));

        if (Order1(observed))
        {
            s.Calls.Add(s.Calls.Fail(RuleCheckKind.TaylorOrder, $"Taylor remainder ‖f(x + h·ẋ) − f(x) − h·J·ẋ‖ = O(h²) (observed order ≥ {Reports.Show.Number(o.MinTaylorOrder)})", p.Dx) with
            {
                LeftLabel = "remainders",
                Left = observed.Remainders,
                RightLabel = "at steps h",
                Right = observed.Steps,
                AbsoluteError = observed.LinearTerm,
                RelativeError = Sample.Relative(observed.LinearTerm, Flat.Norm(dyFlat)),
                Tolerance = o.MinTaylorOrder,
                Detail = $"the remainder shrinks like h^order: order 2 means J·ẋ is the derivative of f along ẋ, order 1 that it is off by r/h → {Reports.Show.Small(observed.LinearTerm)} (the error above)",
            });
        }
    }
}
