using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks;

/// <summary>
/// Whether an input lies in the domain of a function and of every part of it: the domain of a composition is
/// where each stage's own input lies in that stage's <see cref="IDiff.Domain"/>. Inputs outside it are not
/// samples of a differentiable function (a ReLU inside a pipeline meeting exactly 0, say) and are skipped, as
/// inputs where f is NaN are.
/// </summary>
/// <remarks>
/// A part's domain applies to every coordinate of its input. The function itself needs its input strictly
/// inside (its finite-difference steps are kept inside separately). A part inside a composition must not meet
/// a kink or end of its domain (within 10⁻⁹·max(1, |kink|), i.e. up to rounding) at a coordinate that moves with
/// the input: there the whole function is not differentiable. A coordinate pinned at a kink (the input of a
/// ReLU applied after a ReLU is pinned at 0 where the first one is off) is no obstacle, since the kink is never
/// crossed. Kinks near, but not at, the input are handled by the checks themselves (one-sided differences,
/// and the Taylor order taken on the better side).
/// </remarks>
internal static class DomainGuard
{
    private const double InnerMargin = 1e-9;

    /// <summary>Whether any part of <paramref name="f"/> (or f itself) declares a domain other than all reals, or f has stages whose intermediate values must be finite.</summary>
    public static bool IsRestricted(IDiff f)
    {
        if (f.Kind == DiffKind.Composition)
        {
            return true;
        }

        var stack = new Stack<IDiff>();
        stack.Push(f);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!n.Domain.IsAll)
            {
                return true;
            }

            if (Structure.IsWalkable(n))
            {
                foreach (var p in n.Parts)
                {
                    stack.Push(p);
                }
            }
        }

        return false;
    }

    public static bool Admissible(IDiff f, object x)
    {
        // A companion point x′ = x + δ·u, with a fixed generic direction u, tells which coordinates of a part's
        // input move with x: a coordinate pinned at a kink (the input of relu after relu, say) is no obstacle.
        var flat = Flat.Of(f.InputSpace, x);
        var delta = 1e-6 * (1 + Flat.NormInf(flat));
        var moved = new double[flat.Length];
        for (var i = 0; i < flat.Length; i++)
        {
            moved[i] = flat[i] + (delta * Math.Cos(1 + (2.3 * i)));
        }

        return Admissible(f, x, Flat.Build(f.InputSpace, x, moved), 0);
    }

    private static bool Admissible(IDiff f, object x, object x2, double margin)
    {
        switch (f.Kind)
        {
            case DiffKind.Composition:
            {
                var (v, v2) = (x, x2);
                foreach (var stage in f.Parts)
                {
                    if (!Admissible(stage, v, v2, InnerMargin))
                    {
                        return false;
                    }

                    try
                    {
                        (v, v2) = (stage.Invoke(v), stage.Invoke(v2));
                    }
#pragma warning disable CA1031 // a stage that throws has no input for the next one: not a point of the domain
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        return false;
                    }

                    // An intermediate value that overflowed (exp(712) inside exp(x)[1]) leaves x outside where the
                    // stages are finite, even when a later stage drops it: its cotangent there is 0·∞.
                    if (!Flat.AllFinite(Flat.Of(stage.OutputSpace, v)))
                    {
                        return false;
                    }
                }

                return true;
            }

            case DiffKind.Fanout:
            case DiffKind.Primitive when f.Parts.Count > 0:
                return f.Parts.All(p => Admissible(p, x, x2, InnerMargin)) && Inside(f.Domain, f.InputSpace, x, x2, margin);
            case DiffKind.Named when f.Parts.Count == 1:
                return Admissible(f.Parts[0], x, x2, margin);
            default:
                return Inside(f.Domain, f.InputSpace, x, x2, margin);
        }
    }

    private static bool Inside(Domain domain, VectorSpace space, object x, object x2, double margin)
    {
        if (domain.IsAll)
        {
            return true;
        }

        var a = Flat.Of(space, x);
        var b = Flat.Of(space, x2);
        for (var i = 0; i < a.Length; i++)
        {
            var clearance = Steps.Clearance(domain, a[i]);
            // At the obstacle up to rounding, and moving: a tiny move of x crosses it. (A coordinate that barely moves,
            // like a far tail of the normal CDF, is as far from the kink as its own scale and is fine.)
            var movement = i < b.Length ? Math.Abs(a[i] - b[i]) : double.PositiveInfinity;
            var atObstacle = clearance < margin * Math.Max(1, NearestObstacle(domain, a[i])) && clearance < 1e3 * movement;
            if (margin == 0 ? !(clearance > 0) : atObstacle)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The magnitude of the nearest end or kink, to scale the margin.</summary>
    private static double NearestObstacle(Domain domain, double v)
    {
        var best = double.PositiveInfinity;
        var magnitude = 0.0;
        foreach (var o in domain.Kinks.Append(domain.Lower).Append(domain.Upper))
        {
            if (double.IsFinite(o) && Math.Abs(v - o) < best)
            {
                best = Math.Abs(v - o);
                magnitude = Math.Abs(o);
            }
        }

        return magnitude;
    }
}
