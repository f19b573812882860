using CsCheck;

namespace Vjp.Properties.Checks;

/// <summary>
/// Derivatives of order k as first-order checks (in the spirit of JAX's <c>check_grads(order=k)</c>): order 1 checks f;
/// order j + 1 checks a function whose first derivative is f's derivative of order j + 1. Reverse mode contracts the
/// level below with a sampled direction and takes its gradient, <c>F₂(x) = ∇⟨ȳ₁, f⟩(x) = J(x)ᵀȳ₁</c>,
/// <c>F₃(x) = ∇⟨ū₂, F₂⟩(x)</c>; forward mode pushes a sampled tangent through the level below,
/// <c>G₂(x) = J(x)·ẋ₁</c>, <c>G₃(x) = DG₂(x)·ẋ₂</c>. Each level is a <see cref="Diff{TIn, TOut}"/> built from the
/// rules' differentiable pullbacks (pushforwards), so every first-order law (finite differences, adjoint, linearity,
/// Taylor order, Jacobian entries for small dimensions, blame) now judges the rules' derivatives of one order higher.
/// </summary>
internal static class OrderCheck
{
    public const int MaxOrder = 3;

    public static OrderCheckResult Run<TIn, TOut>(Diff<TIn, TOut> f, Gen<TIn> inputs, int order, DerivativeModes modes, RuleCheckOptions o)
        where TIn : notnull where TOut : notnull
    {
        var name = Structure.Root(f);
        var pcg = Seeds.For(o.Seed, "order: " + name);
        var seed = pcg.ToString(pcg.State);

        // One seed for the whole run: the directions and every level's own check replay from it.
        var levelOptions = o with { Seed = seed };
        var levels = new List<OrderLevel> { new(1, DerivativeModes.Both, "x ↦ f(x)", RuleCheck.Check(f, inputs, levelOptions)) };
        if (levels[0].Result.Passed && order > 1)
        {
            var (x0, y0) = Contraction.FinitePoint(f, inputs, pcg);
            Diff<TIn, TIn>? reverse = null;
            Diff<TIn, TOut>? forward = null;
            string reverseText = "f", forwardText = "f";
            for (var k = 2; k <= order; k++)
            {
                if (modes.HasFlag(DerivativeModes.Reverse))
                {
                    string direction;
                    if (reverse is null)
                    {
                        direction = "ȳ₁";
                        reverse = Diff.Gradient(Contraction.Inner(f, Contraction.Direction(y0, pcg)));
                    }
                    else
                    {
                        direction = $"ū{Subscript(k - 1)}";
                        reverse = Diff.Gradient(Contraction.Inner(reverse, Contraction.Direction(x0, pcg)));
                    }

                    reverseText = $"∇⟨{direction}, {reverseText}⟩";
                    var level = reverse.Named($"order {k} (reverse) of {name}");
                    levels.Add(new(k, DerivativeModes.Reverse, $"x ↦ {reverseText}(x)", RuleCheck.Check(level, inputs, levelOptions)));
                }

                if (modes.HasFlag(DerivativeModes.Forward))
                {
                    var below = forward ?? f;
                    var dx = Contraction.Direction(x0, pcg);
                    forward = Diff.Fanout(Diff.Id<TIn>(), Diff.Const<TIn, TIn>(dx)).Then(Diff.PushforwardOf(below));
                    forwardText = $"D{(k == 2 ? "f" : $"({forwardText})")}·ẋ{Subscript(k - 1)}";
                    var level = forward.Named($"order {k} (forward) of {name}");
                    levels.Add(new(k, DerivativeModes.Forward, $"x ↦ {forwardText}(x)", RuleCheck.Check(level, inputs, levelOptions)));
                }

                if (levels.Exists(l => !l.Result.Passed))
                {
                    break;
                }
            }
        }

        return new OrderCheckResult
        {
            Passed = levels.TrueForAll(l => l.Result.Passed),
            Rule = Structure.Describe(f),
            Order = order,
            Modes = modes,
            Seed = seed,
            Levels = levels,
        };
    }

    private static string Subscript(int k) => string.Concat(k.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}
