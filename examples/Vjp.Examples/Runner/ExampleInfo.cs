namespace Vjp.Examples.Runner;

/// <summary>One runnable example in the catalogue.</summary>
/// <param name="Number">Its number in the README.</param>
/// <param name="Name">The name to run it by, e.g. <c>greeks</c>.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Run">Runs it at its default size and returns its result record.</param>
public sealed record ExampleInfo(int Number, string Name, string Title, Func<ExampleOptions, object> Run);
