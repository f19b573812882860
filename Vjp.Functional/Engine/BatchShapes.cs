namespace Vjp.Functional.Engine;

/// <summary>
/// The shaped linear maps of the batch primitives (fills, spreads, reshapes whose shape comes from a primal
/// matrix): the pullbacks of matrix reductions and of flattening, written as rules so that those pullbacks can
/// be differentiated again.
/// </summary>
internal static class BatchShapes
{
    private static Node Snd() => new ProjectNode(VectorSpace<(Mat, Mat)>.Instance, 1);

    /// <summary>(like, s) ↦ s·𝟙𝟙ᵀ (or s/mn·𝟙𝟙ᵀ when <paramref name="mean"/>) shaped like <c>like</c>; adjoint Σ (or mean).</summary>
    public static ShapedLinearRule<Mat, double, Mat> Fill(bool mean) => new(
        mean ? "mat-fill-mean" : "mat-fill",
        (like, s) => Mat.Wrap(like.Rows, like.Cols, Enumerable.Repeat(mean ? s / (like.Rows * like.Cols) : s, like.Rows * like.Cols).ToArray()),
        (like, yBar) => mean ? yBar.Sum() / (yBar.Rows * yBar.Cols) : yBar.Sum(),
        _ => NodeOps.Then(Snd(), new RuleNode(mean ? MatPrimitives.MeanRule : MatPrimitives.SumRule)));

    /// <summary>(like, v) ↦ v𝟙ᵀ shaped like <c>like</c> (entry (i, j) = vᵢ); adjoint: row sums.</summary>
    public static ShapedLinearRule<Mat, Vec, Mat> SpreadColumns { get; } = new(
        "spread-columns",
        MatPrimitives.SpreadColumns,
        static (like, yBar) => MatPrimitives.RowSumsOf(yBar),
        static _ => NodeOps.Then(Snd(), new RuleNode(MatPrimitives.RowSumsRule)));

    /// <summary>(like, v) ↦ 𝟙vᵀ shaped like <c>like</c> (entry (i, j) = vⱼ); adjoint: column sums.</summary>
    public static ShapedLinearRule<Mat, Vec, Mat> SpreadRows { get; } = new(
        "spread-rows",
        MatPrimitives.SpreadRows,
        static (like, yBar) => MatPrimitives.ColumnSumsOf(yBar),
        static _ => NodeOps.Then(Snd(), new RuleNode(MatPrimitives.ColumnSumsRule)));

    /// <summary>(like, v) ↦ v reshaped row-major to <c>like</c>'s shape; adjoint: flattening.</summary>
    public static ShapedLinearRule<Mat, Vec, Mat> Unflatten { get; } = new(
        "unflatten",
        static (like, v) => Mat.Create(like.Rows, like.Cols, v.AsSpan()),
        static (like, yBar) => Vec.Create(yBar.AsSpan()),
        static _ => NodeOps.Then(Snd(), new RuleNode(MatPrimitives.FlattenRule)));
}
