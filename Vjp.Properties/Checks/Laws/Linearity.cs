using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Linearity of the pullback in ȳ (or the pushforward in ẋ): additivity <c>map(a₁ + a₂) = map(a₁) + map(a₂)</c>,
/// homogeneity <c>map(c·a) = c·map(a)</c> on a random c and on the fixed scalars of <see cref="Homogeneity"/>, and
/// <c>map(0) = 0</c> exactly. Catches a map that depends on its argument other than linearly (a clip, a
/// threshold, a sign-dependent factor, a constant offset), and names it as such rather than as an adjoint failure.
/// </summary>
internal static class Linearity
{
    /// <summary>Checks the pullback (<paramref name="isPullback"/>) or the pushforward of sample <paramref name="s"/>.</summary>
    public static void Check(Sample s, bool isPullback)
    {
        var p = s.Point;
        var map = isPullback ? s.Pullback : s.Pushforward;
        var arg = isPullback ? p.YBar : p.Dx;
        var argFlat = isPullback ? p.YBarFlat : p.DxFlat;
        var resultFlat = isPullback ? s.XBarFlat : s.DyFlat;
        var argSpace = isPullback ? p.Out : p.In;
        var argLike = isPullback ? p.Y : p.X;
        var other = isPullback ? p.Dx : p.YBar;
        var idTol = s.IdentityTolerance;
        var name = isPullback ? "pullback" : "pushforward";
        var a = isPullback ? "ȳ" : "ẋ";
        object? T(object v) => isPullback ? other : v;
        object? C(object v) => isPullback ? v : other;

        // Additivity: map(a₁ + a₂) = map(a₁) + map(a₂).
        var arg2Flat = Flat.Gaussian(s.Rng, argFlat.Length);
        var arg2 = Flat.Build(argSpace, argLike, arg2Flat);
        var sumFlat = Flat.AddScaled(argFlat, 1, arg2Flat);
        var sum = Flat.Build(argSpace, argLike, sumFlat);
        if (!s.Map(map, arg2, isPullback, T(arg2), C(arg2), out var result2)
            || !s.Map(map, sum, isPullback, T(sum), C(sum), out var resultSum))
        {
            return;
        }

        var argNorm = Flat.Norm(argFlat);
        var noise = new Lazy<double>(() => s.RoundingNoise(map, argFlat, resultFlat, isPullback));
        var thorough = new Lazy<double>(() => s.RoundingNoise(map, argFlat, resultFlat, isPullback, thorough: true));

        // A comparison whose error is a fair part of the results themselves (≥ 1/16) is either grossly nonlinear, which
        // no nudge can hide (a nonlinear term moves the measure by 7·10⁻⁷ of itself), or a result that is all rounding
        // (a softmax's pushforward on tangents of 2·10⁵ whose true sum is 0, the soak's dEMSzoGdk8Z3-Yfg3): its noise
        // is then measured on three nudges, not one, which can read 16× low. A small relative error (a map computed in
        // float precision, 10⁻⁸ off) keeps the single nudge, which does not excuse it.
        // The thorough measure reads the rounding at every argument of the comparison, not only at a: a map whose exact
        // value is 0 may round to exactly 0 at a and at every nudge of it, and to 10⁻¹² at a₁ + a₂ (the second soak's
        // auJVBmC3sstlkUuo2, the pullback of a softmax's sum on a cotangent c·1, where c·Σsᵢ rounds to c for some c only).
        Func<double> Noise(double norm, double[] left, double[] right, params (double[] Arg, double[] Result)[] others) => () =>
        {
            if (argNorm <= 0)
            {
                return 0;
            }

            if (Flat.Distance(left, right) * 16 < Math.Max(Flat.Norm(left), Flat.Norm(right)))
            {
                return 16 * noise.Value * norm / argNorm;
            }

            var relative = thorough.Value / argNorm;
            foreach (var (other, result) in others)
            {
                var n = Flat.Norm(other);
                if (n > 0)
                {
                    relative = Math.Max(relative, s.RoundingNoise(map, other, result, isPullback, thorough: true) / n);
                }
            }

            return 16 * relative * norm;
        };

        var kind = isPullback ? RuleCheckKind.PullbackAdditivity : RuleCheckKind.PushforwardAdditivity;
        s.Compare(kind, $"additivity: {name}({a}₁ + {a}₂) = {name}({a}₁) + {name}({a}₂)",
            $"{name}({a}₁ + {a}₂)", resultSum, $"{name}({a}₁) + {name}({a}₂)", Flat.AddScaled(resultFlat, 1, result2),
            idTol, T(arg), C(arg), Flat.Norm(resultFlat) + Flat.Norm(result2), Noise(argNorm + Flat.Norm(arg2Flat), resultSum, Flat.AddScaled(resultFlat, 1, result2), (arg2Flat, result2), (sumFlat, resultSum)));

        // Homogeneity: map(c·a) = c·map(a), with |c| in [0.5, 3).
        var c = Flat.Uniform(s.Rng, 0.5, 3) * (s.Rng.Next(2) == 0 ? -1 : 1);
        var scaledFlat = Flat.Scale(c, argFlat);
        var scaled = Flat.Build(argSpace, argLike, scaledFlat);
        if (!s.Map(map, scaled, isPullback, T(scaled), C(scaled), out var resultScaled))
        {
            return;
        }

        kind = isPullback ? RuleCheckKind.PullbackHomogeneity : RuleCheckKind.PushforwardHomogeneity;
        s.Compare(kind, $"homogeneity: {name}(c·{a}) = c·{name}({a}) with c = {Reports.Show.Number(c)}",
            $"{name}(c·{a})", resultScaled, $"c·{name}({a})", Flat.Scale(c, resultFlat),
            idTol, T(arg), C(arg), Math.Abs(c) * Flat.Norm(resultFlat), Noise((1 + Math.Abs(c)) * argNorm, resultScaled, Flat.Scale(c, resultFlat), (scaledFlat, resultScaled)));

        // And on the fixed scalars −1, 2¹⁰, 2⁻¹⁰ (Homogeneity): a sign or a scale a random c near 1 misses.
        var outcome = s.Calls.Outcome;
        var failed = outcome.Failures.Count;
        foreach (var k in Homogeneity.Scalars)
        {
            if (outcome.Failures.Count > failed)
            {
                break;
            }

            var argKFlat = Flat.Scale(k, argFlat);
            var argK = Flat.Build(argSpace, argLike, argKFlat);
            if (!s.Map(map, argK, isPullback, T(argK), C(argK), out var resultK))
            {
                return;
            }

            s.Compare(kind, $"homogeneity: {name}(c·{a}) = c·{name}({a}) with c = {Reports.Show.Number(k)}",
                $"{name}(c·{a})", resultK, $"c·{name}({a})", Flat.Scale(k, resultFlat),
                idTol, T(arg), C(arg), Math.Abs(k) * Flat.Norm(resultFlat), Noise((1 + Math.Abs(k)) * argNorm, resultK, Flat.Scale(k, resultFlat), (argKFlat, resultK)));
        }

        // Zero: map(0) = 0 exactly.
        var zero = argSpace.ZeroLikeObject(argLike);
        if (!s.Map(map, zero, isPullback, T(zero), C(zero), out var resultZero))
        {
            return;
        }

        if (Flat.NormInf(resultZero) != 0)
        {
            s.Calls.Add(s.Calls.Fail(isPullback ? RuleCheckKind.PullbackOfZero : RuleCheckKind.PushforwardOfZero, $"a zero {(isPullback ? "cotangent" : "tangent")} maps to zero: {name}(0) = 0", T(zero), C(zero)) with
            {
                LeftLabel = $"{name}(0)",
                Left = resultZero,
                RightLabel = "0",
                Right = new double[resultZero.Length],
                AbsoluteError = Flat.Norm(resultZero),
                RelativeError = double.PositiveInfinity,
                Tolerance = 0,
            });
        }
    }
}
