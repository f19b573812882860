using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// Constants whose input type comes from an expression: <c>p.Const(x)</c> is the constant x as a function of p's
/// input, so <c>Fn.Const&lt;Mlp, Vec&gt;(x)</c> becomes <c>p.Const(x)</c> with both types inferred. C# infers a
/// generic method's type arguments from its arguments only, never from the target type, so the input type has to
/// arrive through an argument; the receiver is the natural one (any expression of the same input will do).
/// </summary>
public static class ConstExtensions
{
    /// <summary>The constant function <c>x ↦ value</c> of the same input as <paramref name="like"/>.</summary>
    /// <typeparam name="X">The input type, taken from <paramref name="like"/>.</typeparam>
    /// <typeparam name="TLike">The output type of <paramref name="like"/> (unused).</typeparam>
    /// <typeparam name="T">The constant's type.</typeparam>
    /// <param name="like">Any expression of the input (only its type is used; it is not evaluated).</param>
    /// <param name="value">The constant.</param>
    /// <returns><see cref="Diff.Const{TIn, TOut}"/> of <paramref name="value"/>: its pullback gives zero, its pushforward zero.</returns>
    /// <example><code>var p = Diff.Input&lt;Mlp&gt;(); var x = p.Const(Vec.Of(1, 2));   // Diff&lt;Mlp, Vec&gt;</code></example>
    public static Diff<X, T> Const<X, TLike, T>(this Diff<X, TLike> like, T value) where X : notnull where TLike : notnull where T : notnull
    {
        ArgumentNullException.ThrowIfNull(like);
        return Diff.Const<X, T>(value.NotNull());
    }
}
