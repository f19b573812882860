using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// The primal: the value returned with the pullback (or the pushforward) is <c>Invoke(x)</c>, shaped alike and
/// equal bit for bit, since both are the same forward pass. Catches a <c>ValueWithPullback</c> that recomputes
/// the value differently, or returns a stale one.
/// </summary>
internal static class Primal
{
    /// <summary>Checks <paramref name="value"/>, described as <paramref name="what"/>, against the sample's y.</summary>
    public static void Check(SamplePoint s, Calls calls, object value, string what)
    {
        if (!s.Out.SameShapeObject(s.Y, value))
        {
            calls.Add(calls.Fail(RuleCheckKind.Structure, $"{what} is shaped like Invoke(x)") with
            {
                Detail = $"{what} is {s.Out.ShapeObject(value)}, Invoke(x) is {s.Out.ShapeObject(s.Y)}",
            });
            return;
        }

        var v = Flat.Of(s.Out, value);
        if (!Flat.BitwiseEqual(v, s.YFlat))
        {
            calls.Add(calls.Fail(RuleCheckKind.Primal, $"{what} = Invoke(x), bit for bit (the same forward pass)") with
            {
                LeftLabel = what,
                Left = v,
                RightLabel = "Invoke(x)",
                Right = s.YFlat,
                AbsoluteError = Flat.Distance(v, s.YFlat),
                RelativeError = Sample.Relative(Flat.Distance(v, s.YFlat), Flat.Norm(s.YFlat)),
                Tolerance = 0,
            });
        }
    }
}
