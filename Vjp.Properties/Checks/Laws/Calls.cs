using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Every call into the rule at one sample, and the laws of structure and finiteness they enforce: a call
/// completes and returns a value, of the declared type and shape, finite where f(x) is. An exception, a null, a
/// wrong type or a wrong shape becomes a failure (a structural one when it is about shapes) instead of leaving the
/// checker.
/// </summary>
internal sealed class Calls(string path, string seed, object x, SampleOutcome outcome)
{
    /// <summary>The sample's outcome, which the laws add their failures to.</summary>
    public SampleOutcome Outcome => outcome;

    /// <summary>A failure of <paramref name="kind"/> at this sample's input, with the tangent and cotangent it was found with.</summary>
    public RuleFailure Fail(RuleCheckKind kind, string check, object? tangent = null, object? cotangent = null) =>
        new() { Kind = kind, Path = path, Check = check, Input = x, Tangent = tangent, Cotangent = cotangent, Seed = seed };

    /// <summary>Records a failure.</summary>
    public void Add(RuleFailure f) => outcome.Failures.Add(f);

    /// <summary>Calls into the rule; an exception becomes a failure (a structural one when it is about shapes).</summary>
    public bool TryCall<T>(Func<T> call, string what, object? tangent, object? cotangent, out T result)
    {
        try
        {
            result = call();
            if (result is null)
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} returns a value", tangent, cotangent) with { Detail = $"{what} returned null" });
                return false;
            }

            return true;
        }
        catch (ShapeException e)
        {
            Add(Fail(RuleCheckKind.Structure, $"{what} returns values of the right shapes", tangent, cotangent) with { Detail = e.Message });
        }
        catch (InvalidOperationException e) when (e.Message.Contains("returned null", StringComparison.Ordinal))
        {
            Add(Fail(RuleCheckKind.Structure, $"{what} returns a value", tangent, cotangent) with { Detail = e.Message });
        }
        catch (InvalidCastException e)
        {
            Add(Fail(RuleCheckKind.Structure, $"{what} returns values of the declared types", tangent, cotangent) with { Detail = e.Message });
        }
#pragma warning disable CA1031 // any exception from user code is reported as a failure of the rule, not thrown out of the checker
        catch (Exception e)
