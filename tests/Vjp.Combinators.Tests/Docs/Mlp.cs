using Vjp.Functional;

namespace CombinatorsReadme;

/// <summary>A two-layer perceptron's parameters, as in the README.</summary>
public sealed record Mlp(Mat W1, Vec B1, Mat W2, Vec B2);
