using Vjp.Functional.Tests.Support;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Large functions compile, and their derivatives are right: the derivatives of derivatives of a long chain (whose
/// gradient function refers to every prefix of the chain) and the gradient of a sum of a hundred thousand terms
/// added one by one (nested a hundred thousand deep). Their cost is measured by the benchmarks' <c>coldstart</c>
/// mode, not here; the bytes their first calls allocate, a count, are bounded here.
/// </summary>
public sealed class CompileScaleTests
{
    /// <summary>x ↦ sin, neg, sin, neg, … (n stages), extended one stage at a time with <c>Then</c>.</summary>
    private static Diff<double, double> Chain(int n)
    {
        var f = S.Sin;
        for (var i = 1; i < n; i++)
        {
            f = f.Then(i % 2 == 0 ? S.Sin : S.Neg);
        }

        return f;
    }

    /// <summary>Σᵢ (x[i mod 3] − c·i)² over n terms, summed left to right with <c>Aggregate</c>.</summary>
    private static Diff<Vec, double> Sum(int n)
    {
        var x = Diff.Input<Vec>();
        return Enumerable.Range(0, n).Select(i => Square(x[i % 3] - (1e-3 * i))).Aggregate((l, r) => l + r);
    }

    [Fact]
    public void Hvp_OfATenThousandStageChain_MatchesFiniteDifferencesOfTheGradient()
    {
        const int n = 10_000;
        const double x = 1.3;
        var f = Chain(n);
        var hvp = f.Hvp(x, 1.0);
        var expected = FiniteDifferences.Directional(at => f.Gradient(at), x, 1.0);

        Assert.NotEqual(0.0, hvp);
        Assert.Equal(expected, hvp, 1e-5 * Math.Abs(expected));

        // The gradient function of the chain agrees with the first-order sweep bit for bit.
        Assert.Equal(f.Gradient(x), Diff.Gradient(f).Invoke(x));
    }

    [Fact]
    public void Hvp_OfChainsSharingAPrefix_EqualsTheHvpOfEachBuiltAlone()
    {
        // Every prefix of one chain is a chain of its own: their gradient functions share structure, and
        // compiling one after another reuses nothing wrongly.
        var prefixes = new List<Diff<double, double>>();
        var f = S.Sin;
        for (var i = 1; i <= 300; i++)
        {
            f = f.Then(i % 2 == 0 ? S.Sin : S.Neg);
            if (i % 100 == 0)
            {
                prefixes.Add(f);
            }
        }

        foreach (var (prefix, k) in prefixes.Select((p, i) => (p, 100 * (i + 1))))
        {
            Assert.Equal(Chain(k + 1).Hvp(0.9, 1.0), prefix.Hvp(0.9, 1.0));
        }
    }

    [Fact]
    public void Gradient_OfAHundredThousandTermSum_SatisfiesTheAdjointIdentity()
    {
        const int n = 100_000;
        var f = Sum(n);
        Vec x = Vec.Of(0.5, -1, 2), dx = Vec.Of(0.3, -0.8, 0.1);

        // ⟨∇f(x), ẋ⟩ = J(x) ẋ: the pullback sweep against the pushforward sweep.
        var gradient = f.Gradient(x);
        var jvp = f.Jvp(x, dx);
        Assert.Equal(jvp, Vec.Dot(gradient, dx), 1e-12 * Math.Abs(jvp));

        var expected = FiniteDifferences.Directional(f.Invoke, x, dx);
        Assert.Equal(expected, jvp, 1e-6 * Math.Abs(expected));
    }

    /// <summary>
    /// The bytes the first call allocates, compiling the tape, on this thread (the compiler runs on the caller's
    /// thread): a count, not a timing. The bounds sit between today's footprint and the one before the compiler
    /// stopped remembering every part of a function (a dictionary entry per part) and allocating a path frame per
    /// instruction, so a regression to that footprint fails.
    /// </summary>
    [Fact]
    public void FirstInvoke_OfAHundredThousandTermSum_AllocatesUnder1100BytesATerm()
    {
        const int n = 100_000;
        var f = Sum(n);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = f.Invoke(Vec.Of(0.5, -1, 2));
        var perTerm = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;

        // About 950 bytes a term now (a tape of 4 instructions a term, the records compiling it, the interpreted
        // sweep), 1,300 before the compiler's values, paths and instructions were made smaller, 3,000 before that.
        Assert.True(perTerm < 1_100, $"The first Invoke of a {n}-term sum allocated {perTerm:0} bytes a term.");
    }

    [Fact]
    public void FirstHvp_OfATenThousandStageChain_AllocatesUnder2048BytesAStage()
    {
        const int n = 10_000;
        var f = Chain(n);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = f.Hvp(1.3, 1.0);
        var perStage = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;

        // The tape, the gradient function, its tape and the sweep: about 1,670 bytes a stage now, 1,730 before the
        // compiler's values, paths and instructions were made smaller, 2,900 before that.
        Assert.True(perStage < 2_048, $"The first Hvp of a {n}-stage chain allocated {perStage:0} bytes a stage.");
    }

    [Fact]
    public void Hvp_OfATenThousandTermSum_IsSymmetricAndMatchesFiniteDifferencesOfTheGradient()
    {
        const int n = 10_000;
        var f = Sum(n);
        Vec x = Vec.Of(0.5, -1, 2), v = Vec.Of(0.3, -0.8, 0.1), w = Vec.Of(-0.2, 0.4, 0.9);

        var hv = f.Hvp(x, v);
        var hw = f.Hvp(x, w);
        Assert.Equal(Vec.Dot(hv, w), Vec.Dot(v, hw), 1e-9 * Math.Abs(Vec.Dot(hv, w)));

        var expected = FiniteDifferences.Directional(at => Vec.Dot(f.Gradient(at), w), x, v);
        Assert.Equal(expected, Vec.Dot(hv, w), 1e-5 * Math.Abs(expected));
    }
}
