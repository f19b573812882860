using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Determinism: two calls of the pullback (the pushforward) with the same argument agree bit for bit, and so do
/// the pullbacks of two forward passes at the same x. Run after f has been evaluated at many other points, so a
/// rule that reads residuals from shared mutable state (overwritten by those evaluations) shows here.
/// </summary>
internal static class Determinism
{
    /// <summary>Checks the three agreements at sample <paramref name="s"/>, given the rule's forward pass with its pullback.</summary>
    public static void Check(Sample s, Func<object, (object Value, Func<object, object> Pullback)> withPullback)
    {
        var p = s.Point;
        Again(s, s.Pullback, p.YBar, s.XBarFlat, p.Dx, isPullback: true);
        Again(s, s.Pushforward, p.Dx, s.DyFlat, p.YBar, isPullback: false);
        if (s.Calls.TryCall(() => withPullback(p.X), "ValueWithPullback(x)", p.Dx, p.YBar, out var again)
            && s.Calls.TryCall(() => again.Pullback(p.YBar), "pullback(ȳ)", p.Dx, p.YBar, out var xBarAgain)
            && !Flat.BitwiseEqual(Flat.Of(p.In, xBarAgain), s.XBarFlat))
        {
            s.Calls.Add(s.Calls.Fail(RuleCheckKind.Determinism, "the pullbacks of two forward passes at the same x agree bit for bit on the same ȳ", p.Dx, p.YBar) with
            {
                LeftLabel = "first pullback(ȳ)",
                Left = s.XBarFlat,
                RightLabel = "second pullback(ȳ)",
                Right = Flat.Of(p.In, xBarAgain),
                AbsoluteError = Flat.Distance(s.XBarFlat, Flat.Of(p.In, xBarAgain)),
                RelativeError = Sample.Relative(Flat.Distance(s.XBarFlat, Flat.Of(p.In, xBarAgain)), Flat.Norm(s.XBarFlat)),
                Tolerance = 0,
            });
        }
    }

    private static void Again(Sample s, Func<object, object> map, object arg, double[] firstFlat, object other, bool isPullback)
    {
        var name = isPullback ? "pullback(ȳ)" : "pushforward(ẋ)";
        if (!s.Map(map, arg, isPullback, isPullback ? other : arg, isPullback ? arg : other, out var again))
        {
            return;
        }

        if (!Flat.BitwiseEqual(firstFlat, again))
        {
            s.Calls.Add(s.Calls.Fail(RuleCheckKind.Determinism, $"two calls of {name} with the same argument agree bit for bit", isPullback ? other : arg, isPullback ? arg : other) with
            {
                LeftLabel = $"first {name}",
                Left = firstFlat,
                RightLabel = $"second {name}",
                Right = again,
                AbsoluteError = Flat.Distance(firstFlat, again),
                RelativeError = Sample.Relative(Flat.Distance(firstFlat, again), Flat.Norm(firstFlat)),
                Tolerance = 0,
            });
        }
    }
}
