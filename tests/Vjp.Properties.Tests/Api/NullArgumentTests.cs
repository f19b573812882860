using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vjp.Combinators;

namespace Vjp.Properties.Tests.Api;

/// <summary>
/// Walks the public API of Vjp.Functional, Vjp.Combinators and Vjp.Properties by reflection and passes
/// null to each reference parameter in turn, the others valid: every one must throw
/// <see cref="ArgumentNullException"/> naming that parameter, unless it documents that it accepts null.
/// </summary>
public sealed class NullArgumentTests
{
    private static readonly Assembly[] Libraries = [typeof(Diff).Assembly, typeof(Arrow).Assembly, typeof(Vjp.LanguageExt.SeqDiff).Assembly, typeof(RuleCheck).Assembly];

    /// <summary>
    /// Parameters that accept null, as <c>Type.Member(parameter)</c>, with why. A parameter annotated
    /// nullable (<c>T?</c>) documents it in its type and needs no entry here.
    /// </summary>
    private static readonly Dictionary<string, string> AcceptsNull = new()
    {
        // Results the checkers build and return: their positional constructors are not entry points for user input.
        ["SecondOrderResult.ctor(Rule)"] = "a result record built by SecondOrderCheck",
        ["SecondOrderResult.ctor(Seed)"] = "a result record built by SecondOrderCheck",
        ["SecondOrderResult.ctor(Failures)"] = "a result record built by SecondOrderCheck",
        ["SecondOrderResult.ctor(Report)"] = "a result record built by SecondOrderCheck",
        ["FiniteDifferenceEstimate.ctor(Value)"] = "a result record built by FiniteDifferences",
    };

    /// <summary>
    /// Whether the parameter accepts null by a convention of .NET rather than an entry above: the message and
    /// inner exception of an exception's constructors (as in <see cref="Exception(string?, Exception?)"/>).
    /// </summary>
    private static bool ByConvention(MethodBase member, ParameterInfo p) =>
        member is ConstructorInfo && typeof(Exception).IsAssignableFrom(member.DeclaringType) && p.Name is "message" or "innerException";

