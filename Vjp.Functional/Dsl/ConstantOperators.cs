using Vjp.Functional.Engine;
using M = Vjp.Functional.MatPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>
/// The operators with a constant <see cref="Vec"/> or <see cref="Mat"/> on the side <see cref="DiffOperators"/> and
/// <see cref="MatOperators"/> leave out, so every operator takes a constant on either side: <c>v + e</c>, <c>v − e</c>,
/// <c>e * v</c>, <c>v * e</c>, <c>e / v</c>, <c>v / e</c> for vectors; <c>A * x</c>, <c>W * e</c>, <c>e * B</c>, <c>A + e</c>,
/// <c>A − e</c>, <c>e / A</c>, <c>A / e</c> for matrices; <c>s * v</c>, <c>v * s</c>, <c>s * A</c>, <c>A * s</c> for a scalar expression s. Each is the all-expression operator with the constant as a
/// <see cref="Diff.Const{TIn, TOut}"/>: the same value and derivatives, and the constant gets no cotangent work.
/// </summary>
public static class ConstantOperators
{
    private static Node Constant<X, T>(T value, string name) where X : notnull where T : notnull =>
        new ConstNode(VectorSpace<X>.Instance, VectorSpace<T>.Instance, value.NotNull(name));

    /// <summary>Scalar expressions scaling constant vectors and matrices.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, double> e) where X : notnull
    {
        /// <summary>Scaling s·v of a constant vector by a scalar expression; pullback s̄ = ⟨ȳ, v⟩.</summary>
        public static Diff<X, Vec> operator *(Diff<X, double> s, Vec v) => DiffOperators.Binary<X, Vec>(V.ScaleRule, s.CheckedNode(), Constant<X, Vec>(v, nameof(v)));

        /// <summary>Scaling v·s of a constant vector by a scalar expression; pullback s̄ = ⟨ȳ, v⟩.</summary>
        public static Diff<X, Vec> operator *(Vec v, Diff<X, double> s) => DiffOperators.Binary<X, Vec>(V.ScaleRule, s.CheckedNode(), Constant<X, Vec>(v, nameof(v)));

        /// <summary>Scaling s·A of a constant matrix by a scalar expression; pullback s̄ = ⟨Ȳ, A⟩_F.</summary>
        public static Diff<X, Mat> operator *(Diff<X, double> s, Mat a) => DiffOperators.Binary<X, Mat>(M.ScaleRule, s.CheckedNode(), Constant<X, Mat>(a, nameof(a)));

        /// <summary>Scaling A·s of a constant matrix by a scalar expression; pullback s̄ = ⟨Ȳ, A⟩_F.</summary>
        public static Diff<X, Mat> operator *(Mat a, Diff<X, double> s) => DiffOperators.Binary<X, Mat>(M.ScaleRule, s.CheckedNode(), Constant<X, Mat>(a, nameof(a)));
    }

