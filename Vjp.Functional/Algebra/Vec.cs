using System.Collections;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// An immutable dense vector v ∈ ℝⁿ of doubles, stored in a private contiguous array that is never
/// exposed mutably. Arithmetic is element-wise and vectorised through
/// <see cref="TensorPrimitives"/>; every operation returns a fresh <see cref="Vec"/>.
/// </summary>
/// <remarks>
/// Collection expressions build vectors directly: <c>Vec v = [1, 2, 3];</c>.
/// In JSON (System.Text.Json, default options) a vector is an array of numbers, <c>[1, 2, 3]</c>, round-tripping
/// finite doubles bit for bit; NaN and ±∞ need <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c> and throw
/// <see cref="System.Text.Json.JsonException"/> otherwise, as does malformed input (naming the problem).
/// Binary operations require equal lengths and throw <see cref="ShapeException"/> naming the
/// operation and both lengths otherwise.
/// </remarks>
[CollectionBuilder(typeof(Vec), nameof(Create))]
[System.Text.Json.Serialization.JsonConverter(typeof(Json.VecJsonConverter))]
public sealed class Vec : IEquatable<Vec>, IReadOnlyList<double>
{
    private const string DefaultFormat = "G10";
    private const int ShortLimit = 12;
    private const int HeadCount = 6;
    private const int TailCount = 3;

    private readonly double[] _values;

    private Vec(double[] values) => _values = values;

    /// <summary>The dimension n of the vector v ∈ ℝⁿ.</summary>
    public int Length => _values.Length;

    int IReadOnlyCollection<double>.Count => _values.Length;

