using Vjp.Functional.Engine;
using M = Vjp.Functional.MatPrimitives;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>The inverse trigonometric and hyperbolic functions, max, min, clamp, hypot and atan2 on expressions.</summary>
public static partial class Fn
{
    /// <summary>The arctangent of a scalar expression; see <see cref="ScalarPrimitives.Atan"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Atan<X>(Diff<X, double> x) where X : notnull => Apply(S.Atan, x);

    /// <summary>The elementwise arctangent of a vector expression; see <see cref="VecPrimitives.Atan"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Atan<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Atan, x);

    /// <summary>The entrywise arctangent of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Atan"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Atan<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Atan, x.NotNull());

    /// <summary>The arcsine (for −1 &lt; x &lt; 1) of a scalar expression; see <see cref="ScalarPrimitives.Asin"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Asin<X>(Diff<X, double> x) where X : notnull => Apply(S.Asin, x);

    /// <summary>The elementwise arcsine (for −1 &lt; x &lt; 1) of a vector expression; see <see cref="VecPrimitives.Asin"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Asin<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Asin, x);

    /// <summary>The entrywise arcsine (for −1 &lt; x &lt; 1) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Asin"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Asin<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Asin, x.NotNull());

    /// <summary>The arccosine (for −1 &lt; x &lt; 1) of a scalar expression; see <see cref="ScalarPrimitives.Acos"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Acos<X>(Diff<X, double> x) where X : notnull => Apply(S.Acos, x);

    /// <summary>The elementwise arccosine (for −1 &lt; x &lt; 1) of a vector expression; see <see cref="VecPrimitives.Acos"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Acos<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Acos, x);

    /// <summary>The entrywise arccosine (for −1 &lt; x &lt; 1) of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Acos"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Acos<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Acos, x.NotNull());

    /// <summary>The hyperbolic sine of a scalar expression; see <see cref="ScalarPrimitives.Sinh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Sinh<X>(Diff<X, double> x) where X : notnull => Apply(S.Sinh, x);

    /// <summary>The elementwise hyperbolic sine of a vector expression; see <see cref="VecPrimitives.Sinh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Sinh<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Sinh, x);

    /// <summary>The entrywise hyperbolic sine of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Sinh"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Sinh<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Sinh, x.NotNull());

    /// <summary>The hyperbolic cosine of a scalar expression; see <see cref="ScalarPrimitives.Cosh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Cosh<X>(Diff<X, double> x) where X : notnull => Apply(S.Cosh, x);

    /// <summary>The elementwise hyperbolic cosine of a vector expression; see <see cref="VecPrimitives.Cosh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Cosh<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Cosh, x);

    /// <summary>The entrywise hyperbolic cosine of a matrix expression, Yᵢⱼ = f(Xᵢⱼ); see <see cref="VecPrimitives.Cosh"/>.</summary>
    /// <remarks>Pullback X̄ = Ȳ ⊙ f′(X); pushforward Ẏ = f′(X) ⊙ Ẋ (the scalar rule's derivative, entrywise).</remarks>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Mat> Cosh<X>(Diff<X, Mat> x) where X : notnull => Entrywise(V.Cosh, x.NotNull());

    /// <summary>The clamp min(max(x, lo), hi) of a scalar expression to constant bounds.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <param name="lo">The lower bound, a constant.</param>
    /// <param name="hi">The upper bound, a constant.</param>
    /// <remarks>∂y/∂x = 1 strictly inside (lo, hi), 0 outside and at the bounds themselves (as Relu at 0); see <see cref="ScalarPrimitives.Clamp"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When lo &gt; hi, or either is NaN.</exception>
    public static Diff<X, double> Clamp<X>(Diff<X, double> x, double lo, double hi) where X : notnull => Apply(S.Clamp(lo, hi), x);

    /// <summary>The elementwise clamp of a vector expression to constant bounds.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <param name="lo">The lower bound, a constant.</param>
    /// <param name="hi">The upper bound, a constant.</param>
    /// <remarks>∂y/∂x = 1 strictly inside (lo, hi), 0 outside and at the bounds themselves (as Relu at 0); see <see cref="ScalarPrimitives.Clamp"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When lo &gt; hi, or either is NaN.</exception>
    public static Diff<X, Vec> Clamp<X>(Diff<X, Vec> x, double lo, double hi) where X : notnull => Apply(V.Clamp(lo, hi), x);

