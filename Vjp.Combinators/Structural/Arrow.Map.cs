using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

public static partial class Arrow
{
    /// <summary>
    /// A scalar function applied elementwise, <c>yᵢ = f(xᵢ)</c>. Pullback <c>x̄ᵢ = f′(xᵢ)·ȳᵢ</c>,
    /// pushforward <c>ẏᵢ = f′(xᵢ)·ẋᵢ</c>. A scalar primitive maps with its SIMD kernel; any other
    /// scalar <see cref="Diff{TIn, TOut}"/> runs its compiled tape per element.
    /// </summary>
    /// <param name="f">The scalar function.</param>
    /// <returns>The elementwise map over <see cref="Vec"/>.</returns>
    /// <example><code>var softSign = Arrow.Map(Diff.Create&lt;double, double&gt;("softsign", x => x / (1 + Math.Abs(x)), (x, y, yBar) => yBar / Math.Pow(1 + Math.Abs(x), 2)));</code></example>
    public static Diff<Vec, Vec> Map(Diff<double, double> f) => VecPrimitives.Lift(f.NotNull());

    /// <summary>A scalar function applied elementwise to a vector expression: <c>v.Map(f)</c> is <c>x ↦ [f(v(x)ᵢ)]ᵢ</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="v">The vector expression.</param>
    /// <param name="f">The scalar function.</param>
    public static Diff<X, Vec> Map<X>(this Diff<X, Vec> v, Diff<double, double> f) where X : notnull => v.NotNull().Then(Map(f));
}
