namespace Vjp.Functional;

/// <summary>
/// Names the vector-space instance of a type that is not differentiable by construction
/// (for example a struct with private state): <c>[VectorSpace(typeof(MySpace))]</c>, where
/// <c>MySpace</c> derives from <see cref="VectorSpace{T}"/> and has a public parameterless constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class VectorSpaceAttribute : Attribute
{
    /// <summary>Names <paramref name="spaceType"/> as the instance.</summary>
    public VectorSpaceAttribute(Type spaceType) => SpaceType = spaceType ?? throw new ArgumentNullException(nameof(spaceType));

    /// <summary>The instance type, deriving from <see cref="VectorSpace{T}"/>.</summary>
    public Type SpaceType { get; }
}

/// <summary>
/// Declares, on an assembly, a type that supplies vector-space instances for types the assembly
/// does not own (the Vjp.LanguageExt package uses it for LanguageExt's <c>Seq&lt;A&gt;</c> and <c>Arr&lt;A&gt;</c>).
/// The provider has a public parameterless constructor and a public method
/// <c>VectorSpace? TryCreate(Type type)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class VectorSpaceProviderAttribute : Attribute
{
    /// <summary>Names <paramref name="providerType"/> as a provider.</summary>
    public VectorSpaceProviderAttribute(Type providerType) => ProviderType = providerType ?? throw new ArgumentNullException(nameof(providerType));

    /// <summary>The provider type.</summary>
    public Type ProviderType { get; }
}