    /// <summary>Vector expressions with constant vectors and matrices.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, Vec> e) where X : notnull
    {
        /// <summary>Sum a + e with a constant vector on the left; pullback ē = ȳ.</summary>
        public static Diff<X, Vec> operator +(Vec a, Diff<X, Vec> b) => DiffOperators.Binary<X, Vec>(V.AddRule, Constant<X, Vec>(a, nameof(a)), b.CheckedNode());

        /// <summary>Difference a − e from a constant vector; pullback ē = −ȳ.</summary>
        public static Diff<X, Vec> operator -(Vec a, Diff<X, Vec> b) => DiffOperators.Binary<X, Vec>(V.SubRule, Constant<X, Vec>(a, nameof(a)), b.CheckedNode());

        /// <summary>Hadamard product e ⊙ b with a constant vector; pullback ē = ȳ ⊙ b.</summary>
        public static Diff<X, Vec> operator *(Diff<X, Vec> a, Vec b) => DiffOperators.Binary<X, Vec>(V.HadamardRule, a.CheckedNode(), Constant<X, Vec>(b, nameof(b)));

        /// <summary>Hadamard product a ⊙ e with a constant vector; pullback ē = a ⊙ ȳ.</summary>
        public static Diff<X, Vec> operator *(Vec a, Diff<X, Vec> b) => DiffOperators.Binary<X, Vec>(V.HadamardRule, Constant<X, Vec>(a, nameof(a)), b.CheckedNode());

        /// <summary>Elementwise quotient e ⊘ b by a constant vector; pullback ē = ȳ ⊘ b.</summary>
        public static Diff<X, Vec> operator /(Diff<X, Vec> a, Vec b) => DiffOperators.Binary<X, Vec>(V.DivRule, a.CheckedNode(), Constant<X, Vec>(b, nameof(b)));

        /// <summary>Elementwise quotient a ⊘ e of a constant vector; pullback ē = −ȳ ⊙ y ⊘ e.</summary>
        public static Diff<X, Vec> operator /(Vec a, Diff<X, Vec> b) => DiffOperators.Binary<X, Vec>(V.DivRule, Constant<X, Vec>(a, nameof(a)), b.CheckedNode());

        /// <summary>Matrix–vector product A e with a constant matrix; pullback ē = Aᵀȳ.</summary>
        public static Diff<X, Vec> operator *(Mat a, Diff<X, Vec> x) => DiffOperators.Binary<X, Vec>(M.MatVecRule, Constant<X, Mat>(a, nameof(a)), x.CheckedNode());
    }

    /// <summary>Matrix expressions with constant vectors and matrices.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, Mat> e) where X : notnull
    {
        /// <summary>Matrix–vector product E x with a constant vector; pullback Ē = ȳxᵀ.</summary>
        public static Diff<X, Vec> operator *(Diff<X, Mat> a, Vec x) => DiffOperators.Binary<X, Vec>(M.MatVecRule, a.CheckedNode(), Constant<X, Vec>(x, nameof(x)));

        /// <summary>Matrix product A E with a constant left factor; pullback Ē = AᵀȲ.</summary>
        public static Diff<X, Mat> operator *(Mat a, Diff<X, Mat> b) => DiffOperators.Binary<X, Mat>(M.MatMulRule, Constant<X, Mat>(a, nameof(a)), b.CheckedNode());

        /// <summary>Matrix product E B with a constant right factor; pullback Ē = ȲBᵀ.</summary>
        public static Diff<X, Mat> operator *(Diff<X, Mat> a, Mat b) => DiffOperators.Binary<X, Mat>(M.MatMulRule, a.CheckedNode(), Constant<X, Mat>(b, nameof(b)));

        /// <summary>Sum A + E with a constant matrix on the left; pullback Ē = Ȳ.</summary>
        public static Diff<X, Mat> operator +(Mat a, Diff<X, Mat> b) => DiffOperators.Binary<X, Mat>(M.AddRule, Constant<X, Mat>(a, nameof(a)), b.CheckedNode());

        /// <summary>Difference A − E from a constant matrix; pullback Ē = −Ȳ.</summary>
        public static Diff<X, Mat> operator -(Mat a, Diff<X, Mat> b) => DiffOperators.Binary<X, Mat>(M.SubRule, Constant<X, Mat>(a, nameof(a)), b.CheckedNode());

        /// <summary>Entrywise quotient E ⊘ B by a constant matrix; pullback Ē = Ȳ ⊘ B.</summary>
        public static Diff<X, Mat> operator /(Diff<X, Mat> a, Mat b) => DiffOperators.Binary<X, Mat>(M.DivRule, a.CheckedNode(), Constant<X, Mat>(b, nameof(b)));

        /// <summary>Entrywise quotient A ⊘ E of a constant matrix; pullback Ē = −Ȳ ⊙ Y ⊘ E.</summary>
        public static Diff<X, Mat> operator /(Mat a, Diff<X, Mat> b) => DiffOperators.Binary<X, Mat>(M.DivRule, Constant<X, Mat>(a, nameof(a)), b.CheckedNode());
    }
}
