using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// Entry by entry: for a small rule (2 or more Jacobian entries, at most <see cref="MaxInputs"/> inputs and <see cref="MaxEntries"/> Jacobian
/// entries) whose pushforward or pullback has just failed against finite differences along ẋ, the whole Jacobian
/// is compared entry by entry, as PyTorch's <c>gradcheck</c> does, and the worst wrong entry J[i, j] is named.
/// </summary>
/// <remarks>
/// The rule's Jacobian comes from the failing map itself: columns <c>J·eⱼ</c> from the pushforward, rows
/// <c>eᵢᵀ·J</c> from the pullback. Column j of f's Jacobian is a Richardson-extrapolated central difference along
/// <c>eⱼ</c>, its step scaled as the main check's is. It runs only after a failure that is already confirmed, so it
/// adds no verdict of its own on a correct rule (it cannot false-alarm); an entry is wrong when it differs by more
/// than the finite-difference tolerance plus four times the column's error estimate.
/// </remarks>
internal static class JacobianEntries
{
    /// <summary>The largest input dimension compared entry by entry.</summary>
    public const int MaxInputs = 8;

    /// <summary>The largest number of Jacobian entries compared.</summary>
    public const int MaxEntries = 64;

    /// <summary>The failure naming the worst wrong entry of the map (<paramref name="isPullback"/>), or null when the Jacobian is too large, no column is reliable, or every entry agrees.</summary>
    public static RuleFailure? Locate(
        SamplePoint s,
        bool isPullback,
        Func<object, object> map,
        Func<double[], Func<double, double[]?>> lineAlong,
        Func<double[], double> firstStep,
        int rows,
        double sigma,
        Tolerance tolerance)
    {
        var n = s.XFlat.Length;
        var m = s.YFlat.Length;
        if (n * m < 2 || n > MaxInputs || n * m > MaxEntries)
        {
            return null;
        }

        try
        {
            var rule = new double[m, n];
            for (var k = 0; k < (isPullback ? m : n); k++)
            {
                var e = new double[isPullback ? m : n];
                e[k] = 1;
                var result = isPullback
                    ? Flat.Of(s.In, map(SamplePoint.Copy(s.Out, s.Y, e)))
                    : Flat.Of(s.Out, map(SamplePoint.Copy(s.In, s.X, e)));
                for (var l = 0; l < result.Length; l++)
                {
                    if (isPullback)
                    {
                        rule[k, l] = result[l];
                    }
                    else
                    {
                        rule[l, k] = result[l];
                    }
                }
            }

            var (wi, wj, worst, wrong) = (-1, -1, 1.0, 0);
            var fdWorst = 0.0;
            var boundWorst = 0.0;
            for (var j = 0; j < n; j++)
            {
                var ej = new double[n];
                ej[j] = 1;
                var h0 = firstStep(ej);
                var samples = h0 > 0 ? Richardson.Sample(lineAlong(ej), h0, rows) : null;
                if (samples is null)
                {
                    continue;
                }

                var column = Richardson.Central(samples, double.IsFinite(sigma) ? sigma : 0);
                if (column.Derivative is null || !double.IsFinite(column.Error))
                {
                    continue;
                }

                for (var i = 0; i < m; i++)
                {
                    var fd = column.Derivative[i];
                    var error = Math.Abs(rule[i, j] - fd);
                    var bound = tolerance.Bound(Math.Max(Math.Abs(rule[i, j]), Math.Abs(fd))) + (4 * column.Error);
                    if (error > bound)
                    {
                        wrong++;
                        if (error / bound > worst)
                        {
                            (wi, wj, worst, fdWorst, boundWorst) = (i, j, error / bound, fd, bound);
                        }
                    }
                }
            }

            if (wi < 0)
            {
                return null;
            }

            var name = isPullback ? "pullback" : "pushforward";
            var error0 = Math.Abs(rule[wi, wj] - fdWorst);
            var scale = Math.Max(Math.Abs(rule[wi, wj]), Math.Abs(fdWorst));
            return s.Fail(RuleCheckKind.JacobianEntry, $"entry by entry: J[{wi}, {wj}] = ∂f{wi}/∂x{wj} by the {name} equals finite differences along e{wj} (flat views)") with
            {
                LeftLabel = $"J[{wi}, {wj}] by the {name}",
                Left = [rule[wi, wj]],
                RightLabel = $"J[{wi}, {wj}] by finite differences",
                Right = [fdWorst],
                AbsoluteError = error0,
                RelativeError = scale > 0 ? error0 / scale : 0,
                Tolerance = boundWorst,
                Detail = $"entry ({wi}, {wj}) (output {wi}, input {wj} of the flat views) is the worst of {wrong} wrong entries of {m * n}",
            };
        }
#pragma warning disable CA1031 // the map's exceptions are reported by the checks that call it directly
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
