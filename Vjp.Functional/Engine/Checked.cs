using System.Runtime.CompilerServices;

namespace Vjp.Functional.Engine;

/// <summary>
/// Argument checks for expression-bodied entry points: <c>a.CheckedNode()</c> and <c>x.NotNull()</c> throw
/// <see cref="ArgumentNullException"/> naming the argument as the caller wrote it (the parameter's name).
/// </summary>
internal static class Checked
{
    /// <summary>The node of <paramref name="d"/>, or an <see cref="ArgumentNullException"/> naming it.</summary>
    public static Node CheckedNode<TIn, TOut>(this Diff<TIn, TOut>? d, [CallerArgumentExpression(nameof(d))] string? name = null)
        where TIn : notnull where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(d, name);
        return d.Node;
    }

    /// <summary><paramref name="value"/>, or an <see cref="ArgumentNullException"/> naming it.</summary>
    public static T NotNull<T>(this T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        // `is null` on a value type is false without boxing, so this costs nothing for double.
        if (value is null)
        {
            Throw(name);
        }

        return value;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Throw(string? name) => throw new ArgumentNullException(name);
}
