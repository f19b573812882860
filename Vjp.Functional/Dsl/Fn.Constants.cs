using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>The products of <see cref="Fn"/> with a constant operand on either side, and constants that take their input type from an expression.</summary>
public static partial class Fn
{
    /// <summary>The matrix–vector product A x with a constant matrix A.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The constant matrix.</param>
    /// <param name="x">The vector.</param>
    /// <remarks>Pullback x̄ = Aᵀȳ; pushforward ẏ = A ẋ.</remarks>
    public static Diff<X, Vec> MatVec<X>(Mat a, Diff<X, Vec> x) where X : notnull => MatVec(Diff.Const<X, Mat>(a.NotNull()), x.NotNull());

    /// <summary>The matrix–vector product A x with a constant vector x.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The matrix.</param>
    /// <param name="x">The constant vector.</param>
    /// <remarks>Pullback Ā = ȳxᵀ; pushforward ẏ = Ȧ x.</remarks>
    public static Diff<X, Vec> MatVec<X>(Diff<X, Mat> a, Vec x) where X : notnull => MatVec(a.NotNull(), Diff.Const<X, Vec>(x.NotNull()));

    /// <summary>The inner product ⟨a, b⟩ with a constant vector a.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The constant vector.</param>
    /// <param name="b">The vector.</param>
    /// <remarks>Pullback b̄ = ȳ a; pushforward ẏ = ⟨a, ḃ⟩.</remarks>
    public static Diff<X, double> Dot<X>(Vec a, Diff<X, Vec> b) where X : notnull => Dot(Diff.Const<X, Vec>(a.NotNull()), b.NotNull());

    /// <summary>The inner product ⟨a, b⟩ with a constant vector b.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The vector.</param>
    /// <param name="b">The constant vector.</param>
    /// <remarks>Pullback ā = ȳ b; pushforward ẏ = ⟨ȧ, b⟩.</remarks>
    public static Diff<X, double> Dot<X>(Diff<X, Vec> a, Vec b) where X : notnull => Dot(a.NotNull(), Diff.Const<X, Vec>(b.NotNull()));
}
