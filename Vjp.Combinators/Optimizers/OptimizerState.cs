using System.Collections.Immutable;

namespace Vjp.Combinators;

/// <summary>
/// The state an optimizer threads from step to step: the number of steps taken and its moment
/// estimates, each shaped like the parameters (none for <see cref="Sgd"/>, the velocity for
/// <see cref="Momentum"/>, the first and second moments for <see cref="Adam"/>). An immutable value; two states
/// are equal when their counts are and their moments are element by element.
/// </summary>
/// <typeparam name="P">The parameter type.</typeparam>
/// <param name="Count">The number of steps taken.</param>
/// <param name="Moments">The moment estimates.</param>
public sealed record OptimizerState<P>(int Count, ImmutableArray<P> Moments) where P : notnull
{
    /// <summary>The moment estimates.</summary>
    /// <exception cref="ArgumentException">When constructed from a default (uninitialized) <see cref="ImmutableArray{T}"/>.</exception>
    public ImmutableArray<P> Moments { get; init; } = Moments.IsDefault
        ? throw new ArgumentException("OptimizerState: the moments are a default (uninitialized) ImmutableArray; use ImmutableArray<P>.Empty for none.", nameof(Moments))
        : Moments;

    /// <summary>Whether <paramref name="other"/> has the same count and element-by-element equal moments.</summary>
    /// <param name="other">The other state.</param>
    public bool Equals(OptimizerState<P>? other) =>
        other is not null && Count == other.Count && Moments.SequenceEqual(other.Moments);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        foreach (var m in Moments)
        {
            hash.Add(m);
        }

        return hash.ToHashCode();
    }
}
