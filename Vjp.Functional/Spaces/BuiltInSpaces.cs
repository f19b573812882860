using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>The real line: <see cref="double"/> as a one-dimensional vector space.</summary>
public sealed class DoubleSpace : VectorSpace<double>
{
    /// <summary>The single instance.</summary>
    public static DoubleSpace Default { get; } = new();

    /// <inheritdoc/>
    public override double Zero(double like) => 0.0;

    /// <inheritdoc/>
    public override double Add(double a, double b) => a + b;

    /// <inheritdoc/>
    public override double Scale(double s, double a) => s * a;

    /// <inheritdoc/>
    public override double Inner(double a, double b) => a * b;

    /// <inheritdoc/>
    public override int Dimension(double x) => 1;

    /// <inheritdoc/>
    public override void Flatten(double x, Span<double> destination) => destination[0] = x;

    /// <inheritdoc/>
    public override double Unflatten(double like, ReadOnlySpan<double> source) => source[0];

    /// <inheritdoc/>
    public override string Shape(double x) => "double";

    /// <inheritdoc/>
    public override bool SameShape(double a, double b) => true;
}

/// <summary>Dense vectors: <see cref="Vec"/> of length n as ℝⁿ.</summary>
public sealed class VecSpace : VectorSpace<Vec>
{
    /// <summary>The single instance.</summary>
    public static VecSpace Default { get; } = new();

    /// <inheritdoc/>
    public override Vec Zero(Vec like) => Vec.Zeros(like.NotNull().Length);

    /// <inheritdoc/>
    public override Vec Add(Vec a, Vec b) => a + b;

    internal override bool AddsInPlace => true;

    internal override object AddInPlaceObject(object accumulator, object value)
    {
        ((Vec)accumulator).AddInPlace((Vec)value);
        return accumulator;
    }

    /// <inheritdoc/>
    public override Vec Scale(double s, Vec a) => s * a.NotNull();

    /// <inheritdoc/>
    public override double Inner(Vec a, Vec b) => Vec.Dot(a, b);

    /// <inheritdoc/>
    public override int Dimension(Vec x) => x.NotNull().Length;

    /// <inheritdoc/>
    public override void Flatten(Vec x, Span<double> destination) => x.NotNull().AsSpan().CopyTo(destination);

    /// <inheritdoc/>
    public override Vec Unflatten(Vec like, ReadOnlySpan<double> source) => Vec.Create(source[..like.NotNull().Length]);

    /// <inheritdoc/>
    public override string Shape(Vec x) => $"Vec[{x.NotNull().Length}]";

    /// <inheritdoc/>
    public override bool SameShape(Vec a, Vec b) => a.NotNull().Length == b.NotNull().Length;
}

/// <summary>Dense matrices: <see cref="Mat"/> of shape m×n as ℝ^(m·n) with the Frobenius inner product.</summary>
public sealed class MatSpace : VectorSpace<Mat>
{
    /// <summary>The single instance.</summary>
    public static MatSpace Default { get; } = new();

    /// <inheritdoc/>
    public override Mat Zero(Mat like) => Mat.Zeros(like.NotNull().Rows, like.Cols);

    /// <inheritdoc/>
    public override Mat Add(Mat a, Mat b) => a + b;

    internal override bool AddsInPlace => true;

    internal override object AddInPlaceObject(object accumulator, object value)
    {
        ((Mat)accumulator).AddInPlace((Mat)value);
        return accumulator;
    }

    /// <inheritdoc/>
    public override Mat Scale(double s, Mat a) => s * a.NotNull();

    /// <inheritdoc/>
    public override double Inner(Mat a, Mat b) => Mat.Inner(a, b);

    /// <inheritdoc/>
    public override int Dimension(Mat x) => x.NotNull().Rows * x.Cols;

    /// <inheritdoc/>
    public override void Flatten(Mat x, Span<double> destination) => x.NotNull().AsSpan().CopyTo(destination);

    /// <inheritdoc/>
    public override Mat Unflatten(Mat like, ReadOnlySpan<double> source) =>
        Mat.Create(like.Rows, like.Cols, source[..(like.Rows * like.Cols)]);

    /// <inheritdoc/>
    public override string Shape(Mat x) => $"Mat[{x.NotNull().Rows}×{x.Cols}]";

    /// <inheritdoc/>
    public override bool SameShape(Mat a, Mat b) => a.NotNull().Rows == b.NotNull().Rows && a.Cols == b.Cols;
}
