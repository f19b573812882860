using System.Runtime.CompilerServices;

namespace Vjp.Properties;

/// <summary>Argument checks for expression-bodied entry points.</summary>
internal static class Argument
{
    /// <summary><paramref name="value"/>, or an <see cref="ArgumentNullException"/> naming it as the caller wrote it.</summary>
    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        return value;
    }
}