#pragma warning restore CA1031
        {
            var where = e.Data.Contains("Vjp.Path") ? $" (in {e.Data["Vjp.Path"]})" : "";
            Add(Fail(RuleCheckKind.Exception, $"{what} completes", tangent, cotangent) with { Detail = $"{e.GetType().Name}: {e.Message}{where}" });
        }

        result = default!;
        return false;
    }

    /// <summary>The pullback at ȳ, flat: shaped like x and finite, or a failure.</summary>
    public bool Cotangent(SamplePoint s, Func<object, object> pullback, object yBar, object dx, out double[] xBarFlat)
    {
        xBarFlat = [];
        if (!TryCall(() => pullback(yBar), "pullback(ȳ)", dx, yBar, out var xBar))
        {
            return false;
        }

        if (!s.In.SameShapeObject(s.X, xBar))
        {
            Add(Fail(RuleCheckKind.Structure, "the cotangent pullback(ȳ) is shaped like the input x", dx, yBar) with
            {
                Detail = $"pullback(ȳ) returned {s.In.ShapeObject(xBar)} for input {s.In.ShapeObject(s.X)}",
            });
            return false;
        }

        xBarFlat = Flat.Of(s.In, xBar);
        if (!Flat.AllFinite(xBarFlat))
        {
            if (ProductOverflow(s, pullback, yBar, isPullback: true) is { } why)
            {
                Inconclusive(why);
                return false;
            }

            Add(Fail(RuleCheckKind.NonFinite, "pullback(ȳ) is finite where f(x) is", dx, yBar) with
            {
                LeftLabel = "pullback(ȳ)",
                Left = xBarFlat,
            });
            return false;
        }

        return true;
    }

    /// <summary>The pushforward at ẋ, flat: shaped like f(x) and finite, or a failure.</summary>
    public bool Tangent(SamplePoint s, Func<object, object> pushforward, object dx, object yBar, out double[] dyFlat)
    {
        dyFlat = [];
        if (!TryCall(() => pushforward(dx), "pushforward(ẋ)", dx, yBar, out var dy))
        {
            return false;
        }

        if (!s.Out.SameShapeObject(s.Y, dy))
        {
            Add(Fail(RuleCheckKind.Structure, "the tangent pushforward(ẋ) is shaped like the output f(x)", dx, yBar) with
            {
                Detail = $"pushforward(ẋ) returned {s.Out.ShapeObject(dy)} for output {s.Out.ShapeObject(s.Y)}",
            });
            return false;
        }

        dyFlat = Flat.Of(s.Out, dy);
        if (!Flat.AllFinite(dyFlat))
        {
            if (ProductOverflow(s, pushforward, dx, isPullback: false) is { } why)
            {
                Inconclusive(why);
                return false;
            }

            Add(Fail(RuleCheckKind.NonFinite, "pushforward(ẋ) is finite where f(x) is", dx, yBar) with
            {
                LeftLabel = "pushforward(ẋ)",
                Left = dyFlat,
            });
            return false;
        }

        return true;
    }

    /// <summary>
    /// Why a non-finite result of a linear map at <paramref name="arg"/> is an overflow of the true value rather than a
    /// wrong rule, or null when it is not. The map is linear, so map(2⁻ᵏ·arg) = 2⁻ᵏ·map(arg) exactly in exact
    /// arithmetic, and scaling by a power of two changes no rounding short of the subnormal range: where the map at
    /// 2⁻¹⁰·arg or 2⁻²⁰·arg is finite, the ∞ at arg is the product (ȳ·cosh x at x ≈ 709.8, |ȳ| ≈ 2) passing 10³⁰⁸,
    /// a pullback not representable in doubles, and the sample is inconclusive. A rule that returns ∞ or NaN of its
    /// own (∞/∞, √ of a negative, a division by zero) does so at the scaled argument too, and stays a failure.
    /// </summary>
    private static string? ProductOverflow(SamplePoint s, Func<object, object> map, object arg, bool isPullback)
    {
        var argSpace = isPullback ? s.Out : s.In;
        var resultSpace = isPullback ? s.In : s.Out;
        var argFlat = Flat.Of(argSpace, arg);
        if (!Flat.AllFinite(argFlat))
        {
            return null;
        }

        foreach (var k in (ReadOnlySpan<int>)[10, 20])
        {
            var scale = Math.ScaleB(1.0, -k);
            try
            {
                var scaled = Flat.Of(resultSpace, map(Flat.Build(argSpace, isPullback ? s.Y : s.X, Flat.Scale(scale, argFlat))));
                if (scaled.Length > 0 && Flat.AllFinite(scaled))
                {
                    var what = isPullback ? "pullback(ȳ)" : "pushforward(ẋ)";
                    var a = isPullback ? "ȳ" : "ẋ";
                    return $"{what} overflows (∞ or NaN) while {what[..^3]}(2⁻{Superscript(k)}·{a}) = 2⁻{Superscript(k)}·{what} is finite: the true value lies beyond the largest double, not a wrong rule";
                }
            }
#pragma warning disable CA1031 // the map's exceptions are reported by the call at the sample's own argument; here they only mean no excuse
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        return null;
    }

    private static string Superscript(int k) => k == 10 ? "¹⁰" : "²⁰";

    /// <summary>Marks the sample inconclusive, with the reason.</summary>
    private void Inconclusive(string why)
    {
        outcome.FiniteDifferencesInconclusive = true;
        outcome.InconclusiveReason ??= why;
    }

    /// <summary>A linear map (the pullback, or the pushforward) at an argument, flat and shaped like its space, or a failure.</summary>
    public bool Map(SamplePoint s, Func<object, object> map, object arg, bool isPullback, object? tangent, object? cotangent, out double[] result)
    {
        result = [];
        var what = isPullback ? "pullback(ȳ)" : "pushforward(ẋ)";
        if (!TryCall(() => map(arg), what, tangent, cotangent, out var r))
        {
            return false;
        }

        var space = isPullback ? s.In : s.Out;
        var like = isPullback ? s.X : s.Y;
        if (!space.SameShapeObject(like, r))
        {
            Add(Fail(RuleCheckKind.Structure, $"{what} is shaped like {(isPullback ? "the input x" : "the output f(x)")}", tangent, cotangent) with
            {
                Detail = $"{what} returned {space.ShapeObject(r)} for {space.ShapeObject(like)}",
            });
            return false;
        }

        result = Flat.Of(space, r);
        return true;
    }
}
