using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The chain rule, for a composition or a fan-out: the composed pullback equals the stages' pullbacks applied in
/// reverse (the branches' summed), and the composed pushforward the stages' pushforwards applied in order (the
/// branches' packed). Catches a combinator, or a fused or compiled path, that differs from its parts.
/// </summary>
internal static class ChainRule
{
    /// <summary>Checks sample <paramref name="s"/> of a composition or fan-out against its parts; nothing for other rules.</summary>
    public static void Check(Sample s)
    {
        var f = s.Rule;
        var p = s.Point;
        var (x, dx, yBar) = (p.X, p.Dx, p.YBar);
        object chainedBar;
        object chainedDot;
        string how;
        try
        {
            if (f.Kind == DiffKind.Composition && f.Parts.Count > 1)
            {
                var stages = f.Parts;
                var values = new object[stages.Count];
                values[0] = x;
                for (var k = 1; k < stages.Count; k++)
                {
                    values[k] = stages[k - 1].Invoke(values[k - 1]);
                }

                chainedBar = yBar;
                for (var k = stages.Count - 1; k >= 0; k--)
                {
                    chainedBar = stages[k].Vjp(values[k], chainedBar);
                }

                chainedDot = dx;
                for (var k = 0; k < stages.Count; k++)
                {
                    chainedDot = stages[k].Jvp(values[k], chainedDot);
                }

                how = $"the {stages.Count} stages'";
            }
            else if (f.Kind == DiffKind.Fanout && f.OutputSpace is IProductSpace product && product.Arity == f.Parts.Count)
            {
                chainedBar = p.In.ZeroLikeObject(x);
                var dots = new object[f.Parts.Count];
                for (var i = 0; i < f.Parts.Count; i++)
                {
                    chainedBar = p.In.AddObject(chainedBar, f.Parts[i].Vjp(x, product.Component(yBar, i)));
                    dots[i] = f.Parts[i].Jvp(x, dx);
                }

                chainedDot = product.Pack(dots);
                how = $"the {f.Parts.Count} branches'";
            }
            else
            {
                return;
            }
        }
#pragma warning disable CA1031 // a part that throws on its own was already reported through the whole; nothing to compare
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (!p.In.SameShapeObject(x, chainedBar) || !p.Out.SameShapeObject(p.Y, chainedDot))
        {
            return;
        }

        var reverse = f.Kind == DiffKind.Composition ? "pullbacks applied in reverse" : "pullbacks summed";
        s.Compare(RuleCheckKind.ChainRule, $"chain rule: the composed pullback equals {how} {reverse}",
            "composed pullback(ȳ)", s.XBarFlat, $"{how} {reverse}", Flat.Of(p.In, chainedBar), s.IdentityTolerance, dx, yBar,
            noise: () => 16 * s.RoundingNoise(s.Pullback, p.YBarFlat, s.XBarFlat, isPullback: true));
        s.Compare(RuleCheckKind.ChainRule, $"chain rule: the composed pushforward equals {how} pushforwards {(f.Kind == DiffKind.Composition ? "applied in order" : "packed")}",
            "composed pushforward(ẋ)", s.DyFlat, $"{how} pushforwards", Flat.Of(p.Out, chainedDot), s.IdentityTolerance, dx, yBar,
            noise: s.HasPushforward ? () => 16 * s.RoundingNoise(s.Pushforward, p.DxFlat, s.DyFlat, isPullback: false) : null);
    }
}
