using Vjp.Functional;
using static Vjp.Functional.Fn;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Neural-network layers as differentiable functions: the affine <c>Dense</c> layer, elementwise
/// activations beyond the core's (<see cref="Fn.Tanh{X}(Diff{X, Vec})"/>, <see cref="Fn.Sigmoid{X}(Diff{X, Vec})"/>,
/// <see cref="Fn.Relu{X}(Diff{X, Vec})"/>, <see cref="Fn.Softplus{X}(Diff{X, Vec})"/>), <c>Softmax</c> and a
/// numerically stable <c>LogSumExp</c>. Parameters live in the caller's records, so a model's loss is a
/// <c>Diff&lt;Params, double&gt;</c> or a <c>Diff&lt;(Params, Vec), double&gt;</c>.
/// </summary>
/// <example>
/// <code>
/// record Mlp(Mat W1, Vec B1, Mat W2, Vec B2);
/// var (p, x) = Diff.Input&lt;(Mlp, Vec)&gt;();
/// var h = Tanh(Layers.Dense(p.Get(m =&gt; m.W1), p.Get(m =&gt; m.B1), x));
/// var output = Layers.Dense(p.Get(m =&gt; m.W2), p.Get(m =&gt; m.B2), h);
/// </code>
/// </example>
public static partial class Layers
{
    /// <summary>
    /// The affine layer with fixed weights, <c>x ↦ W x + b</c>. Pullback <c>x̄ = Wᵀ ȳ</c>; pushforward
    /// <c>ẏ = W ẋ</c>.
    /// </summary>
    /// <param name="w">The weights, m×n.</param>
    /// <param name="b">The bias, length m.</param>
    /// <returns>A function from ℝⁿ to ℝᵐ.</returns>
    /// <exception cref="ShapeException">When the bias length is not the number of rows of <paramref name="w"/>; at call time, when the input length is not its number of columns.</exception>
    public static Diff<Vec, Vec> Dense(Mat w, Vec b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        CheckBias(w, b);
        var x = Diff.Input<Vec>();
        return Dense(Fn.Const<Vec, Mat>(w), Fn.Const<Vec, Vec>(b), x).Named($"dense[{w.Rows}×{w.Cols}]");
    }

    /// <summary>
    /// The affine layer on expressions, <c>W x + b</c>, differentiable in all three: pullback
    /// <c>(W̄, b̄, x̄) = (ȳ xᵀ, ȳ, Wᵀ ȳ)</c>; pushforward <c>ẏ = Ẇ x + W ẋ + ḃ</c>. Use it with parameters
    /// projected out of a record: <c>Dense(p.Get(m =&gt; m.W1), p.Get(m =&gt; m.B1), x)</c>.
    /// </summary>
    /// <typeparam name="X">The input type of the expressions.</typeparam>
    /// <param name="w">The weights expression.</param>
    /// <param name="b">The bias expression.</param>
    /// <param name="x">The input expression.</param>
    /// <exception cref="ShapeException">At call time, when the shapes are not conformable.</exception>
    public static Diff<X, Vec> Dense<X>(Diff<X, Mat> w, Diff<X, Vec> b, Diff<X, Vec> x) where X : notnull => w.NotNull() * x.NotNull() + b.NotNull();

    private static void CheckBias(Mat w, Vec b)
    {
        if (w.Rows != b.Length)
        {
            throw new ShapeException("Layers.Dense", $"bias Vec[{b.Length}] does not match weights Mat[{w.Rows}×{w.Cols}] (it needs {w.Rows} elements)");
        }
    }
}
