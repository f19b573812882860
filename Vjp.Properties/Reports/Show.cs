using System.Globalization;
using System.Text;

namespace Vjp.Properties.Reports;

/// <summary>Short, culture-invariant renderings of numbers and differentiable values for reports.</summary>
internal static class Show
{
    private const int MaxElements = 8;

    public static string Number(double v) =>
        double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "∞"
        : double.IsNegativeInfinity(v) ? "−∞"
        : v.ToString("G6", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>An error or tolerance: three significant digits.</summary>
    public static string Small(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? "∞" : v.ToString("G3", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    public static string Numbers(IReadOnlyList<double> a) => a.Count == 1 ? Number(a[0]) : Sequence(a, Number);

    public static string Value(object? v)
    {
        switch (v)
        {
            case null:
                return "—";
            case double d:
                return Number(d);
            case Vec vec:
                return Sequence(vec.ToArray(), Number);
            case Mat m:
                return Matrix(m);
        }

        if (VectorSpace.IsDifferentiable(v.GetType()) && VectorSpace.Of(v.GetType()) is IProductSpace product)
        {
            var parts = new string[product.Arity];
            var isTuple = v.GetType().FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true;
            for (var i = 0; i < parts.Length; i++)
            {
                var c = Value(product.Component(v, i));
                parts[i] = isTuple ? c : $"{product.ComponentNames[i]}: {c}";
            }

            return isTuple ? $"({string.Join(", ", parts)})" : $"{v.GetType().Name}({string.Join(", ", parts)})";
        }

        return Convert.ToString(v, CultureInfo.InvariantCulture) ?? v.GetType().Name;
    }

    private static string Sequence(IReadOnlyList<double> a, Func<double, string> one)
    {
        var sb = new StringBuilder("[");
        if (a.Count <= MaxElements)
        {
            for (var i = 0; i < a.Count; i++)
            {
                sb.Append(i > 0 ? ", " : "").Append(one(a[i]));
            }
        }
        else
        {
            for (var i = 0; i < 5; i++)
            {
                sb.Append(i > 0 ? ", " : "").Append(one(a[i]));
            }

            sb.Append(", …, ").Append(one(a[^2])).Append(", ").Append(one(a[^1]));
            sb.Append(CultureInfo.InvariantCulture, $"] ({a.Count} elements");
        }

        return sb.Append(']').ToString().Replace(" elements]", " elements)", StringComparison.Ordinal);
    }

    private static string Matrix(Mat m)
    {
        if (m.Rows * m.Cols > 4 * MaxElements)
        {
            return $"Mat[{m.Rows}×{m.Cols}] {Sequence(m.AsSpan().ToArray(), Number)}";
        }

        var rows = new string[m.Rows];
        for (var r = 0; r < m.Rows; r++)
        {
            rows[r] = Sequence(m.Row(r).ToArray(), Number);
        }

        return $"[{string.Join(", ", rows)}]";
    }
}
