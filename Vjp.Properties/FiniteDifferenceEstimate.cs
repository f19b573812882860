namespace Vjp.Properties;

/// <summary>A derivative estimated by finite differences, with its error estimate.</summary>
/// <typeparam name="T">The type of the derivative (the output type of the function).</typeparam>
/// <param name="Value">The estimate.</param>
/// <param name="Error">The estimated error (Euclidean norm over the flat view), from the Richardson tableau.</param>
/// <param name="InitialStep">The first step h₀ of the tableau.</param>
public sealed record FiniteDifferenceEstimate<T>(T Value, double Error, double InitialStep) where T : notnull;
