using Vjp.Functional.Engine;
using M = Vjp.Functional.MatPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Functional;

/// <summary>
/// The rest of the arithmetic on matrix expressions <c>Diff&lt;X, Mat&gt;</c> (beside the sum, difference and
/// products in <see cref="DiffOperators"/>): negation, entrywise quotient, scaling on either side, division by
/// a scalar, and constants. For matrices <c>*</c> is the matrix product; the entrywise product is
/// <see cref="Fn.Hadamard{X}(Diff{X, Mat}, Diff{X, Mat})"/>.
/// </summary>
public static class MatOperators
{
    /// <summary>Matrix expressions.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="e">The expression.</param>
    extension<X>(Diff<X, Mat> e) where X : notnull
    {
        /// <summary>Negation −A; pullback −Ȳ, pushforward −Ȧ.</summary>
        public static Diff<X, Mat> operator -(Diff<X, Mat> a) => new(NodeOps.Then(a.CheckedNode(), M.Elementwise(V.Neg).Node));

        /// <summary>Entrywise quotient A ⊘ B; pullback (C̄ ⊘ B, −C̄ ⊙ C ⊘ B), pushforward (Ȧ − C ⊙ Ḃ) ⊘ B.</summary>
        public static Diff<X, Mat> operator /(Diff<X, Mat> a, Diff<X, Mat> b) => DiffOperators.Binary<X, Mat>(M.DivRule, a.CheckedNode(), b.CheckedNode());

        /// <summary>Scaling A·s by a constant; pullback s·Ȳ.</summary>
        public static Diff<X, Mat> operator *(Diff<X, Mat> a, double s) => DiffOperators.Binary<X, Mat>(M.ScaleRule, DiffOperators.Constant<X>(s), a.CheckedNode());

        /// <summary>Scaling A·s by a scalar expression; pullback (⟨Ȳ, A⟩_F, s·Ȳ).</summary>
        public static Diff<X, Mat> operator *(Diff<X, Mat> a, Diff<X, double> s) => DiffOperators.Binary<X, Mat>(M.ScaleRule, s.CheckedNode(), a.CheckedNode());

        /// <summary>Division A/s by a constant, the scaling by 1/s; pullback Ȳ/s.</summary>
        public static Diff<X, Mat> operator /(Diff<X, Mat> a, double s) => DiffOperators.Binary<X, Mat>(M.ScaleRule, DiffOperators.Constant<X>(1 / s), a.CheckedNode());

        /// <summary>Sum with a constant matrix; pullback Ȳ.</summary>
        public static Diff<X, Mat> operator +(Diff<X, Mat> a, Mat b) => DiffOperators.Binary<X, Mat>(M.AddRule, a.CheckedNode(), DiffOperators.Constant<X, Mat>(b));

        /// <summary>Difference with a constant matrix; pullback Ȳ.</summary>
        public static Diff<X, Mat> operator -(Diff<X, Mat> a, Mat b) => DiffOperators.Binary<X, Mat>(M.SubRule, a.CheckedNode(), DiffOperators.Constant<X, Mat>(b));
    }
}
