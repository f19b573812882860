namespace Vjp.Functional.Tests.Docs;

/// <summary>A record of differentiable members, for the README's error examples.</summary>
/// <param name="W">The weights.</param>
/// <param name="B">The bias.</param>
public sealed record Layer(Mat W, Vec B);

/// <summary>A record with a member that is not differentiable, for the README's error examples.</summary>
/// <param name="W">The weights.</param>
/// <param name="Label">A name.</param>
public sealed record Labelled(Vec W, string Label);
