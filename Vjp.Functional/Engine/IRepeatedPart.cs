namespace Vjp.Functional.Engine;

/// <summary>
/// A rule that runs one part many times, each time on an input it derives from its own: a loop's step at every
/// step, a map's scalar function at every element. Tools that check a structure part by part (the property
/// checker's blame) use it to evaluate the part where it actually runs, in order, and to name the run that fails.
/// </summary>
/// <remarks>
/// The inputs are recomputed from the rule's input with the part's plain forward pass (no residuals are kept),
/// so this never touches the rule's own sweeps.
/// </remarks>
internal interface IRepeatedPart
{
    /// <summary>The part that runs repeatedly (a loop's step, a map's scalar function).</summary>
    Node Part { get; }

    /// <summary>What one run of the part is called in a path: <c>step</c>, <c>element</c>.</summary>
    string Unit { get; }

    /// <summary>
    /// The part's inputs, in the order the rule runs it, when the rule runs at <paramref name="x"/>, each with the 1-based
    /// number of its step or element (a reverse sweep runs them from the last); computed lazily, so a caller may stop early.
    /// </summary>
    IEnumerable<(int Number, object Input)> PartInputs(object x);
}
