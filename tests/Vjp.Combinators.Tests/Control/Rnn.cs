using Vjp.Functional;

namespace Vjp.Combinators.Tests.Control;

/// <summary>The parameters of an RNN cell hᵢ = tanh(W hᵢ₋₁ + U aᵢ + b).</summary>
public sealed record Rnn(Mat W, Mat U, Vec B);
