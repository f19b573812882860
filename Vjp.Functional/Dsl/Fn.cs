using System.Runtime.CompilerServices;
using Vjp.Functional.Engine;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>
/// The maths functions lifted to differentiable expressions, for <c>using static Vjp.Functional.Fn;</c>:
/// <c>Sin(x[0])</c>, <c>Tanh(h)</c>, <c>Sum(y * y)</c>. Each applies a primitive to an expression of the
/// input; overloads take scalar (<c>Diff&lt;X, double&gt;</c>) and vector (<c>Diff&lt;X, Vec&gt;</c>) expressions.
/// </summary>
public static partial class Fn
{
    private static Diff<X, TOut> Apply<X, TIn, TOut>(Diff<TIn, TOut> primitive, Diff<X, TIn> arg, [CallerArgumentExpression(nameof(arg))] string? name = null)
        where X : notnull where TIn : notnull where TOut : notnull => new(NodeOps.Then(arg.CheckedNode(name), primitive.Node));

    /// <summary>The sine of a scalar expression; see <see cref="ScalarPrimitives.Sin"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Sin<X>(Diff<X, double> x) where X : notnull => Apply(S.Sin, x);

    /// <summary>The elementwise sine of a vector expression; see <see cref="VecPrimitives.Sin"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Sin<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Sin, x);

    /// <summary>The cosine of a scalar expression; see <see cref="ScalarPrimitives.Cos"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Cos<X>(Diff<X, double> x) where X : notnull => Apply(S.Cos, x);

    /// <summary>The elementwise cosine of a vector expression; see <see cref="VecPrimitives.Cos"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Cos<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Cos, x);

    /// <summary>The tangent of a scalar expression; see <see cref="ScalarPrimitives.Tan"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Tan<X>(Diff<X, double> x) where X : notnull => Apply(S.Tan, x);

    /// <summary>The elementwise tangent of a vector expression; see <see cref="VecPrimitives.Tan"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Tan<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Tan, x);

    /// <summary>The exponential of a scalar expression; see <see cref="ScalarPrimitives.Exp"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Exp<X>(Diff<X, double> x) where X : notnull => Apply(S.Exp, x);

    /// <summary>The elementwise exponential of a vector expression; see <see cref="VecPrimitives.Exp"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Exp<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Exp, x);

    /// <summary>The natural logarithm (IEEE outside x > 0) of a scalar expression; see <see cref="ScalarPrimitives.Log"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Log<X>(Diff<X, double> x) where X : notnull => Apply(S.Log, x);

    /// <summary>The elementwise natural logarithm (IEEE outside x > 0) of a vector expression; see <see cref="VecPrimitives.Log"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Log<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Log, x);

    /// <summary>The ln(1 + x) of a scalar expression; see <see cref="ScalarPrimitives.Log1p"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Log1p<X>(Diff<X, double> x) where X : notnull => Apply(S.Log1p, x);

    /// <summary>The elementwise ln(1 + x) of a vector expression; see <see cref="VecPrimitives.Log1p"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Log1p<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Log1p, x);

    /// <summary>The eˣ − 1 of a scalar expression; see <see cref="ScalarPrimitives.Expm1"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Expm1<X>(Diff<X, double> x) where X : notnull => Apply(S.Expm1, x);

    /// <summary>The elementwise eˣ − 1 of a vector expression; see <see cref="VecPrimitives.Expm1"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Expm1<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Expm1, x);

    /// <summary>The square root of a scalar expression; see <see cref="ScalarPrimitives.Sqrt"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Sqrt<X>(Diff<X, double> x) where X : notnull => Apply(S.Sqrt, x);

    /// <summary>The elementwise square root of a vector expression; see <see cref="VecPrimitives.Sqrt"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Sqrt<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Sqrt, x);

    /// <summary>The hyperbolic tangent of a scalar expression; see <see cref="ScalarPrimitives.Tanh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Tanh<X>(Diff<X, double> x) where X : notnull => Apply(S.Tanh, x);

    /// <summary>The elementwise hyperbolic tangent of a vector expression; see <see cref="VecPrimitives.Tanh"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Tanh<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Tanh, x);

    /// <summary>The logistic sigmoid of a scalar expression; see <see cref="ScalarPrimitives.Sigmoid"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Sigmoid<X>(Diff<X, double> x) where X : notnull => Apply(S.Sigmoid, x);

    /// <summary>The elementwise logistic sigmoid of a vector expression; see <see cref="VecPrimitives.Sigmoid"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Sigmoid<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Sigmoid, x);

    /// <summary>The softplus ln(1 + eˣ) of a scalar expression; see <see cref="ScalarPrimitives.Softplus"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Softplus<X>(Diff<X, double> x) where X : notnull => Apply(S.Softplus, x);

    /// <summary>The elementwise softplus ln(1 + eˣ) of a vector expression; see <see cref="VecPrimitives.Softplus"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Softplus<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Softplus, x);

