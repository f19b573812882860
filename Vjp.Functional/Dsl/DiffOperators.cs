using System.Runtime.CompilerServices;
using Vjp.Functional.Engine;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>
/// Arithmetic on differentiable expressions: <c>a + b</c>, <c>a * b</c>, <c>2 * a</c> and so on
/// for expressions <c>Diff&lt;X, double&gt;</c>, <c>Diff&lt;X, Vec&gt;</c> and <c>Diff&lt;X, Mat&gt;</c> of the
/// same input <c>X</c>. Each operator builds a fan-out into a primitive, so where an expression
/// is used twice its cotangents add.
/// </summary>
public static class DiffOperators
{
    internal static Diff<X, T> Lift<X, T>(Rule rule, Diff<X, double> a, [CallerArgumentExpression(nameof(a))] string? name = null) where X : notnull where T : notnull =>
        new(NodeOps.Apply(rule, a.CheckedNode(name)));

    internal static Diff<X, TOut> Binary<X, TOut>(Rule rule, Node a, Node b) where X : notnull where TOut : notnull => new(NodeOps.Apply2(rule, a, b));

    internal static Node Constant<X>(double value) where X : notnull => NodeOps.Const(VectorSpace<X>.Instance, value);

    internal static Node Constant<X, T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null) where X : notnull where T : notnull =>
        new ConstNode(VectorSpace<X>.Instance, VectorSpace<T>.Instance, value.NotNull(name));

    /// <summary>Scalar expressions.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, double> e) where X : notnull
    {
        /// <summary>Sum of two scalar expressions.</summary>
        public static Diff<X, double> operator +(Diff<X, double> a, Diff<X, double> b) => Binary<X, double>(S.AddRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Sum with a constant.</summary>
        public static Diff<X, double> operator +(Diff<X, double> a, double b) => Binary<X, double>(S.AddRule, a.CheckedNode(), Constant<X>(b));

        /// <summary>Sum with a constant.</summary>
        public static Diff<X, double> operator +(double a, Diff<X, double> b) => Binary<X, double>(S.AddRule, Constant<X>(a), b.CheckedNode());

        /// <summary>Difference of two scalar expressions.</summary>
        public static Diff<X, double> operator -(Diff<X, double> a, Diff<X, double> b) => Binary<X, double>(S.SubRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Difference with a constant.</summary>
        public static Diff<X, double> operator -(Diff<X, double> a, double b) => Binary<X, double>(S.SubRule, a.CheckedNode(), Constant<X>(b));

        /// <summary>Difference from a constant.</summary>
        public static Diff<X, double> operator -(double a, Diff<X, double> b) => Binary<X, double>(S.SubRule, Constant<X>(a), b.CheckedNode());

        /// <summary>Product of two scalar expressions.</summary>
        public static Diff<X, double> operator *(Diff<X, double> a, Diff<X, double> b) => Binary<X, double>(S.MulRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Product with a constant.</summary>
        public static Diff<X, double> operator *(Diff<X, double> a, double b) => Binary<X, double>(S.MulRule, a.CheckedNode(), Constant<X>(b));

        /// <summary>Product with a constant.</summary>
        public static Diff<X, double> operator *(double a, Diff<X, double> b) => Binary<X, double>(S.MulRule, Constant<X>(a), b.CheckedNode());

        /// <summary>Quotient of two scalar expressions.</summary>
        public static Diff<X, double> operator /(Diff<X, double> a, Diff<X, double> b) => Binary<X, double>(S.DivRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Quotient by a constant.</summary>
        public static Diff<X, double> operator /(Diff<X, double> a, double b) => Binary<X, double>(S.DivRule, a.CheckedNode(), Constant<X>(b));

        /// <summary>Quotient of a constant.</summary>
        public static Diff<X, double> operator /(double a, Diff<X, double> b) => Binary<X, double>(S.DivRule, Constant<X>(a), b.CheckedNode());

        /// <summary>Negation.</summary>
        public static Diff<X, double> operator -(Diff<X, double> a) => Lift<X, double>(S.NegRule, a);
    }

    /// <summary>Vector expressions.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, Vec> e) where X : notnull
    {
        /// <summary>Sum of two vector expressions (lengths must agree).</summary>
        public static Diff<X, Vec> operator +(Diff<X, Vec> a, Diff<X, Vec> b) => Binary<X, Vec>(V.AddRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Sum with a constant vector.</summary>
        public static Diff<X, Vec> operator +(Diff<X, Vec> a, Vec b) => Binary<X, Vec>(V.AddRule, a.CheckedNode(), Constant<X, Vec>(b));

        /// <summary>Difference of two vector expressions.</summary>
        public static Diff<X, Vec> operator -(Diff<X, Vec> a, Diff<X, Vec> b) => Binary<X, Vec>(V.SubRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Difference with a constant vector.</summary>
        public static Diff<X, Vec> operator -(Diff<X, Vec> a, Vec b) => Binary<X, Vec>(V.SubRule, a.CheckedNode(), Constant<X, Vec>(b));

        /// <summary>Hadamard (elementwise) product.</summary>
        public static Diff<X, Vec> operator *(Diff<X, Vec> a, Diff<X, Vec> b) => Binary<X, Vec>(V.HadamardRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Scaling by a scalar expression.</summary>
        public static Diff<X, Vec> operator *(Diff<X, double> s, Diff<X, Vec> v) => Binary<X, Vec>(V.ScaleRule, s.CheckedNode(), v.CheckedNode());

        /// <summary>Scaling by a constant.</summary>
        public static Diff<X, Vec> operator *(double s, Diff<X, Vec> v) => Binary<X, Vec>(V.ScaleRule, Constant<X>(s), v.CheckedNode());

        /// <summary>Scaling by a constant.</summary>
        public static Diff<X, Vec> operator *(Diff<X, Vec> v, double s) => Binary<X, Vec>(V.ScaleRule, Constant<X>(s), v.CheckedNode());

        /// <summary>Division by a constant.</summary>
        public static Diff<X, Vec> operator /(Diff<X, Vec> v, double s) => Binary<X, Vec>(V.ScaleRule, Constant<X>(1 / s), v.CheckedNode());

        /// <summary>Elementwise quotient.</summary>
        public static Diff<X, Vec> operator /(Diff<X, Vec> a, Diff<X, Vec> b) => Binary<X, Vec>(V.DivRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Negation.</summary>
        public static Diff<X, Vec> operator -(Diff<X, Vec> a) => new(NodeOps.Then(a.CheckedNode(), ((Diff<Vec, Vec>)V.Neg).Node));
    }

    /// <summary>Matrix expressions.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, Mat> e) where X : notnull
    {
        /// <summary>Matrix–vector product.</summary>
        public static Diff<X, Vec> operator *(Diff<X, Mat> a, Diff<X, Vec> x) => Binary<X, Vec>(MatPrimitives.MatVecRule, a.CheckedNode(), x.CheckedNode());

        /// <summary>Matrix product.</summary>
        public static Diff<X, Mat> operator *(Diff<X, Mat> a, Diff<X, Mat> b) => Binary<X, Mat>(MatPrimitives.MatMulRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Sum.</summary>
        public static Diff<X, Mat> operator +(Diff<X, Mat> a, Diff<X, Mat> b) => Binary<X, Mat>(MatPrimitives.AddRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Difference.</summary>
        public static Diff<X, Mat> operator -(Diff<X, Mat> a, Diff<X, Mat> b) => Binary<X, Mat>(MatPrimitives.SubRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Scaling by a constant.</summary>
        public static Diff<X, Mat> operator *(double s, Diff<X, Mat> a) => Binary<X, Mat>(MatPrimitives.ScaleRule, Constant<X>(s), a.CheckedNode());

        /// <summary>Scaling by a scalar expression.</summary>
        public static Diff<X, Mat> operator *(Diff<X, double> s, Diff<X, Mat> a) => Binary<X, Mat>(MatPrimitives.ScaleRule, s.CheckedNode(), a.CheckedNode());
    }
}
