using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

public static partial class Losses
{
    /// <summary>
    /// The mean cross-entropy of a batch of logits Z (B×c, one row per sample) against class labels,
    /// <c>(1/B) Σᵢ (lse(Zᵢ,:) − Zᵢ,lᵢ)</c>: the softmax cross-entropy against one-hot targets, computed from the
    /// logits with a max-shifted log-sum-exp (no overflow, no log of zero). Gradient
    /// <c>∂/∂Z = (softmax_rows(Z) − onehot(l)) / B</c>; pushforward <c>ẏ = (1/B) Σᵢ (⟨Pᵢ, Żᵢ⟩ − Żᵢ,lᵢ)</c>.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits, B×c.</param>
    /// <param name="labels">One class index per row, each in [0, c); copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative; at call time, a label is not below the number of columns.</exception>
    /// <exception cref="ShapeException">At call time, when the number of labels is not the number of rows, or the logits have no rows or columns.</exception>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Mat> logits, int[] labels) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Losses.CrossEntropy: label {i} is {labels[i]}; labels are class indices ≥ 0.");
            }
        }

        var picked = new Diff<Mat, Vec>(new RuleNode(PickRule([.. labels])));
        return Fn.Mean(Layers.LogSumExpRows(logits) - logits.Then(picked));
    }

    /// <summary>
    /// The mean cross-entropy of a batch of logits Z against a batch of target distributions T (both B×c),
    /// <c>(1/B) Σᵢ ((Σⱼ Tᵢⱼ) lse(Zᵢ,:) − ⟨Tᵢ,:, Zᵢ,:⟩)</c>, stable as the labelled form. Differentiable in both:
    /// <c>∂/∂Z = ((ΣT)ᵢ Pᵢ − Tᵢ)/B</c> row by row, <c>∂/∂T = (lse(Zᵢ) − Zᵢ)/B</c>. Targets as an input (one-hot rows from
    /// <see cref="MiniBatches.OneHot"/>) let one compiled loss serve every batch.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits, B×c.</param>
    /// <param name="targets">The target distributions, B×c (one-hot rows for labels).</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Mat> logits, Diff<X, Mat> targets) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        return Fn.Mean(Fn.RowSums(targets) * Layers.LogSumExpRows(logits) - Fn.RowSums(Fn.Hadamard(targets, logits)));
    }

    /// <summary>The mean squared error of a batch, <c>(1/Bn) Σᵢⱼ (Aᵢⱼ − Tᵢⱼ)²</c>; pullback <c>Ā = (2ȳ/Bn)(A − T)</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="prediction">The prediction, B×n.</param>
    /// <param name="target">The target, B×n.</param>
    /// <exception cref="ShapeException">At call time, when the shapes differ.</exception>
    public static Diff<X, double> Mse<X>(Diff<X, Mat> prediction, Diff<X, Mat> target) where X : notnull =>
        Fn.Mean(Fn.Square(prediction.NotNull() - target.NotNull()));

    /// <summary>The mean squared error of a batch against a fixed target; see <see cref="Mse{X}(Diff{X, Mat}, Diff{X, Mat})"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="prediction">The prediction, B×n.</param>
    /// <param name="target">The target, B×n.</param>
    public static Diff<X, double> Mse<X>(Diff<X, Mat> prediction, Mat target) where X : notnull =>
        Mse(prediction.NotNull(), Fn.Const<X, Mat>(target.NotNull()));

    /// <summary>Z ↦ (Z[i, lᵢ])ᵢ, the logit of each row's label; linear, with the scatter of ȳ into a zero matrix as its pullback.</summary>
    internal static TypedRule<Mat, Vec> PickRule(int[] labels) => new(
        "pick_labels", DiffKind.Primitive, Domain.All,
        z => (Pick(z, labels), null),
        (z, y, r, yBar) => PickScatter(z, yBar, labels),
        (z, y, r, dz) => Pick(dz, labels),
        a => $"{a}[i, label(i)]",
        pullbackNode: () => Forms.Linear<Mat, Vec, Mat>(PickScatterRule(labels)),
        pushforwardNode: () => Forms.OfTangent<Mat, Vec>(PickRule(labels)),
        into: (z, y, yBar, zBar) => AddPicked(Flat.Owned(zBar), zBar.Cols, yBar, labels),
        fresh: true);

    private static ShapedLinearRule<Mat, Vec, Mat> PickScatterRule(int[] labels) => new(
        "pick_scatter",
        (like, v) => PickScatter(like, v, labels),
        (like, yBar) => Pick(yBar, labels),
        _ => NodeOps.Then(new ProjectNode(VectorSpace<(Mat, Mat)>.Instance, 1), new RuleNode(PickRule(labels))));

    private static Vec Pick(Mat z, int[] labels)
    {
        Check(z, labels);
        var y = new double[z.Rows];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = z[i, labels[i]];
        }

        return Vec.Wrap(y);
    }

    private static Mat PickScatter(Mat like, Vec v, int[] labels)
    {
        Check(like, labels);
        var values = new double[like.Rows * like.Cols];
        AddPicked(values, like.Cols, v, labels);
        return Mat.Wrap(like.Rows, like.Cols, values);
    }

    private static void AddPicked(Span<double> values, int cols, Vec v, int[] labels)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            values[i * cols + labels[i]] += v[i];
        }
    }

    private static void Check(Mat z, int[] labels)
    {
        if (labels.Length != z.Rows)
        {
            throw new ShapeException("Losses.CrossEntropy", $"{labels.Length} labels for logits Mat[{z.Rows}×{z.Cols}] (it needs one label per row)");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= z.Cols)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Losses.CrossEntropy: label {i} is {labels[i]}, outside the {z.Cols} classes of logits Mat[{z.Rows}×{z.Cols}].");
            }
        }
    }
}