    /// <summary>The entrywise clamp of a matrix expression to constant bounds.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <param name="lo">The lower bound, a constant.</param>
    /// <param name="hi">The upper bound, a constant.</param>
    /// <remarks>∂y/∂x = 1 strictly inside (lo, hi), 0 outside and at the bounds themselves (as Relu at 0); see <see cref="ScalarPrimitives.Clamp"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When lo &gt; hi, or either is NaN.</exception>
    public static Diff<X, Mat> Clamp<X>(Diff<X, Mat> x, double lo, double hi) where X : notnull => Entrywise(V.Clamp(lo, hi), x.NotNull());

    /// <summary>The two-argument arctangent atan2(a, b), the angle of the point (b, a), of scalar expressions; see <see cref="ScalarPrimitives.Atan2"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The ordinate.</param>
    /// <param name="b">The abscissa.</param>
    public static Diff<X, double> Atan2<X>(Diff<X, double> a, Diff<X, double> b) where X : notnull => DiffOperators.Binary<X, double>(S.Atan2Rule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The elementwise two-argument arctangent atan2(a, b), the angle of the point (b, a), of vector expressions of one length; see <see cref="VecPrimitives.Atan2"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The ordinate.</param>
    /// <param name="b">The abscissa.</param>
    /// <exception cref="ShapeException">At call time, when the lengths differ.</exception>
    public static Diff<X, Vec> Atan2<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Vec>(V.Atan2Rule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The hypotenuse √(a² + b²), without overflow, of scalar expressions; see <see cref="ScalarPrimitives.Hypot"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first leg.</param>
    /// <param name="b">The second leg.</param>
    public static Diff<X, double> Hypot<X>(Diff<X, double> a, Diff<X, double> b) where X : notnull => DiffOperators.Binary<X, double>(S.HypotRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The elementwise hypotenuse √(a² + b²), without overflow, of vector expressions of one length; see <see cref="VecPrimitives.Hypot"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first leg.</param>
    /// <param name="b">The second leg.</param>
    /// <exception cref="ShapeException">At call time, when the lengths differ.</exception>
    public static Diff<X, Vec> Hypot<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Vec>(V.HypotRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The maximum max(a, b), ½ of the cotangent to each at a tie, of scalar expressions; see <see cref="ScalarPrimitives.Max"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static Diff<X, double> Max<X>(Diff<X, double> a, Diff<X, double> b) where X : notnull => DiffOperators.Binary<X, double>(S.MaxRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The elementwise maximum max(a, b), ½ of the cotangent to each at a tie, of vector expressions of one length; see <see cref="VecPrimitives.Max"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    /// <exception cref="ShapeException">At call time, when the lengths differ.</exception>
    public static Diff<X, Vec> Max<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Vec>(V.MaxRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The minimum min(a, b), ½ of the cotangent to each at a tie, of scalar expressions; see <see cref="ScalarPrimitives.Min"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    public static Diff<X, double> Min<X>(Diff<X, double> a, Diff<X, double> b) where X : notnull => DiffOperators.Binary<X, double>(S.MinRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The elementwise minimum min(a, b), ½ of the cotangent to each at a tie, of vector expressions of one length; see <see cref="VecPrimitives.Min"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    /// <exception cref="ShapeException">At call time, when the lengths differ.</exception>
    public static Diff<X, Vec> Min<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Vec>(V.MinRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The entrywise two-argument arctangent atan2(A, B), of matrix expressions of one shape; see <see cref="MatPrimitives.Atan2"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The ordinates.</param>
    /// <param name="b">The abscissae.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, Mat> Atan2<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.Atan2Rule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The entrywise hypotenuse √(A² + B²), without overflow, of matrix expressions of one shape; see <see cref="MatPrimitives.Hypot"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first legs.</param>
    /// <param name="b">The second legs.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, Mat> Hypot<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.HypotRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The entrywise maximum max(A, B), ½ of the cotangent to each at a tie, of matrix expressions of one shape; see <see cref="MatPrimitives.Max"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, Mat> Max<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.MaxRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The entrywise minimum min(A, B), ½ of the cotangent to each at a tie, of matrix expressions of one shape; see <see cref="MatPrimitives.Min"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first argument.</param>
    /// <param name="b">The second argument.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, Mat> Min<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, Mat>(M.MinRule, a.CheckedNode(), b.CheckedNode());
}
