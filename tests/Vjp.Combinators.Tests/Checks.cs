using System.Runtime.CompilerServices;
using CsCheck;
using Vjp.Functional;

namespace Vjp.Combinators.Tests;

/// <summary>
/// Small derivative checks for this test project (the full checker is Vjp.Properties): the adjoint
/// identity ⟨ȳ, J ẋ⟩ = ⟨Jᵀȳ, ẋ⟩ between pullback and pushforward, and central finite differences
/// against the pushforward and the pullback.
/// </summary>
internal static class Checks
{
    /// <summary>|a − b| relative to the size of both, so tolerances read as relative errors.</summary>
    public static double RelErr(double a, double b) => Math.Abs(a - b) / (1 + Math.Abs(a) + Math.Abs(b));

    /// <summary>A random value shaped like <paramref name="like"/>, coordinates uniform in [lo, hi].</summary>
    public static T Random<T>(T like, Random rng, double lo = -1, double hi = 1) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        var a = new double[space.Dimension(like)];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = lo + (hi - lo) * rng.NextDouble();
        }

        return space.Unflatten(like, a);
    }

    /// <summary>A generator of values shaped like <paramref name="like"/>, coordinates in [lo, hi].</summary>
    public static Gen<T> Like<T>(T like, double lo = -1, double hi = 1) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        return Gen.Double[lo, hi].Array[space.Dimension(like)].Select(a => space.Unflatten(like, a));
    }

    /// <summary>The largest coordinate difference between two values, relative to their size.</summary>
    public static double Distance<T>(T a, T b) where T : notnull
    {
        var space = VectorSpace<T>.Instance;
        Assert.True(space.SameShape(a, b), $"shapes differ: {space.Shape(a)} and {space.Shape(b)}");
        var fa = space.ToArray(a);
        var fb = space.ToArray(b);
        var scale = 1.0;
        var worst = 0.0;
        for (var i = 0; i < fa.Length; i++)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(fa[i]), Math.Abs(fb[i])));
            worst = Math.Max(worst, Math.Abs(fa[i] - fb[i]));
        }

        return worst / scale;
    }

    public static void Close<T>(T expected, T actual, double tol = 1e-12, string what = "") where T : notnull
    {
        var d = Distance(expected, actual);
        var space = VectorSpace<T>.Instance;
        Assert.True(d <= tol, $"{what} differs by {d:G3} (tolerance {tol:G3}): expected {Show(expected)}, got {Show(actual)}");

        static string Show(T v) => v switch
        {
            double x => x.ToString("G10", System.Globalization.CultureInfo.InvariantCulture),
            Vec or Mat => v.ToString()!,
            _ => string.Join(", ", VectorSpace<T>.Instance.ToArray(v).Take(8).Select(x => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>The adjoint identity ⟨ȳ, J ẋ⟩ = ⟨Jᵀȳ, ẋ⟩.</summary>
    public static void Adjoint<X, Y>(Diff<X, Y> f, X x, X dx, Y yBar, double tol = 1e-10) where X : notnull where Y : notnull
    {
        var lhs = f.OutputSpace.Inner(yBar, f.Jvp(x, dx));
        var rhs = f.InputSpace.Inner(f.Vjp(x, yBar), dx);
        Assert.True(RelErr(lhs, rhs) <= tol, $"{f}: ⟨ȳ, J ẋ⟩ = {lhs:G17} but ⟨Jᵀȳ, ẋ⟩ = {rhs:G17}");
    }

    /// <summary>
    /// Central differences (f(x + hẋ) − f(x − hẋ)) / 2h against the pushforward J ẋ, and their inner
    /// product with ȳ against the pullback's ⟨Jᵀȳ, ẋ⟩.
    /// </summary>
    public static void FiniteDifferences<X, Y>(Diff<X, Y> f, X x, X dx, Y yBar, double h = 1e-5, double tol = 1e-6)
        where X : notnull where Y : notnull
    {
        var xs = f.InputSpace;
        var ys = f.OutputSpace;
        var plus = f.Invoke(xs.Add(x, xs.Scale(h, dx)));
        var minus = f.Invoke(xs.Add(x, xs.Scale(-h, dx)));
        var fd = ys.Scale(1 / (2 * h), ys.Subtract(plus, minus));
        var jvp = f.Jvp(x, dx);
        Assert.True(Distance(fd, jvp) <= tol, $"{f}: pushforward differs from central differences by {Distance(fd, jvp):G3}");
        var lhs = ys.Inner(yBar, fd);
        var rhs = xs.Inner(f.Vjp(x, yBar), dx);
        Assert.True(RelErr(lhs, rhs) <= tol, $"{f}: ⟨ȳ, Δf/Δx⟩ = {lhs:G12} by finite differences but ⟨Jᵀȳ, ẋ⟩ = {rhs:G12} by the pullback");
    }

    /// <summary>
    /// Both checks over random points drawn from <paramref name="points"/>, random tangents and random
    /// cotangents shaped like the output at each point.
    /// </summary>
    public static void Derivatives<X, Y>(Diff<X, Y> f, Gen<X> points, long iter = 40, double fdTol = 1e-6, double h = 1e-5,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
        where X : notnull where Y : notnull =>
        Gen.Select(points, Gen.Int).ForAll((x, seed) =>
        {
            var rng = new Random(seed);
            var dx = Random(x, rng);
            var yBar = Random(f.Invoke(x), rng);
            Adjoint(f, x, dx, yBar);
            FiniteDifferences(f, x, dx, yBar, h, fdTol);
        }, iter: iter, file: file, member: member);

    /// <summary>Both checks at points shaped like <paramref name="like"/>, coordinates in [lo, hi].</summary>
    public static void Derivatives<X, Y>(Diff<X, Y> f, X like, double lo = -1, double hi = 1, long iter = 40, double fdTol = 1e-6,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
        where X : notnull where Y : notnull => Derivatives(f, Like(like, lo, hi), iter, fdTol, file: file, member: member);

    /// <summary>Two functions agree at <paramref name="x"/>: values, pullbacks and pushforwards along random directions.</summary>
    public static void SameAt<X, Y>(Diff<X, Y> expected, Diff<X, Y> actual, X x, Random rng, double tol = 1e-12)
        where X : notnull where Y : notnull
    {
        var y = expected.Invoke(x);
        Close(y, actual.Invoke(x), tol, "value");
        var dx = Random(x, rng);
        var yBar = Random(y, rng);
        Close(expected.Vjp(x, yBar), actual.Vjp(x, yBar), tol, "pullback");
        Close(expected.Jvp(x, dx), actual.Jvp(x, dx), tol, "pushforward");
    }

    /// <summary>Two functions agree at random points: values, pullbacks and pushforwards.</summary>
    public static void Same<X, Y>(Diff<X, Y> expected, Diff<X, Y> actual, Gen<X> points, long iter = 40, double tol = 1e-12,
        [CallerFilePath] string file = "", [CallerMemberName] string member = "")
        where X : notnull where Y : notnull =>
        Gen.Select(points, Gen.Int).ForAll((x, seed) => SameAt(expected, actual, x, new Random(seed), tol), iter: iter, file: file, member: member);
}
