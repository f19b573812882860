using CsCheck;
using Vjp.Properties.Numerics;

namespace Vjp.Properties.Generators;

/// <summary>How the coordinates of a generated value are drawn.</summary>
internal enum FlatDistribution
{
    /// <summary>Each coordinate from a <see cref="ScalarGen"/> over the domain.</summary>
    Domain,

    /// <summary>Standard normal coordinates (tangents and cotangents).</summary>
    Gaussian,

    /// <summary>A uniformly random direction: Gaussian coordinates scaled to Euclidean norm 1.</summary>
    UnitNorm,
}

/// <summary>
/// Values shaped like a template from a generator of templates (shapes), with coordinates drawn through the
/// flat view. Size: the dimension first, then the sum of the coordinates' sizes, so shrinking prefers fewer
/// coordinates, then simpler ones.
/// </summary>
internal sealed class FlatGen<T>(Gen<T> shapes, FlatDistribution distribution, Domain domain) : Gen<T>
    where T : notnull
{
    private readonly ScalarGen? _scalar = distribution == FlatDistribution.Domain ? new ScalarGen(domain) : null;

    public override T Generate(PCG pcg, Size? min, out Size size)
    {
        var like = shapes.Generate(pcg, null, out _);
        var space = VectorSpace<T>.Instance;
        var n = space.Dimension(like);
        var a = new double[n];
        ulong total = 0;
        switch (distribution)
        {
            case FlatDistribution.Domain:
                for (var i = 0; i < n; i++)
                {
                    a[i] = _scalar!.Generate(pcg, null, out var s);
                    total = Saturating(total, s.I);
                }

                break;
            case FlatDistribution.Gaussian:
                for (var i = 0; i < n; i++)
                {
                    a[i] = Flat.Normal(pcg);
                    total = Saturating(total, (ulong)(Math.Abs(a[i]) * 1000));
                }

                break;
            default:
                var norm = 0.0;
                while (n > 0 && !(norm > 1e-8))
                {
                    for (var i = 0; i < n; i++)
                    {
                        a[i] = Flat.Normal(pcg);
                    }

                    norm = Flat.Norm(a);
                }

                for (var i = 0; i < n; i++)
                {
                    a[i] /= norm;
                    total = Saturating(total, (ulong)(Math.Abs(a[i]) * 1000));
                }

                break;
        }

        size = new Size((ulong)n, new Size(total));
        return space.Unflatten(like, a);
    }

    private static ulong Saturating(ulong a, ulong b) => a + b < a ? ulong.MaxValue : a + b;
}
