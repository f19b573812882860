using System.Numerics.Tensors;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Log-softmax <c>yᵢ = (xᵢ − m) − ln Σⱼ e^(xⱼ − m)</c> with <c>m = maxⱼ xⱼ</c>: every exponent is ≤ 0, so nothing
/// overflows, and <c>xᵢ − m</c> is formed before the logarithm is subtracted, so large logits lose no digits (unlike
/// <c>x − logsumexp(x)</c>). Its Jacobian is <c>I − 𝟙pᵀ</c> with <c>p = softmax(x)</c> (the residual):
/// pullback <c>x̄ = ȳ − p·Σᵢ ȳᵢ</c>, pushforward <c>ẏ = ẋ − ⟨p, ẋ⟩𝟙</c>, O(n) with no n×n matrix.
/// </summary>
internal sealed class LogSoftmaxRule() : Rule("logsoftmax", VecSpace.Default, VecSpace.Default)
{
    public static readonly LogSoftmaxRule Instance = new();

    public override int Arity => 1;

    public override bool FreshCotangents => true;

    /// <summary>y = log-softmax of <paramref name="x"/> into <paramref name="y"/>, and p = softmax into <paramref name="p"/>.</summary>
    internal static void Evaluate(ReadOnlySpan<double> x, Span<double> y, Span<double> p)
    {
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
        Deterministic.Exp(y, p);
        var sum = Deterministic.Sum(p);
        TensorPrimitives.Subtract(y, Math.Log(sum), y);
        TensorPrimitives.Divide(p, sum, p);
    }

    public override object Forward(object x, out object? r)
    {
        var v = (Vec)x;
        if (v.Length == 0)
        {
            throw new ShapeException("Layers.LogSoftmax", "the log-softmax of an empty vector is undefined");
        }

        var y = new double[v.Length];
        var p = new double[v.Length];
        Evaluate(v.AsSpan(), y, p);
        r = p;
        return Vec.Wrap(y);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var s = (Vec)yBar;
        var xBar = new double[s.Length];
        TensorPrimitives.Multiply((double[])r!, -Deterministic.Sum(s.AsSpan()), xBar);
        TensorPrimitives.Add(xBar, s.AsSpan(), xBar);
        return Vec.Wrap(xBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var d = (Vec)dx;
        var dy = new double[d.Length];
        TensorPrimitives.Subtract(d.AsSpan(), Deterministic.Dot((double[])r!, d.AsSpan()), dy);
        return Vec.Wrap(dy);
    }

    /// <summary>(x, ȳ) ↦ ȳ − (Σᵢ ȳᵢ)·softmax(x).</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRule.Instance));
            var yBar = new ProjectNode(pair, 1);
            var total = NodeOps.Then(yBar, new RuleNode(VecPrimitives.SumRule));
            return NodeOps.Apply2(VecPrimitives.SubRule, yBar, NodeOps.Apply2(VecPrimitives.ScaleRule, total, softmax));
        }
    }

    /// <summary>(x, ẋ) ↦ ẋ − ⟨softmax(x), ẋ⟩𝟙.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRule.Instance));
            var dx = new ProjectNode(pair, 1);
            var dot = NodeOps.Apply2(VecPrimitives.DotRule, softmax, dx);
            return NodeOps.Apply2(VecPrimitives.SubRule, dx, NodeOps.Apply2(ShapedRules.Fill(mean: false), dx, dot));
        }
    }
}

/// <summary>
/// The row-wise log-softmax of a batch (one sample per row), each row as <see cref="LogSoftmaxRule"/>:
/// pullback <c>X̄ᵢ = Ȳᵢ − Pᵢ·Σⱼ Ȳᵢⱼ</c>, pushforward <c>Ẏᵢ = Ẋᵢ − ⟨Pᵢ, Ẋᵢ⟩𝟙</c>, with P the row-wise softmax (the residual).
/// </summary>
internal sealed class LogSoftmaxRowsRule() : Rule("logsoftmax_rows", MatSpace.Default, MatSpace.Default)
{
    public static readonly LogSoftmaxRowsRule Instance = new();

    public override int Arity => 1;

    public override bool FreshCotangents => true;

