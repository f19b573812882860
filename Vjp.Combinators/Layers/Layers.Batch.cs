using System.Numerics.Tensors;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Row-wise softmax of a batch: row i of <c>Y</c> is <c>softmax(Xᵢ,:)</c>, each row max-shifted so nothing
/// overflows. Each row's Jacobian is <c>diag(yᵢ) − yᵢyᵢᵀ</c>, symmetric, so pullback and pushforward share one
/// fused form: <c>X̄ᵢ = yᵢ ⊙ (Ȳᵢ − ⟨Ȳᵢ, yᵢ⟩)</c>, <c>Ẏᵢ = yᵢ ⊙ (Ẋᵢ − ⟨yᵢ, Ẋᵢ⟩)</c>.
/// </summary>
internal sealed class SoftmaxRowsRule() : Rule("softmax_rows", MatSpace.Default, MatSpace.Default)
{
    public static readonly SoftmaxRowsRule Instance = new();

    public override int Arity => 1;

    public override bool FreshCotangents => true;

    public override object Forward(object x, out object? r)
    {
        r = null;
        var m = (Mat)x;
        if (m.Cols == 0)
        {
            throw new ShapeException("Layers.SoftmaxRows", $"the softmax of the empty rows of Mat[{m.Rows}×0] is undefined");
        }

        var y = GC.AllocateUninitializedArray<double>(m.Rows * m.Cols);
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.RowSpan(i);
            var yi = y.AsSpan(i * m.Cols, m.Cols);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), yi);
            Deterministic.Exp(yi, yi);
            TensorPrimitives.Divide(yi, Deterministic.Sum(yi), yi);
        }

        return MatOf(m, y);
    }

    private static Mat MatOf(Mat like, double[] values) => Mat.Wrap(like.Rows, like.Cols, values);

    private static Mat Apply(Mat y, Mat v)
    {
        // Row by row, yᵢ ⊙ (vᵢ − ⟨yᵢ, vᵢ⟩): the product with diag(yᵢ) − yᵢyᵢᵀ.
        var d = GC.AllocateUninitializedArray<double>(y.Rows * y.Cols);
        for (var i = 0; i < y.Rows; i++)
        {
            var yi = y.RowSpan(i);
            var vi = v.RowSpan(i);
            var di = d.AsSpan(i * y.Cols, y.Cols);
            TensorPrimitives.Subtract(vi, Deterministic.Dot(yi, vi), di);
            TensorPrimitives.Multiply(di, yi, di);
        }

        return MatOf(y, d);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => Apply((Mat)y, (Mat)yBar);

    public override object? Pushforward(object x, object y, object? r, object dx) => Apply((Mat)y, (Mat)dx);

    /// <summary>(X, V) ↦ S ⊙ (V − rowsums(V ⊙ S)𝟙ᵀ) with S = softmax_rows(X); symmetric Jacobians, so this is both forms.</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(MatSpace.Default, MatSpace.Default);
            var x = new ProjectNode(pair, 0);
            var v = new ProjectNode(pair, 1);
            var s = NodeOps.Then(x, new RuleNode(this));
            var dots = NodeOps.Then(NodeOps.Apply2(MatPrimitives.HadamardRule, v, s), new RuleNode(MatPrimitives.RowSumsRule));
            var centred = NodeOps.Apply2(MatPrimitives.SubRule, v, NodeOps.Apply2(BatchShapes.SpreadColumns, v, dots));
            return NodeOps.Apply2(MatPrimitives.HadamardRule, s, centred);
        }
    }

    /// <summary>The same form as the pullback (symmetric Jacobians).</summary>
    public override Node PushforwardNode => PullbackNode;
}

/// <summary>
/// Row-wise log-sum-exp of a batch, <c>yᵢ = mᵢ + ln Σⱼ e^(Xᵢⱼ − mᵢ)</c> with <c>mᵢ = maxⱼ Xᵢⱼ</c> (exact and stable
/// for entries of any size). Its gradient is the row-wise softmax <c>P</c>, kept as the residual: pullback
/// <c>X̄ᵢⱼ = ȳᵢ Pᵢⱼ</c>, pushforward <c>ẏᵢ = ⟨Pᵢ, Ẋᵢ⟩</c>.
/// </summary>
internal sealed class LogSumExpRowsRule() : Rule("logsumexp_rows", MatSpace.Default, VecSpace.Default)
{
    public static readonly LogSumExpRowsRule Instance = new();

    public override int Arity => 1;

    public override bool FreshCotangents => true;

    public override object Forward(object x, out object? r)
    {
        var m = (Mat)x;
        if (m.Cols == 0)
        {
            throw new ShapeException("Layers.LogSumExpRows", $"the log-sum-exp of the empty rows of Mat[{m.Rows}×0] is undefined");
        }

        var y = GC.AllocateUninitializedArray<double>(m.Rows);
        var p = GC.AllocateUninitializedArray<double>(m.Rows * m.Cols);
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.RowSpan(i);
            var pi = p.AsSpan(i * m.Cols, m.Cols);
            var max = TensorPrimitives.Max(row);
            if (double.IsInfinity(max))
            {
                // As the vector rule: all −∞ gives −∞; any +∞ gives +∞, the gradient shared by the largest entries.
                var (value, softmax) = LogSumExpRule.Evaluate(Vec.Create(row), Name);
                y[i] = value;
                softmax.CopyTo(pi);
                continue;
            }

            TensorPrimitives.Subtract(row, max, pi);
            Deterministic.Exp(pi, pi);
            var sum = Deterministic.Sum(pi);
            TensorPrimitives.Divide(pi, sum, pi);
            y[i] = max + Math.Log(sum);
        }