    /// <summary>The absolute value (subgradient 0 at 0) of a scalar expression; see <see cref="ScalarPrimitives.Abs"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Abs<X>(Diff<X, double> x) where X : notnull => Apply(S.Abs, x);

    /// <summary>The elementwise absolute value (subgradient 0 at 0) of a vector expression; see <see cref="VecPrimitives.Abs"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Abs<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Abs, x);

    /// <summary>The rectified linear unit (subgradient 0 at 0) of a scalar expression; see <see cref="ScalarPrimitives.Relu"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Relu<X>(Diff<X, double> x) where X : notnull => Apply(S.Relu, x);

    /// <summary>The elementwise rectified linear unit (subgradient 0 at 0) of a vector expression; see <see cref="VecPrimitives.Relu"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Relu<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Relu, x);

    /// <summary>The error function of a scalar expression; see <see cref="ScalarPrimitives.Erf"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Erf<X>(Diff<X, double> x) where X : notnull => Apply(S.Erf, x);

    /// <summary>The elementwise error function of a vector expression; see <see cref="VecPrimitives.Erf"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Erf<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Erf, x);

    /// <summary>The standard normal CDF Φ of a scalar expression; see <see cref="ScalarPrimitives.NormalCdf"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> NormalCdf<X>(Diff<X, double> x) where X : notnull => Apply(S.NormalCdf, x);

    /// <summary>The elementwise standard normal CDF Φ of a vector expression; see <see cref="VecPrimitives.NormalCdf"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> NormalCdf<X>(Diff<X, Vec> x) where X : notnull => Apply(V.NormalCdf, x);

    /// <summary>The square x² of a scalar expression.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, double> Square<X>(Diff<X, double> x) where X : notnull => Apply(S.Square, x);

    /// <summary>The elementwise square of a vector expression.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The argument.</param>
    public static Diff<X, Vec> Square<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Square, x);

    /// <summary>The power xᵖ with a constant exponent.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The base.</param>
    /// <param name="p">The exponent.</param>
    public static Diff<X, double> Pow<X>(Diff<X, double> x, double p) where X : notnull => Apply(S.PowConst(p), x);

    /// <summary>The power aᵇ of two expressions, for a &gt; 0.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The base.</param>
    /// <param name="b">The exponent.</param>
    public static Diff<X, double> Pow<X>(Diff<X, double> a, Diff<X, double> b) where X : notnull => DiffOperators.Binary<X, double>(S.PowRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The sum of the elements, Σᵢ xᵢ.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector.</param>
    public static Diff<X, double> Sum<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Sum, x);

    /// <summary>The mean of the elements.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector.</param>
    public static Diff<X, double> Mean<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Mean, x);

    /// <summary>The Euclidean norm ‖x‖₂.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector.</param>
    public static Diff<X, double> Norm<X>(Diff<X, Vec> x) where X : notnull => Apply(V.Norm, x);

    /// <summary>The inner product ⟨a, b⟩.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector.</param>
    public static Diff<X, double> Dot<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, double>(V.DotRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The slice x[start .. start + length].</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="start">The first index.</param>
    /// <param name="length">The number of elements.</param>
    public static Diff<X, Vec> Slice<X>(Diff<X, Vec> x, int start, int length) where X : notnull => Apply(V.Slice(start, length), x);

    /// <summary>The matrix–vector product A x.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The matrix.</param>
    /// <param name="x">The vector.</param>
    public static Diff<X, Vec> MatVec<X>(Diff<X, Mat> a, Diff<X, Vec> x) where X : notnull => DiffOperators.Binary<X, Vec>(MatPrimitives.MatVecRule, a.CheckedNode(), x.CheckedNode());

    /// <summary>The transpose Aᵀ.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The matrix.</param>
    public static Diff<X, Mat> Transpose<X>(Diff<X, Mat> a) where X : notnull => Apply(MatPrimitives.Transpose, a);

    /// <summary>The Frobenius inner product ⟨A, B⟩_F.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The first matrix.</param>
    /// <param name="b">The second matrix.</param>
    public static Diff<X, double> Frobenius<X>(Diff<X, Mat> a, Diff<X, Mat> b) where X : notnull => DiffOperators.Binary<X, double>(MatPrimitives.FrobeniusRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>The outer product a bᵀ.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="a">The left vector.</param>
    /// <param name="b">The right vector.</param>
    public static Diff<X, Mat> Outer<X>(Diff<X, Vec> a, Diff<X, Vec> b) where X : notnull => DiffOperators.Binary<X, Mat>(MatPrimitives.OuterRule, a.CheckedNode(), b.CheckedNode());

    /// <summary>A constant of the expression's input type, to mix constants into expressions: <c>Fn.Const&lt;Vec, Vec&gt;(target)</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="T">The constant's type.</typeparam>
    /// <param name="value">The constant.</param>
    public static Diff<X, T> Const<X, T>(T value) where X : notnull where T : notnull => Diff.Const<X, T>(value);
}
