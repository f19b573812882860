using CsCheck;
using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// One sample with the rule's linear maps at it: the point (<see cref="SamplePoint"/>), the pullback and the
/// pushforward recorded at x, their results at the sample's ȳ and ẋ (computed once), the options, the sample's
/// random stream and its <see cref="Calls"/>. The laws in this folder read it; none changes it.
/// </summary>
internal sealed record Sample(
    IDiff Rule,
    RuleCheckOptions Options,
    SamplePoint Point,
    Calls Calls,
    PCG Rng,
    Func<object, object> Pullback,
    Func<object, object> Pushforward,
    double[] XBarFlat,
    double[] DyFlat)
{
    /// <summary>Whether the rule has a pushforward of its own (else it is derived from the pullback, and the laws that compare the two are skipped).</summary>
    public bool HasPushforward => Rule.HasPushforward;

    /// <summary>The tolerance of the identities between the rule's own maps.</summary>
    public Tolerance IdentityTolerance => Options.IdentityTolerance;

    /// <summary>t ↦ f(x + t·ẋ) flattened, or null where it throws or is not finite.</summary>
    public Func<double, double[]?> Line(double[] dxFlat)
    {
        var f = Rule;
        var p = Point;
        return t =>
        {
            try
            {
                var point = Flat.Build(p.In, p.X, Flat.AddScaled(p.XFlat, t, dxFlat));
                var v = Flat.Of(p.Out, f.Invoke(point));
                return v.Length == p.YFlat.Length && Flat.AllFinite(v) ? v : null;
            }
#pragma warning disable CA1031 // a point where f throws lies outside its domain: no sample of the line there
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        };
    }

    /// <summary>The linear map (<paramref name="isPullback"/>) at an argument, through <see cref="Calls.Map"/>.</summary>
    public bool Map(Func<object, object> map, object arg, bool isPullback, object? tangent, object? cotangent, out double[] result) =>
        Calls.Map(Point, map, arg, isPullback, tangent, cotangent, out result);

    /// <summary>
    /// Compares two flat values within <paramref name="tol"/> of the larger norm (or of <paramref name="scale"/>),
    /// plus <paramref name="noise"/> (evaluated only when the plain bound fails), and records a failure when they differ;
    /// no verdict when either holds a non-finite value (an overflow).
    /// </summary>
    public void Compare(RuleCheckKind kind, string check, string leftLabel, double[] left, string rightLabel, double[] right, Tolerance tol, object? tangent, object? cotangent, double? scale = null, Func<double>? noise = null)
    {
        // A value that overflowed (pullback(10³·ȳ) past 10³⁰⁸, or an intermediate ∞ times a zero cotangent) says
        // nothing of the identity: no verdict. The rule's own results at the sample are checked finite elsewhere.
        if (!Flat.AllFinite(left) || !Flat.AllFinite(right))
        {
            return;
        }

        var error = Flat.Distance(left, right);
        var s = scale ?? Math.Max(Flat.Norm(left), Flat.Norm(right));
        var bound = tol.Bound(Math.Max(s, Math.Max(Flat.Norm(left), Flat.Norm(right))));
        if (!(error <= bound) && noise is not null)
        {
            bound += noise();
        }

        if (!(error <= bound))
        {
            Calls.Add(Calls.Fail(kind, check, tangent, cotangent) with
            {
                LeftLabel = leftLabel,
                Left = left,
                RightLabel = rightLabel,
                Right = right,
                AbsoluteError = error,
                RelativeError = Relative(error, Math.Max(Flat.Norm(left), Flat.Norm(right))),
                Tolerance = bound,
            });
        }
    }

    /// <summary>
    /// The rounding noise of a linear map at an argument a: the largest of <c>‖map(cₖ·a)/cₖ − map(a)‖</c> over the
    /// nudges <c>c₀ = 1 + 0.73·2⁻²⁰</c>, <c>c₁ = 1 − 0.41·2⁻²⁰</c>, <c>c₂ = 1 + 0.29·2⁻¹⁹</c>: zero for a linear map but
    /// for rounding, which differs between the calls because every product in them does. A map whose result cancels
    /// (terms of 10⁻² summing to 10⁻⁵) rounds far above ε·‖map(a)‖, and the identities on it must allow that; a
    /// nonlinear term moves this measure by only |cₖ − 1| ≤ 7·10⁻⁷ of itself, so it cannot hide one. One nudge alone
    /// can read far less than the rounding when a few operations dominate it: the 10⁶-pipeline soak's
    /// dEMSzoGdk8Z3-Yfg3 (a softmax's pushforward on tangents of 2·10⁵ whose true sum is 0, rounded to 4·10⁻¹²) read
    /// 16× below the additivity error, a 10⁻⁶ event. The later nudges are made only with <paramref name="thorough"/>,
    /// which the linearity laws ask for on a comparison whose error is a fair part of the results: elsewhere a larger
    /// allowance would let a derivative computed in float precision, whose error is its own rounding, pass.
    /// 0 when the map throws.
    /// </summary>
    /// <param name="map">The pullback or the pushforward.</param>
    /// <param name="argFlat">a, flat.</param>
    /// <param name="resultFlat">map(a), flat.</param>
    /// <param name="isPullback">Whether map is the pullback.</param>
    /// <param name="thorough">Whether to take the largest reading of three nudges rather than one.</param>
    public double RoundingNoise(Func<object, object> map, double[] argFlat, double[] resultFlat, bool isPullback, bool thorough = false)
    {
        var noise = Nudged(1 + (0.73 / 1048576));
        if (thorough)
        {
            noise = Math.Max(noise, Math.Max(Nudged(1 - (0.41 / 1048576)), Nudged(1 + (0.29 / 524288))));
        }

        return noise;

        double Nudged(double c0)
        {
            var argSpace = isPullback ? Point.Out : Point.In;
            var argLike = isPullback ? Point.Y : Point.X;
            try
            {
                var nudged = map(Flat.Build(argSpace, argLike, Flat.Scale(c0, argFlat)));
                var flat = Flat.Of(isPullback ? Point.In : Point.Out, nudged);
                return flat.Length == resultFlat.Length ? Flat.Distance(Flat.Scale(1 / c0, flat), resultFlat) : 0;
            }
#pragma warning disable CA1031 // the map's exceptions are reported by the checks that call it; here they only mean no allowance
            catch (Exception)
#pragma warning restore CA1031
            {
                return 0;
            }
        }
    }

    /// <summary>error / scale, 0 for no error, ∞ for an error at scale 0.</summary>
    public static double Relative(double error, double scale) => scale > 0 ? error / scale : error == 0 ? 0 : double.PositiveInfinity;
}
