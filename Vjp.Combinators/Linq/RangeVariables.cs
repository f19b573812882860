using System.Reflection;
using System.Runtime.CompilerServices;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Names the range variables of a query in the structure it builds, so that blame paths and error paths say
/// <c>h</c> and <c>a</c> where the user wrote <c>from h in …</c> and <c>let a = …</c>.
/// </summary>
/// <remarks>
/// <para>
/// C# passes no names to <c>Select</c>/<c>SelectMany</c>, but the lambdas it builds from a query keep them: the
/// range variable of a <c>from</c> is the parameter of the selector lambda (<c>h => …</c>, or the second parameter of
/// <c>SelectMany</c>'s projection), whose name the compiled method's metadata records; a <c>let</c> (or any
/// projection into an anonymous type) becomes a member of the compiler's anonymous type, whose property names are
/// the variables' names. A range variable is wrapped once, when it is bound, in a named node that evaluation sees
/// through (the compiler shares it as before); a <c>let</c> member is wrapped and the anonymous value rebuilt with
/// its constructor.
/// </para>
/// <para>
/// Limits: the compiler's own transparent identifiers (<c>&lt;&gt;h__TransparentIdentifier0</c>) are never used as names;
/// a variable bound to the query's input itself, a constant or a projection is not wrapped (it has no rule to blame);
/// a selector that is not a lambda (a method group) is named by that method's parameter; method syntax
/// (<c>m.Select(v => …)</c>) names the variable <c>v</c> the same way; a <c>let</c> inside a non-anonymous projection
/// (a user's own record) is not named.
/// </para>
/// </remarks>
internal static class RangeVariables
{
    /// <summary>The name of parameter <paramref name="index"/> of <paramref name="f"/>'s method, or null for a compiler-generated one.</summary>
    public static string? ParameterName(Delegate f, int index)
    {
        var parameters = f.Method.GetParameters();
        var name = index < parameters.Length ? parameters[index].Name : null;
        return IsUserName(name) ? name : null;
    }

    /// <summary><paramref name="m"/> bound to the range variable <paramref name="name"/> of a <c>from</c> (unchanged when there is no name, or nothing to name).</summary>
    public static Diff<X, A> From<X, A>(Diff<X, A> m, string? name) where X : notnull where A : notnull =>
        Bind(m, name, "from");

    /// <summary>
    /// The environment <paramref name="env"/> (a compiler's anonymous type) with every member that is an unnamed
    /// expression bound to a <c>let</c> variable of the member's name.
    /// </summary>
    public static T Let<T>(T env)
    {
        if (env is null || !IsAnonymous(typeof(T)))
        {
            return env;
        }

        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var constructor = typeof(T).GetConstructors().SingleOrDefault(c => c.GetParameters().Length == properties.Length);
        if (constructor is null)
        {
            return env;
        }

        var values = new object?[properties.Length];
        var changed = false;
        var parameters = constructor.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var property = properties.Single(p => p.Name == parameters[i].Name);
            var value = property.GetValue(env);
            values[i] = value;
            if (IsUserName(property.Name) && value is not null && IsDiff(property.PropertyType))
            {
                var named = BindUntyped(value, property.Name);
                changed |= !ReferenceEquals(named, value);
                values[i] = named;
            }
        }

        return changed ? (T)constructor.Invoke(values) : env;
    }

    private static Diff<X, A> Bind<X, A>(Diff<X, A> m, string? name, string clause) where X : notnull where A : notnull =>
        name is null || m.Node is NamedNode { Clause: not null } or IdNode or ConstNode or ProjectNode ? m : new(new NamedNode(name, m.Node, clause));

    private static readonly MethodInfo BindLet = typeof(RangeVariables).GetMethod(nameof(LetOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static object BindUntyped(object diff, string name)
    {
        var args = diff.GetType().GetGenericArguments();
        return BindLet.MakeGenericMethod(args).Invoke(null, [diff, name])!;
    }

    private static Diff<X, A> LetOf<X, A>(Diff<X, A> m, string name) where X : notnull where A : notnull => Bind(m, name, "let");

    private static bool IsDiff(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Diff<,>);

    private static bool IsAnonymous(Type t) =>
        t.IsSealed && t.IsGenericType && t.Name.Contains("AnonymousType", StringComparison.Ordinal) && t.IsDefined(typeof(CompilerGeneratedAttribute), false);

    private static bool IsUserName(string? name) => !string.IsNullOrEmpty(name) && (char.IsLetter(name[0]) || name[0] == '_') && !name.Contains('<', StringComparison.Ordinal);
}
