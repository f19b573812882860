using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Aliasing and mutation: a rule neither writes into its arguments nor returns storage it writes into again.
/// </summary>
/// <remarks>
/// <para>
/// <c>Vec</c> and <c>Mat</c> are immutable to users, but a <c>Diff.Create</c> rule can reach their storage
/// (<c>MemoryMarshal</c>, <c>Unsafe</c>) or hand out one buffer it owns. Either breaks every caller silently: after
/// <c>g₁ = pullback(ȳ₁); g₂ = pullback(ȳ₂)</c> a pullback that reuses its buffer leaves g₁ holding g₂'s values, and the
/// other laws, which copy each result to a flat array at once, never see it.
/// </para>
/// <para>
/// The law calls the rule on fresh copies of x, ȳ and ẋ, so the arguments kept for the report are the ones first
/// passed in: forward and pullback at x, then the pullback at <c>−2ȳ</c>, after which the first cotangent must still
/// hold its values bit for bit; the same for the pushforward; and x, y, ȳ, ẋ must still hold theirs. It is exact
/// (bit for bit) and never draws from the sample's random stream.
/// </para>
/// </remarks>
internal static class Aliasing
{
    /// <summary>The failures of the law at one sample; empty when it holds (or the rule threw, which other laws report).</summary>
    public static List<RuleFailure> Check(
        SamplePoint s,
        Func<object, (object Value, Func<object, object> Pullback)> withPullback,
        Func<object, (object Value, Func<object, object> Pushforward)> withPushforward,
        bool hasPushforward)
    {
        var failures = new List<RuleFailure>();
        try
        {
            var x = SamplePoint.Copy(s.In, s.X, s.XFlat);
            var yBar = SamplePoint.Copy(s.Out, s.Y, s.YBarFlat);
            var (y, pullback) = withPullback(x);
            var xBar = pullback(yBar);
            var xBarFlat = Flat.Of(s.In, xBar);
            Unchanged(s.Out, yBar, s.YBarFlat, "the cotangent ȳ", "pullback(ȳ)");
            var yBar2Flat = Flat.Scale(-2, s.YBarFlat);
            var xBar2 = pullback(SamplePoint.Copy(s.Out, s.Y, yBar2Flat));
            Still(s.In, xBar, xBarFlat, "pullback(ȳ₁)", "pullback(ȳ₂) with ȳ₂ = −2ȳ₁", xBar2);
            Unchanged(s.Out, y, s.YFlat, "the value y returned with the pullback", "pullback(ȳ)");

            if (hasPushforward)
            {
                var dx = SamplePoint.Copy(s.In, s.X, s.DxFlat);
                var (_, pushforward) = withPushforward(x);
                var dy = pushforward(dx);
                var dyFlat = Flat.Of(s.Out, dy);
                Unchanged(s.In, dx, s.DxFlat, "the tangent ẋ", "pushforward(ẋ)");
                var dy2 = pushforward(SamplePoint.Copy(s.In, s.X, Flat.Scale(-2, s.DxFlat)));
                Still(s.Out, dy, dyFlat, "pushforward(ẋ₁)", "pushforward(ẋ₂) with ẋ₂ = −2ẋ₁", dy2);
            }

            Unchanged(s.In, x, s.XFlat, "the input x", "the forward pass, pullback and pushforward");
        }
#pragma warning disable CA1031 // an exception of the rule is reported by the laws that call it directly
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return failures;

        void Unchanged(VectorSpace space, object value, double[] before, string what, string after)
        {
            var now = Flat.Of(space, value);
            if (!Flat.BitwiseEqual(now, before))
            {
                failures.Add(s.Fail(RuleCheckKind.Mutation, $"the rule leaves {what} unchanged (after {after})") with
                {
                    LeftLabel = $"{what} passed in",
                    Left = before,
                    RightLabel = "afterwards",
                    Right = now,
                    AbsoluteError = Flat.Distance(now, before),
                    RelativeError = Relative(Flat.Distance(now, before), Flat.Norm(before)),
                    Tolerance = 0,
                    Detail = $"{what} was written into by {after}",
                });
            }
        }

        void Still(VectorSpace space, object first, double[] before, string what, string later, object second)
        {
            var now = Flat.Of(space, first);
            if (!Flat.BitwiseEqual(now, before))
            {
                failures.Add(s.Fail(RuleCheckKind.Aliasing, $"a result keeps its values when the rule is called again: {what} after {later}") with
                {
                    LeftLabel = $"{what} when returned",
                    Left = before,
                    RightLabel = $"{what} after {later}",
                    Right = now,
                    AbsoluteError = Flat.Distance(now, before),
                    RelativeError = Relative(Flat.Distance(now, before), Flat.Norm(before)),
                    Tolerance = 0,
                    Detail = ReferenceEquals(first, second)
                        ? "the second call returned the very same object as the first"
                        : "the two results share storage",
                });
            }
        }
    }

    /// <summary>
    /// The forward pass keeps its result: after f has been evaluated at many other points (the other laws), the
    /// sample's y still holds its values. A forward pass that reuses one output buffer shows here.
    /// </summary>
    public static void ForwardKept(SamplePoint s, Calls calls)
    {
        var now = Flat.Of(s.Out, s.Y);
        if (!Flat.BitwiseEqual(now, s.YFlat))
        {
            calls.Add(calls.Fail(RuleCheckKind.Aliasing, "a result keeps its values when the rule is called again: Invoke(x) after f is evaluated elsewhere") with
            {
                LeftLabel = "Invoke(x) when returned",
                Left = s.YFlat,
                RightLabel = "Invoke(x) afterwards",
                Right = now,
                AbsoluteError = Flat.Distance(s.YFlat, now),
                RelativeError = Relative(Flat.Distance(s.YFlat, now), Flat.Norm(s.YFlat)),
                Tolerance = 0,
                Detail = "the forward pass returns storage it writes into again on a later call",
            });
        }
    }

    private static double Relative(double error, double scale) => scale > 0 ? error / scale : error == 0 ? 0 : double.PositiveInfinity;
}
