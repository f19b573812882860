using Vjp.Functional;

namespace Vjp.Combinators.Tests.Control;

/// <summary>The parameters of the map x ↦ tanh(0.3 W x + b).</summary>
public sealed record Layer(Mat W, Vec B);