    /// <summary>Members that are not entry points taking arguments to check: equality (null is a valid operand) and what the compiler writes for records.</summary>
    private static bool Skipped(MethodBase m) =>
        m.Name is "Equals" or "op_Equality" or "op_Inequality" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers"
        || m.Name.Contains('<', StringComparison.Ordinal)
        || (m.IsSpecialName && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal)))
        || m.IsDefined(typeof(CompilerGeneratedAttribute))
        // A span cannot be boxed into a reflection call; these members take their other arguments as the walked ones do.
        || m.GetParameters().Any(p => p.ParameterType.IsByRefLike || (p.ParameterType.IsByRef && p.ParameterType.GetElementType()!.IsByRefLike));

    [Fact]
    public void PublicApi_NullForEachReferenceParameter_ThrowsArgumentNullExceptionNamingIt()
    {
        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var checkedParameters = 0;
        foreach (var preferred in new[] { typeof(double), typeof(Vec) })
        {
            var samples = new Samples(preferred);
            foreach (var type in Libraries.SelectMany(a => a.GetExportedTypes()).Where(t => !t.Name.Contains('<', StringComparison.Ordinal) && !t.IsInterface && !typeof(Delegate).IsAssignableFrom(t) && !t.IsEnum))
            {
                foreach (var member in Members(type, samples, failures))
                {
                    checkedParameters += Check(member.Method, member.Instance, samples, failures);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} parameters do not reject null:\n{string.Join("\n", failures)}");
        Assert.True(checkedParameters > 300, $"only {checkedParameters} parameters checked");
    }

    private static IEnumerable<(MethodBase Method, object? Instance)> Members(Type type, Samples samples, ISet<string> failures)
    {
        var closed = type;
        if (type.IsGenericTypeDefinition)
        {
            closed = samples.Close(type);
            if (closed is null)
            {
                failures.Add($"{type.Name}: cannot instantiate for the walk");
                yield break;
            }
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        object? instance = null;
        var instanceBuilt = false;
        foreach (var method in closed.GetMethods(flags).Cast<MethodBase>().Concat(closed.IsAbstract ? [] : closed.GetConstructors()))
        {
            if (Skipped(method))
            {
                continue;
            }

            var m = method;
            if (m is MethodInfo { IsGenericMethodDefinition: true } generic)
            {
                m = samples.Close(generic)!;
                if (m is null)
                {
                    failures.Add($"{Name(method)}: cannot instantiate for the walk");
                    continue;
                }
            }

            if (!m.IsStatic && m is MethodInfo)
            {
                if (!instanceBuilt)
                {
                    instance = samples.ArgumentOf(closed);
                    instanceBuilt = true;
                }

                if (instance is null)
                {
                    failures.Add($"{Name(m)}: no instance of {closed.Name} for the walk");
                    continue;
                }
            }

            yield return (m, m.IsStatic || m is ConstructorInfo ? null : instance);
        }
    }

    private static int Check(MethodBase m, object? instance, Samples samples, ISet<string> failures)
    {
        var parameters = m.GetParameters();
        var nullability = new NullabilityInfoContext();
        var count = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var t = p.ParameterType;
            if (t.IsValueType || t.IsByRef || p.IsOut || nullability.Create(p).WriteState == NullabilityState.Nullable || ByConvention(m, p)
                || AcceptsNull.ContainsKey($"{Name(m)}({p.Name})"))
            {
                continue;
            }

            var args = new object?[parameters.Length];
            var built = true;
            for (var j = 0; j < parameters.Length; j++)
            {
                if (j == i || parameters[j].IsOut)
                {
                    continue;
                }

                var type = parameters[j].ParameterType.IsByRef ? parameters[j].ParameterType.GetElementType()! : parameters[j].ParameterType;
                // A `default` struct default (a CancellationToken) reads back as null: build it like any other value type.
                args[j] = type.IsValueType && parameters[j].HasDefaultValue ? parameters[j].DefaultValue ?? samples.ArgumentOf(type)
                    : type == typeof(object) && SpaceElement(m.DeclaringType!) is { } element ? samples.ArgumentOf(element)
                    : samples.ArgumentOf(type);
                if (args[j] is null && ((type.IsValueType && Nullable.GetUnderlyingType(type) is null) || nullability.Create(parameters[j]).WriteState != NullabilityState.Nullable))
                {
                    built = false;
                }
            }

            if (!built)
            {
                failures.Add($"{Name(m)}({p.Name}): no sample arguments for the walk");
                continue;
            }

            count++;
            try
            {
                if (m is ConstructorInfo c)
                {
                    c.Invoke(args);
                }
                else
                {
                    m.Invoke(instance, args);
                }

                failures.Add($"{Name(m)}({p.Name}): accepted null");
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentNullException a)
            {
                if (a.ParamName != p.Name)
                {
                    failures.Add($"{Name(m)}({p.Name}): ArgumentNullException names '{a.ParamName}'");
                }
            }
            catch (TargetInvocationException e)
            {
                failures.Add($"{Name(m)}({p.Name}): {e.InnerException?.GetType().Name}: {e.InnerException?.Message.Split('\n')[0]}");
            }
        }

        return count;
    }

    /// <summary>The <c>T</c> of a <c>VectorSpace&lt;T&gt;</c> (or a space deriving from one), whose untyped members take objects of type T.</summary>
    private static Type? SpaceElement(Type? t)
    {
        for (; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(VectorSpace<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string Name(MethodBase m)
    {
        var type = m.DeclaringType!;
        var typeName = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        return $"{typeName}.{(m is ConstructorInfo ? "ctor" : m.Name)}";
    }

    /// <summary>Valid, non-null arguments by type, with <c>preferred</c> (double or Vec) for generic parameters.</summary>
    private sealed class Samples(Type preferred)
    {
        private readonly Dictionary<Type, object?> _cache = [];

        private IEnumerable<Type> Candidates => preferred == typeof(double) ? [typeof(double), typeof(Vec)] : [typeof(Vec), typeof(double)];

        public Type? Close(Type definition)
        {
            if (definition == typeof(ProductSpace<>))
            {
                return typeof(ProductSpace<Params>);
            }

            foreach (var c in Candidates)
            {
                try
                {
                    return definition.MakeGenericType([.. definition.GetGenericArguments().Select(_ => c)]);
                }
                catch (ArgumentException)
                {
                }
            }

            return null;
        }

        public MethodInfo? Close(MethodInfo definition)
        {
            foreach (var c in Candidates)
            {
                try
                {
                    var m = definition.MakeGenericMethod([.. definition.GetGenericArguments().Select(a => Constrained(a) ?? c)]);
                    if (m.GetParameters().All(p => p.ParameterType.IsValueType || p.IsOut || ArgumentOf(p.ParameterType) is not null))
                    {
                        return m;
                    }
                }
                catch (ArgumentException)
                {
                }
            }

            return null;
        }

        /// <summary><paramref name="definition"/> instantiated so that it returns <paramref name="result"/>, when its generic arguments can be read off the result and the candidates.</summary>
        private MethodInfo? Instantiate(MethodInfo definition, Type result)
        {
            if (!definition.ReturnType.IsGenericType || !result.IsGenericType || definition.ReturnType.GetGenericTypeDefinition() != result.GetGenericTypeDefinition())
            {
                return null;
            }

            var map = new Dictionary<Type, Type>();
            var formal = definition.ReturnType.GetGenericArguments();
            var actual = result.GetGenericArguments();
            for (var i = 0; i < formal.Length; i++)
            {
                if (formal[i].IsGenericParameter)
                {
                    map[formal[i]] = actual[i];
                }
            }

            try
            {
                return definition.MakeGenericMethod([.. definition.GetGenericArguments().Select(a => map.GetValueOrDefault(a, preferred))]);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static Type? Constrained(Type argument) =>
            argument.GetGenericParameterConstraints().FirstOrDefault(t => !t.IsInterface || t == typeof(IOptimizer)) switch
            {
                { } t when t == typeof(IOptimizer) => typeof(Sgd),
                _ => null,
            };

        public object? ArgumentOf(Type t)
        {
            if (_cache.TryGetValue(t, out var cached))
            {
                return cached;
            }

            _cache[t] = null; // guards against recursion through a type's own constructor
            object? value;
            try
            {
                value = Build(t);
            }
            catch (Exception e) when (e is TargetInvocationException or ArgumentException or InvalidOperationException or NotSupportedException or MissingVectorSpaceException)
            {
                value = null;
            }

            _cache[t] = value;
            return value;
        }

        private object? Build(Type t)
        {
            if (t == typeof(string))
            {
                return "s";
            }

            if (t == typeof(object))
            {
                return 0.5;
            }

            if (t == typeof(Type))
            {
                return typeof(double);
            }

            if (t == typeof(double))
            {
                return 0.5;
            }

            if (t == typeof(int) || t == typeof(long))
            {
                return Convert.ChangeType(1, t, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (t == typeof(Vec))
            {
                return Vec.Of(0.5, -0.25);
            }

            if (t == typeof(Mat))
            {
                return Mat.Identity(2);
            }

            if (t == typeof(Random))
            {
                return new Random(1);
            }

            if (typeof(Exception).IsAssignableFrom(t) && t.IsAssignableFrom(typeof(InvalidOperationException)))
            {
                return new InvalidOperationException("sample");
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>))
            {
                // Not default(ImmutableArray<T>), which is not a value (OptimizerState refuses it): one sample element.
                var element = t.GetGenericArguments()[0];
                var items = Build(element.MakeArrayType());
                return typeof(System.Collections.Immutable.ImmutableArray).GetMethods()
                    .First(m => m.Name == "Create" && m.GetParameters() is [{ ParameterType.IsArray: true }])
                    .MakeGenericMethod(element).Invoke(null, [items]);
            }

            if (t.IsValueType)
            {
                if (t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal))
                {
                    return Activator.CreateInstance(t, [.. t.GetGenericArguments().Select(ArgumentOf)]);
                }

                return Activator.CreateInstance(t);
            }

            if (t.IsArray)
            {
                var array = Array.CreateInstance(t.GetElementType()!, 1);
                array.SetValue(ArgumentOf(t.GetElementType()!), 0);
                return array;
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() is var g
                && (g == typeof(IEnumerable<>) || g == typeof(IReadOnlyList<>) || g == typeof(IReadOnlyCollection<>) || g == typeof(IList<>)))
            {
                return Build(t.GetGenericArguments()[0].MakeArrayType());
            }

            if (typeof(Delegate).IsAssignableFrom(t))
            {
                var invoke = t.GetMethod("Invoke")!;
                var ps = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
                Expression body = invoke.ReturnType == typeof(void) ? Expression.Empty() : Expression.Constant(ArgumentOf(invoke.ReturnType), invoke.ReturnType);
                return Expression.Lambda(t, body, ps).Compile();
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Expression<>))
            {
                var d = t.GetGenericArguments()[0];
                var invoke = d.GetMethod("Invoke")!;
                var ps = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
                return Expression.Lambda(d, Expression.Default(invoke.ReturnType), ps);
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Diff<,>))
            {
                var (a, b) = (t.GetGenericArguments()[0], t.GetGenericArguments()[1]);
                return a == b
                    ? typeof(Diff).GetMethod(nameof(Diff.Input))!.MakeGenericMethod(a).Invoke(null, null)
                    : typeof(Diff).GetMethod(nameof(Diff.Const))!.MakeGenericMethod(a, b).Invoke(null, [ArgumentOf(b)]);
            }

            if (t == typeof(IDiff))
            {
                return Diff.Input<double>();
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Gen<>))
            {
                var constant = typeof(Gen).GetMethods().First(m => m.Name == "Const" && m.IsGenericMethodDefinition && m.GetParameters().Length == 1);
                return constant.MakeGenericMethod(t.GetGenericArguments()[0]).Invoke(null, [ArgumentOf(t.GetGenericArguments()[0])]);
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(VectorSpace<>))
            {
                return t.GetProperty("Instance")!.GetValue(null);
            }

            if (t == typeof(VectorSpace))
            {
                return VectorSpace<double>.Instance;
            }

            // A singleton (a static property or field of the type itself), else the public constructor with fewest parameters.
            var single = t.GetProperties(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(p => p.PropertyType == t && p.GetIndexParameters().Length == 0);
            if (single is not null)
            {
                return single.GetValue(null);
            }

            if (t.IsAbstract || t.IsInterface)
            {
                var concrete = Libraries.SelectMany(a => a.GetExportedTypes()).FirstOrDefault(c => !c.IsAbstract && !c.IsGenericTypeDefinition && t.IsAssignableFrom(c));
                return concrete is null ? null : ArgumentOf(concrete);
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ProductSpace<>))
            {
                return typeof(VectorSpace<>).MakeGenericType(t.GetGenericArguments()).GetProperty("Instance")!.GetValue(null);
            }

            var ctor = t.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault();
            if (ctor is not null)
            {
                return ctor.Invoke([.. ctor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : ArgumentOf(p.ParameterType))]);
            }

            // No public constructor (a query's Scope): the library's own factory, a public static method returning the type.
            var factory = Libraries.SelectMany(a => a.GetExportedTypes()).SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Select(f => f.IsGenericMethodDefinition ? Instantiate(f, t) : f)
                .FirstOrDefault(f => f is not null && f.ReturnType == t);
            return factory?.Invoke(null, [.. factory.GetParameters().Select(p => ArgumentOf(p.ParameterType))]);
        }
    }
}

/// <summary>A record of differentiable members, for the walk's record-typed spaces.</summary>
/// <param name="W">A matrix member.</param>
/// <param name="B">A vector member.</param>
public sealed record Params(Mat W, Vec B);

