using LanguageExt;
using Vjp.LanguageExt;
using Vjp.Functional;

[assembly: VectorSpaceProvider(typeof(LanguageExtSpaces))]

namespace Vjp.LanguageExt;

/// <summary>
/// Supplies the vector spaces of LanguageExt's immutable sequences, <see cref="Seq{A}"/> and
/// <see cref="Arr{A}"/>, for differentiable element types (named by this assembly's
/// <see cref="VectorSpaceProviderAttribute"/>).
/// </summary>
internal sealed class LanguageExtSpaces
{
    /// <summary>The space of <paramref name="type"/>, or null when it is not a LanguageExt sequence.</summary>
    /// <exception cref="MissingVectorSpaceException">When it is a sequence of a type that is not differentiable.</exception>
#pragma warning disable CA1822 // the provider contract (VectorSpaceProviderAttribute) is an instance method
    public VectorSpace? TryCreate(Type type)
#pragma warning restore CA1822
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var space = definition == typeof(Seq<>) ? typeof(SeqSpace<>)
            : definition == typeof(Arr<>) ? typeof(ArrSpace<>)
            : null;
        if (space is null)
        {
            return null;
        }

        var element = type.GetGenericArguments()[0];
        if (!VectorSpace.IsDifferentiable(element))
        {
            throw new MissingVectorSpaceException(type, $"its elements of type '{element.Name}' are not differentiable");
        }

        return (VectorSpace)Activator.CreateInstance(space.MakeGenericType(element))!;
    }
}
