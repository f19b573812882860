using Vjp.Functional;

namespace Vjp.Combinators.Tests.Linq;

/// <summary>A two-layer perceptron's parameters.</summary>
public sealed record Mlp(Mat W1, Vec B1, Mat W2, Vec B2);
