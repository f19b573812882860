namespace Vjp.Functional.Engine;

/// <summary>
/// The linear maps whose shape comes from a primal (broadcasts, scatters, pads): the pullbacks of
/// reductions, indexing and slicing, written as rules so that those pullbacks can be differentiated again.
/// </summary>
internal static class ShapedRules
{
    private static VectorSpace Pair<TA, TB>() where TA : notnull where TB : notnull => VectorSpace<(TA, TB)>.Instance;

    private static Node Snd<TA, TB>() where TA : notnull where TB : notnull => new ProjectNode(Pair<TA, TB>(), 1);

    /// <summary>(like, s) ↦ s·𝟙 (or s/n·𝟙 when <paramref name="mean"/>), a vector shaped like <c>like</c>; adjoint Σ (or mean).</summary>
    public static ShapedLinearRule<Vec, double, Vec> Fill(bool mean) => new(
        mean ? "fill-mean" : "fill",
        (like, s) => Vec.Fill(like.Length, mean ? s / like.Length : s),
        (like, yBar) => mean ? yBar.Mean() : yBar.Sum(),
        _ => NodeOps.Then(Snd<Vec, Vec>(), new RuleNode(mean ? VecPrimitives.MeanRule : VecPrimitives.SumRule)));

    /// <summary>(like, s) ↦ s·eᵢ shaped like <c>like</c>; adjoint ȳ ↦ ȳᵢ.</summary>
    public static ShapedLinearRule<Vec, double, Vec> Scatter(int index) => new(
        $"scatter[{index}]",
        (like, s) =>
        {
            // One buffer, as the index pullback writes it: ȳ at i, exact zeros elsewhere.
            var a = new double[like.Length];
            a[index] = s;
            return Vec.Wrap(a);
        },
        (like, yBar) => yBar[index],
        _ => NodeOps.Then(Snd<Vec, Vec>(), new RuleNode(VecPrimitives.IndexRule(index))));

    /// <summary>(like, v) ↦ v padded with zeros into a vector shaped like <c>like</c> at <paramref name="start"/>; adjoint: the slice.</summary>
    public static ShapedLinearRule<Vec, Vec, Vec> Pad(int start, int length) => new(
        $"pad[{start}..{start + length}]",
        (like, v) =>
        {
            var a = new double[like.Length];
            v.AsSpan().CopyTo(a.AsSpan(start));
            return Vec.Wrap(a);
        },
        (like, yBar) => yBar.Slice(start, length),
        _ => NodeOps.Then(Snd<Vec, Vec>(), VecPrimitives.Slice(start, length).Node));

    /// <summary>(like, v) ↦ the matrix shaped like <c>like</c> with row i = v, zero elsewhere; adjoint: row i.</summary>
    public static ShapedLinearRule<Mat, Vec, Mat> RowScatter(int row) => new(
        $"row-scatter[{row}]",
        (like, v) => MatPrimitives.RowScatter(like, v, row),
        (like, yBar) => yBar.Row(row),
        _ => NodeOps.Then(Snd<Mat, Mat>(), MatPrimitives.Row(row).Node));

    /// <summary>(like, v) ↦ the matrix shaped like <c>like</c> with column j = v, zero elsewhere; adjoint: column j.</summary>
    public static ShapedLinearRule<Mat, Vec, Mat> ColumnScatter(int column) => new(
        $"column-scatter[{column}]",
        (like, v) => MatPrimitives.ColumnScatter(like, v, column),
        (like, yBar) => yBar.Column(column),
        _ => NodeOps.Then(Snd<Mat, Mat>(), MatPrimitives.Column(column).Node));

    /// <summary>The form <c>(like, v) ↦ rule(like, v)</c> over a pair input: used as a pullback form <c>(x, ȳ) ↦ L_x(ȳ)</c>.</summary>
    public static Node AsForm(Rule rule) => new RuleNode(rule);
}

/// <summary>
/// Part i of a concatenation's cotangent (<c>(ȳ, a₁, …, aₙ) ↦ ȳ[offsetᵢ .. offsetᵢ + |aᵢ|]</c>) and its
/// adjoint, the zero-padding of a part into a whole (<c>(v, a₁, …, aₙ) ↦ [0; v; 0]</c>); the aⱼ give only shapes.
/// </summary>
internal sealed class ConcatPartRule(int part, int count, bool pad)
    : NaryRule(pad ? $"concat-pad[{part}]" : $"concat-part[{part}]", [.. Enumerable.Repeat<VectorSpace>(VecSpace.Default, count + 1)], VecSpace.Default)
{
    private (int Offset, int Length, int Total) Layout(object[] args)
    {
        int offset = 0, total = 0;
        for (var j = 0; j < count; j++)
        {
            var len = ((Vec)args[j + 1]).Length;
            if (j < part)
            {
                offset += len;
            }

            total += len;
        }

        return (offset, ((Vec)args[part + 1]).Length, total);
    }

    private Vec Apply(object[] args, Vec v, bool padding)
    {
        var (offset, length, total) = Layout(args);
        if (!padding)
        {
            return v.Slice(offset, length);
        }

        var a = new double[total];
        v.AsSpan().CopyTo(a.AsSpan(offset));
        return Vec.Wrap(a);
    }

    public override object Forward(object[] args) => Apply(args, (Vec)args[0], pad);

    public override void Pullback(object[] args, object y, object yBar, object?[] argBars) =>
        argBars[0] = Apply(args, (Vec)yBar, !pad);

    public override object Pushforward(object[] args, object y, object?[] argDots) =>
        argDots[0] is Vec dv ? Apply(args, dv, pad) : Apply(args, Vec.Zeros(pad ? Layout(args).Length : Layout(args).Total), pad);

    public override Node?[] PullbackForms(Node[] args, Node yBar) =>
        [new NaryNode(new ConcatPartRule(part, count, !pad), [yBar, .. args[1..]]), .. args[1..].Select(_ => (Node?)null)];

    public override Node PushforwardForm(Node[] args, Node[] dots) => new NaryNode(this, [dots[0], .. args[1..]]);
}