    public override object Forward(object x, out object? r)
    {
        var m = (Mat)x;
        if (m.Cols == 0)
        {
            throw new ShapeException("Layers.LogSoftmaxRows", $"the log-softmax of the empty rows of Mat[{m.Rows}×0] is undefined");
        }

        var y = new double[m.Rows * m.Cols];
        var p = new double[m.Rows * m.Cols];
        for (var i = 0; i < m.Rows; i++)
        {
            LogSoftmaxRule.Evaluate(m.RowSpan(i), y.AsSpan(i * m.Cols, m.Cols), p.AsSpan(i * m.Cols, m.Cols));
        }

        r = p;
        return Mat.Wrap(m.Rows, m.Cols, y);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var s = (Mat)yBar;
        var p = (double[])r!;
        var xBar = new double[s.Rows * s.Cols];
        for (var i = 0; i < s.Rows; i++)
        {
            var si = s.RowSpan(i);
            var di = xBar.AsSpan(i * s.Cols, s.Cols);
            TensorPrimitives.Multiply(p.AsSpan(i * s.Cols, s.Cols), -Deterministic.Sum(si), di);
            TensorPrimitives.Add(di, si, di);
        }

        return Mat.Wrap(s.Rows, s.Cols, xBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var d = (Mat)dx;
        var p = (double[])r!;
        var dy = new double[d.Rows * d.Cols];
        for (var i = 0; i < d.Rows; i++)
        {
            var di = d.RowSpan(i);
            TensorPrimitives.Subtract(di, Deterministic.Dot(p.AsSpan(i * d.Cols, d.Cols), di), dy.AsSpan(i * d.Cols, d.Cols));
        }

        return Mat.Wrap(d.Rows, d.Cols, dy);
    }

    /// <summary>(X, Ȳ) ↦ Ȳ − rowsums(Ȳ)𝟙ᵀ ⊙ softmax_rows(X).</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(MatSpace.Default, MatSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRowsRule.Instance));
            var yBar = new ProjectNode(pair, 1);
            var totals = NodeOps.Then(yBar, new RuleNode(MatPrimitives.RowSumsRule));
            var spread = NodeOps.Apply2(BatchShapes.SpreadColumns, yBar, totals);
            return NodeOps.Apply2(MatPrimitives.SubRule, yBar, NodeOps.Apply2(MatPrimitives.HadamardRule, spread, softmax));
        }
    }

    /// <summary>(X, Ẋ) ↦ Ẋ − rowsums(softmax_rows(X) ⊙ Ẋ)𝟙ᵀ.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(MatSpace.Default, MatSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRowsRule.Instance));
            var dx = new ProjectNode(pair, 1);
            var dots = NodeOps.Then(NodeOps.Apply2(MatPrimitives.HadamardRule, softmax, dx), new RuleNode(MatPrimitives.RowSumsRule));
            return NodeOps.Apply2(MatPrimitives.SubRule, dx, NodeOps.Apply2(BatchShapes.SpreadColumns, dx, dots));
        }
    }
}

public static partial class Layers
{
    /// <summary>
    /// The log-softmax <c>yᵢ = xᵢ − ln Σⱼ e^(xⱼ)</c>, computed as <c>(xᵢ − m) − ln Σⱼ e^(xⱼ − m)</c> with <c>m = maxⱼ xⱼ</c>,
    /// so it neither overflows nor loses digits for large logits. Jacobian <c>I − 𝟙pᵀ</c> with <c>p = softmax(x)</c>;
    /// pullback <c>x̄ = ȳ − p·Σᵢ ȳᵢ</c>; pushforward <c>ẏ = ẋ − ⟨p, ẋ⟩𝟙</c>.
    /// </summary>
    /// <exception cref="ShapeException">At call time, for an empty vector.</exception>
    public static Diff<Vec, Vec> LogSoftmax() => new(new RuleNode(LogSoftmaxRule.Instance));

    /// <summary>The log-softmax of a vector expression; see <see cref="LogSoftmax()"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The logits.</param>
    public static Diff<X, Vec> LogSoftmax<X>(Diff<X, Vec> x) where X : notnull => x.NotNull().Then(LogSoftmax());

    /// <summary>
    /// The row-wise log-softmax of a batch of logits (B×c): row i is log-softmax(Xᵢ,:), max-shifted row by row.
    /// Jacobian of row i: I − 𝟙pᵢᵀ with pᵢ = softmax(Xᵢ,:); pullback X̄ᵢ = Ȳᵢ − pᵢ·Σⱼ Ȳᵢⱼ; pushforward Ẏᵢ = Ẋᵢ − ⟨pᵢ, Ẋᵢ⟩𝟙.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The logits, one row per sample.</param>
    /// <exception cref="ShapeException">At call time, for a matrix with no columns.</exception>
    public static Diff<X, Mat> LogSoftmaxRows<X>(Diff<X, Mat> x) where X : notnull => x.NotNull().Then(new Diff<Mat, Mat>(new RuleNode(LogSoftmaxRowsRule.Instance)));
}
