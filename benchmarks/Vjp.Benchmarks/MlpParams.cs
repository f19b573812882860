using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>The parameters of a one-hidden-layer perceptron; a record of differentiable members is a vector space.</summary>
public sealed record MlpParams(Mat W1, Vec B1, Mat W2, Vec B2);