    /// <summary>The component vᵢ (zero-based).</summary>
    /// <param name="i">The zero-based index, 0 ≤ i &lt; <see cref="Length"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is outside [0, n).</exception>
    public double this[int i]
    {
        get
        {
            if ((uint)i >= (uint)_values.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(i), i, $"Index {i} is outside a Vec of length {_values.Length}.");
            }

            return _values[i];
        }
    }

    /// <summary>A read-only view of the components v₀ … vₙ₋₁, without copying.</summary>
    /// <returns>The components in order.</returns>
    public ReadOnlySpan<double> AsSpan() => _values;

    /// <summary>Copies the components v₀ … vₙ₋₁ into a new array the caller owns.</summary>
    /// <returns>A fresh array of length n.</returns>
    public double[] ToArray() => (double[])_values.Clone();

    // ---------------------------------------------------------------- factories

    /// <summary>The vector whose components are a copy of <paramref name="values"/>. Used by collection expressions.</summary>
    /// <param name="values">The components; copied.</param>
    /// <returns>v with vᵢ = values[i].</returns>
    public static Vec Create(ReadOnlySpan<double> values) => new(values.ToArray());

    /// <summary>The vector (values₀, …, valuesₙ₋₁); the arguments are copied.</summary>
    /// <param name="values">The components.</param>
    /// <returns>v with vᵢ = values[i].</returns>
    public static Vec Of(params ReadOnlySpan<double> values) => new(values.ToArray());

    /// <summary>The vector whose components are a copy of <paramref name="values"/>; later changes to the array do not affect it.</summary>
    /// <param name="values">The components; copied.</param>
    /// <returns>v with vᵢ = values[i].</returns>
    public static Vec FromArray(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new((double[])values.Clone());
    }

    /// <summary>Takes ownership of <paramref name="owned"/> without copying. The caller must never write to it again.</summary>
    /// <param name="owned">A freshly computed array that nothing else references.</param>
    /// <returns>A vector backed by <paramref name="owned"/>.</returns>
    internal static Vec Wrap(double[] owned) => new(owned);

    /// <summary>The zero vector 0 ∈ ℝⁿ.</summary>
    /// <param name="n">The dimension, n ≥ 0.</param>
    /// <returns>(0, …, 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Vec Zeros(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return new Vec(new double[n]);
    }

    /// <summary>The all-ones vector 𝟙 ∈ ℝⁿ.</summary>
    /// <param name="n">The dimension, n ≥ 0.</param>
    /// <returns>(1, …, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Vec Ones(int n) => Fill(n, 1.0);

    /// <summary>The constant vector c·𝟙 ∈ ℝⁿ.</summary>
    /// <param name="n">The dimension, n ≥ 0.</param>
    /// <param name="value">The value c of every component.</param>
    /// <returns>(c, …, c).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Vec Fill(int n, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = GC.AllocateUninitializedArray<double>(n);
        values.AsSpan().Fill(value);
        return new Vec(values);
    }

    /// <summary>The standard basis vector eᵢ ∈ ℝⁿ: (eᵢ)ⱼ = 1 if j = i, else 0.</summary>
    /// <param name="n">The dimension, n ≥ 1.</param>
    /// <param name="i">The index of the 1, 0 ≤ i &lt; n.</param>
    /// <returns>eᵢ.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or <paramref name="i"/> is outside [0, n).</exception>
    public static Vec Basis(int n, int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if ((uint)i >= (uint)n)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Basis index {i} is outside a Vec of length {n}.");
        }

        var values = new double[n];
        values[i] = 1.0;
        return new Vec(values);
    }

    /// <summary>The vector v ∈ ℝⁿ with vᵢ = f(i).</summary>
    /// <param name="n">The dimension, n ≥ 0.</param>
    /// <param name="f">The component function, called once for each i in order.</param>
    /// <returns>(f(0), …, f(n − 1)).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Vec Generate(int n, Func<int, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = GC.AllocateUninitializedArray<double>(n);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = f(i);
        }

        return new Vec(values);
    }

    // ---------------------------------------------------------------- structure

    /// <summary>The contiguous sub-vector (v_start, …, v_start+length−1).</summary>
    /// <param name="start">The first index taken.</param>
    /// <param name="length">How many components to take.</param>
    /// <returns>A new vector of length <paramref name="length"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range [start, start + length) is not inside [0, n).</exception>
    public Vec Slice(int start, int length)
    {
        if (start < 0 || start > _values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Slice start {start} is outside a Vec of length {_values.Length}.");
        }

        if (length < 0 || length > _values.Length - start)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Slice [{start}, {(long)start + length}) is outside a Vec of length {_values.Length}.");
        }

        return new Vec(_values.AsSpan(start, length).ToArray());
    }

    /// <summary>The concatenation (p₀ ‖ p₁ ‖ … ‖ pₖ₋₁) ∈ ℝ^(Σ nⱼ).</summary>
    /// <param name="parts">The vectors to join, in order.</param>
    /// <returns>A vector whose length is the sum of the parts' lengths.</returns>
    public static Vec Concat(params ReadOnlySpan<Vec> parts)
    {
        long total = 0;
        foreach (var part in parts)
        {
            total += part.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), total, "The concatenated length exceeds the maximum array length.");
        }

        var values = GC.AllocateUninitializedArray<double>((int)total);
        var offset = 0;
        foreach (var part in parts)
        {
            part._values.CopyTo(values, offset);
            offset += part.Length;
        }

        return new Vec(values);
    }

    // ---------------------------------------------------------------- arithmetic

    /// <summary>
    /// Adds <paramref name="other"/> into this vector's own storage. Only for a vector that nothing else
    /// references (the differentiation engine's accumulator of a fan-in cotangent, before it is handed
    /// on); every vector a user sees stays immutable.
    /// </summary>
    internal void AddInPlace(Vec other)
    {
        RequireSameLength("Vec.Add", this, other);
        TensorPrimitives.Add(_values, other._values, _values);
    }

    /// <summary>The sum a + b, (a + b)ᵢ = aᵢ + bᵢ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same length.</param>
    /// <returns>a + b.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static Vec operator +(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.Add", a, b);
        var result = GC.AllocateUninitializedArray<double>(a.Length);
        TensorPrimitives.Add(a._values, b._values, result);
        return new Vec(result);
    }

    /// <summary>The difference a − b, (a − b)ᵢ = aᵢ − bᵢ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same length.</param>
    /// <returns>a − b.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static Vec operator -(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.Subtract", a, b);
        var result = GC.AllocateUninitializedArray<double>(a.Length);
        TensorPrimitives.Subtract(a._values, b._values, result);
        return new Vec(result);
    }

    /// <summary>The negation −v, (−v)ᵢ = −vᵢ.</summary>
    /// <param name="v">The operand.</param>
    /// <returns>−v.</returns>
    public static Vec operator -(Vec v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var result = GC.AllocateUninitializedArray<double>(v.Length);
        TensorPrimitives.Negate(v._values, result);
        return new Vec(result);
    }

    /// <summary>The scalar multiple s·v, (s·v)ᵢ = s·vᵢ.</summary>
    /// <param name="s">The scalar.</param>
    /// <param name="v">The vector.</param>
    /// <returns>s·v.</returns>
    public static Vec operator *(double s, Vec v) => Scale(v, s);

    /// <summary>The scalar multiple v·s, (v·s)ᵢ = vᵢ·s.</summary>
    /// <param name="v">The vector.</param>
    /// <param name="s">The scalar.</param>
    /// <returns>v·s.</returns>
    public static Vec operator *(Vec v, double s) => Scale(v, s);

    /// <summary>The scalar quotient v / s, (v / s)ᵢ = vᵢ / s (IEEE division: s = 0 gives ±∞ or NaN).</summary>
    /// <param name="v">The vector.</param>
    /// <param name="s">The divisor.</param>
    /// <returns>v / s.</returns>
    public static Vec operator /(Vec v, double s)
    {
        ArgumentNullException.ThrowIfNull(v);
        var result = GC.AllocateUninitializedArray<double>(v.Length);
        TensorPrimitives.Divide(v._values, s, result);
        return new Vec(result);
    }

    /// <summary>The Hadamard (element-wise) product a ⊙ b, (a ⊙ b)ᵢ = aᵢ·bᵢ.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same length.</param>
    /// <returns>a ⊙ b.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static Vec Hadamard(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.Hadamard", a, b);
        var result = GC.AllocateUninitializedArray<double>(a.Length);
        TensorPrimitives.Multiply(a._values, b._values, result);
        return new Vec(result);
    }

    /// <summary>The element-wise quotient a ⊘ b, (a ⊘ b)ᵢ = aᵢ / bᵢ (IEEE division).</summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor, of the same length.</param>
    /// <returns>a ⊘ b.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static Vec Divide(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.Divide", a, b);
        var result = GC.AllocateUninitializedArray<double>(a.Length);
        TensorPrimitives.Divide(a._values, b._values, result);
        return new Vec(result);
    }

    /// <summary>The inner product ⟨a, b⟩ = Σᵢ aᵢ·bᵢ (0 for empty vectors).</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand, of the same length.</param>
    /// <returns>⟨a, b⟩.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static double Dot(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.Dot", a, b);
        return Deterministic.Dot(a._values, b._values);
    }

    /// <summary>The scaled sum a·x + y, (a·x + y)ᵢ = a·xᵢ + yᵢ (BLAS axpy).</summary>
    /// <param name="a">The scalar multiplying <paramref name="x"/>.</param>
    /// <param name="x">The scaled vector.</param>
    /// <param name="y">The added vector, of the same length.</param>
    /// <returns>a·x + y.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static Vec Axpy(double a, Vec x, Vec y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireSameLength("Vec.Axpy", x, y);
        var result = GC.AllocateUninitializedArray<double>(x.Length);
        TensorPrimitives.MultiplyAdd(x._values, a, y._values, result);
        return new Vec(result);
    }

    /// <summary>The sum of the components Σᵢ vᵢ (0 for the empty vector).</summary>
    /// <returns>Σᵢ vᵢ.</returns>
    public double Sum() => Deterministic.Sum(_values);

    /// <summary>The arithmetic mean (1/n)·Σᵢ vᵢ.</summary>
    /// <returns>The mean of the components.</returns>
    /// <exception cref="InvalidOperationException">The vector is empty.</exception>
    public double Mean()
    {
        RequireNonEmpty(nameof(Mean));
        return Deterministic.Sum(_values) / _values.Length;
    }

    /// <summary>The Euclidean norm ‖v‖₂ = √(Σᵢ vᵢ²) (0 for the empty vector).</summary>
    /// <returns>‖v‖₂.</returns>
    public double Norm() => Deterministic.Norm(_values);

    /// <summary>The largest component maxᵢ vᵢ (NaN if any component is NaN).</summary>
    /// <returns>maxᵢ vᵢ.</returns>
    /// <exception cref="InvalidOperationException">The vector is empty.</exception>
    public double Max()
    {
        RequireNonEmpty(nameof(Max));
        return TensorPrimitives.Max<double>(_values);
    }

    /// <summary>The smallest component minᵢ vᵢ (NaN if any component is NaN).</summary>
    /// <returns>minᵢ vᵢ.</returns>
    /// <exception cref="InvalidOperationException">The vector is empty.</exception>
    public double Min()
    {
        RequireNonEmpty(nameof(Min));
        return TensorPrimitives.Min<double>(_values);
    }

    /// <summary>The component-wise image f(v), f(v)ᵢ = f(vᵢ).</summary>
    /// <param name="f">The scalar function, called once per component in order.</param>
    /// <returns>f applied to every component.</returns>
    public Vec Map(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var result = GC.AllocateUninitializedArray<double>(_values.Length);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = f(_values[i]);
        }

        return new Vec(result);
    }

    // ---------------------------------------------------------------- equality

    /// <summary>
    /// Exact equality: same length and aᵢ.Equals(bᵢ) for every i (so NaN equals NaN and 0 equals −0,
    /// which keeps this an equivalence relation consistent with <see cref="GetHashCode"/>).
    /// </summary>
    /// <param name="other">The vector to compare with.</param>
    /// <returns>Whether the vectors are identical component by component.</returns>
    public bool Equals(Vec? other) =>
        other is not null && (ReferenceEquals(this, other) || _values.AsSpan().SequenceEqual(other._values));

    /// <summary>Exact equality with another <see cref="Vec"/>; see <see cref="Equals(Vec)"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>Whether <paramref name="obj"/> is an equal <see cref="Vec"/>.</returns>
    public override bool Equals(object? obj) => obj is Vec other && Equals(other);

    /// <summary>A hash of the length and every component, consistent with <see cref="Equals(Vec)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_values.Length);
        foreach (var x in _values)
        {
            hash.Add(x);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Approximate equality: same length and |aᵢ − bᵢ| ≤ absTol + relTol·max(|aᵢ|, |bᵢ|) for every i.
    /// Identical components (including equal infinities) always match; otherwise a NaN or an infinity on either side never matches.
    /// </summary>
    /// <param name="other">The vector to compare with.</param>
    /// <param name="absTol">The absolute tolerance, ≥ 0.</param>
    /// <param name="relTol">The relative tolerance, ≥ 0.</param>
    /// <returns>Whether every component pair is within tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or NaN.</exception>
    public bool ApproxEquals(Vec other, double absTol = 1e-12, double relTol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(other);
        LinearKernels.RequireTolerance(absTol, nameof(absTol));
        LinearKernels.RequireTolerance(relTol, nameof(relTol));
        return other.Length == Length && LinearKernels.ApproxEquals(_values, other._values, absTol, relTol);
    }

    /// <summary>The largest component-wise difference maxᵢ |aᵢ − bᵢ| (0 for empty vectors, NaN if any difference is NaN).</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, of the same length.</param>
    /// <returns>‖a − b‖∞.</returns>
    /// <exception cref="ShapeException">The lengths differ.</exception>
    public static double MaxAbsDiff(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength("Vec.MaxAbsDiff", a, b);
        return LinearKernels.MaxAbsDiff(a._values, b._values);
    }

    // ---------------------------------------------------------------- enumeration and text

    /// <summary>Enumerates the components v₀ … vₙ₋₁ in order.</summary>
    /// <returns>An enumerator over the components.</returns>
    public IEnumerator<double> GetEnumerator()
    {
        foreach (var x in _values)
        {
            yield return x;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The components in the invariant culture with format "G10", e.g. <c>[1, 2.5, -3]</c>. Vectors longer
    /// than 12 show the first 6, an ellipsis and the last 3, followed by the length: <c>[0, 1, 2, 3, 4, 5, …, 997, 998, 999] (n=1000)</c>.
    /// </summary>
    /// <returns>The text form of the vector.</returns>
    public override string ToString() => ToString(null);

    /// <summary>
    /// The components formatted with <paramref name="format"/> in the invariant culture, laid out as
    /// in <see cref="ToString()"/>.
    /// </summary>
    /// <param name="format">A numeric format string for each component; null or empty means "G10".</param>
    /// <returns>The text form of the vector.</returns>
    public string ToString(string? format)
    {
        format = string.IsNullOrEmpty(format) ? DefaultFormat : format;
        var culture = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append('[');
        if (_values.Length <= ShortLimit)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                sb.Append(_values[i].ToString(format, culture));
            }

            sb.Append(']');
            return sb.ToString();
        }

        for (var i = 0; i < HeadCount; i++)
        {
            sb.Append(_values[i].ToString(format, culture)).Append(", ");
        }

        sb.Append('…');
        for (var i = _values.Length - TailCount; i < _values.Length; i++)
        {
            sb.Append(", ").Append(_values[i].ToString(format, culture));
        }

        sb.Append("] (n=").Append(_values.Length.ToString(culture)).Append(')');
        return sb.ToString();
    }

    // ---------------------------------------------------------------- helpers

    private static Vec Scale(Vec v, double s)
    {
        ArgumentNullException.ThrowIfNull(v);
        var result = GC.AllocateUninitializedArray<double>(v.Length);
        TensorPrimitives.Multiply(v._values, s, result);
        return new Vec(result);
    }

    private static void RequireSameLength(string operation, Vec a, Vec b)
    {
        if (a._values.Length != b._values.Length)
        {
            throw new ShapeException(operation, $"lengths {a._values.Length} and {b._values.Length} differ");
        }
    }

    private void RequireNonEmpty(string operation)
    {
        if (_values.Length == 0)
        {
            throw new InvalidOperationException($"Vec.{operation} is undefined for an empty vector (length 0).");
        }
    }
}