        r = p;
        return Vec.Wrap(y);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var m = (Mat)x;
        var p = (double[])r!;
        var s = (Vec)yBar;
        var d = GC.AllocateUninitializedArray<double>(p.Length);
        for (var i = 0; i < m.Rows; i++)
        {
            TensorPrimitives.Multiply(p.AsSpan(i * m.Cols, m.Cols), s[i], d.AsSpan(i * m.Cols, m.Cols));
        }

        return Mat.Wrap(m.Rows, m.Cols, d);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var m = (Mat)x;
        var p = (double[])r!;
        var t = (Mat)dx;
        var dy = GC.AllocateUninitializedArray<double>(m.Rows);
        for (var i = 0; i < m.Rows; i++)
        {
            dy[i] = Deterministic.Dot(p.AsSpan(i * m.Cols, m.Cols), t.RowSpan(i));
        }

        return Vec.Wrap(dy);
    }

    /// <summary>(X, ȳ) ↦ ȳ𝟙ᵀ ⊙ softmax_rows(X).</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(MatSpace.Default, VecSpace.Default);
            var x = new ProjectNode(pair, 0);
            var softmax = NodeOps.Then(x, new RuleNode(SoftmaxRowsRule.Instance));
            return NodeOps.Apply2(MatPrimitives.HadamardRule, NodeOps.Apply2(BatchShapes.SpreadColumns, x, new ProjectNode(pair, 1)), softmax);
        }
    }

    /// <summary>(X, Ẋ) ↦ rowsums(softmax_rows(X) ⊙ Ẋ).</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(MatSpace.Default, MatSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRowsRule.Instance));
            return NodeOps.Then(NodeOps.Apply2(MatPrimitives.HadamardRule, softmax, new ProjectNode(pair, 1)), new RuleNode(MatPrimitives.RowSumsRule));
        }
    }
}

public static partial class Layers
{
    /// <summary>
    /// The dense layer on a batch, <c>Y = X Wᵀ + 𝟙bᵀ</c>: X is B×n (one sample per row), W is h×n, b has length h, Y is
    /// B×h (the same argument order as the vector <see cref="Dense{X}(Diff{X, Mat}, Diff{X, Vec}, Diff{X, Vec})"/>; row i
    /// of Y is W xᵢ + b). It runs on the GEMM kernels: pullback <c>W̄ = Ȳᵀ X</c>, <c>X̄ = Ȳ W</c>, <c>b̄ = columnsums(Ȳ)</c>
    /// (X̄ is skipped when X is data, a constant or a non-differentiated input); pushforward <c>Ẏ = Ẋ Wᵀ + X Ẇᵀ + 𝟙ḃᵀ</c>.
    /// </summary>
    /// <typeparam name="X">The input type of the expressions.</typeparam>
    /// <param name="w">The weights expression, h×n.</param>
    /// <param name="b">The bias expression, length h.</param>
    /// <param name="x">The batch expression, B×n.</param>
    /// <returns>The B×h batch of outputs.</returns>
    /// <exception cref="ShapeException">At call time, when the shapes are not conformable.</exception>
    public static Diff<X, Mat> Dense<X>(Diff<X, Mat> w, Diff<X, Vec> b, Diff<X, Mat> x) where X : notnull =>
        Fn.AddToRows(Fn.MatMulTransposeB(x.NotNull(), w.NotNull()), b.NotNull());

    /// <summary>
    /// The row-wise softmax of a batch of logits (B×c): row i is softmax(Xᵢ,:), each row max-shifted so it never
    /// overflows. Jacobian of row i: diag(yᵢ) − yᵢyᵢᵀ; pullback X̄ᵢ = yᵢ ⊙ (Ȳᵢ − ⟨Ȳᵢ, yᵢ⟩); pushforward
    /// Ẏᵢ = yᵢ ⊙ (Ẋᵢ − ⟨yᵢ, Ẋᵢ⟩).
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The logits, one row per sample.</param>
    /// <exception cref="ShapeException">At call time, for a matrix with no columns.</exception>
    public static Diff<X, Mat> SoftmaxRows<X>(Diff<X, Mat> x) where X : notnull => x.NotNull().Then(new Diff<Mat, Mat>(new RuleNode(SoftmaxRowsRule.Instance)));

    /// <summary>
    /// The row-wise log-sum-exp of a batch (B×c ↦ ℝᴮ), yᵢ = ln Σⱼ e^(Xᵢⱼ), computed max-shifted so it is exact for
    /// entries of any size. Gradient: the row-wise softmax P; pullback X̄ᵢⱼ = ȳᵢ Pᵢⱼ; pushforward ẏᵢ = ⟨Pᵢ, Ẋᵢ⟩.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The batch, one row per sample.</param>
    /// <exception cref="ShapeException">At call time, for a matrix with no columns.</exception>
    public static Diff<X, Vec> LogSumExpRows<X>(Diff<X, Mat> x) where X : notnull => x.NotNull().Then(new Diff<Mat, Vec>(new RuleNode(LogSumExpRowsRule.Instance)));
}
