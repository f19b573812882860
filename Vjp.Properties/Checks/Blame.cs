using CsCheck;
using Vjp.Functional.Engine;

namespace Vjp.Properties.Checks;

/// <summary>
/// Finds the innermost part of a failing composition whose own rule fails: the stages of a composition are
/// evaluated one by one on their actual inputs (<see cref="IDiff.Invoke"/>), each is checked on its own, and
/// the search descends into the first failing stage (a fan-out's branches, a named wrapper's body, the
/// arguments of an n-ary primitive see the same input as their parent). A loop (<c>Control.Scan</c>, <c>Fold</c>,
/// <c>Iterate</c>, <c>While</c>) or a map (<c>Arrow.Map</c>, <c>Zip</c>) is entered through its repeated part
/// (<see cref="IRepeatedPart"/>): the step body is checked at each step's own input in order (the elementwise
/// function at each element), and the first step that fails is named, e.g.
/// <c>pipeline ▸ stage 2: fold[…] ▸ step 3: pipeline of 2 stages ▸ stage 2: kbad</c>.
/// </summary>
internal static class Blame
{
    public sealed record Finding(string Path, IReadOnlyList<RuleFailure> Failures);

    /// <summary>How many runs of a loop's step (or a map's elements) are checked at most, from the first.</summary>
    public const int MaxRepeats = 256;

    public static Finding? Locate(IDiff root, object x, string rootPath, RuleCheckOptions options, PCG rng, string seed) =>
        Walk(root, x, rootPath, new Context(options, rng, seed));

    /// <summary>The run's settings and random stream, and the range variables already found to pass at an input (by reference).</summary>
    private sealed class Context(RuleCheckOptions o, PCG rng, string seed)
    {
        public RuleCheckOptions O { get; } = o;

        public PCG Rng { get; } = rng;

        public string Seed { get; } = seed;

        public Dictionary<IDiff, object> Cleared { get; } = new(ReferenceEqualityComparer.Instance);
    }

    private static Finding? Walk(IDiff node, object x, string path, Context c)
    {
        if (Variables(node, x, path, c) is { } inVariable)
        {
            return inVariable;
        }

        switch (node.Kind)
        {
            case DiffKind.Composition:
            {
                var v = x;
                for (var k = 0; k < node.Parts.Count; k++)
                {
                    var stage = node.Parts[k];
                    var p = $"{path}{Structure.Separator}stage {k + 1}: {Structure.Describe(stage)}";
                    if (Check(stage, v, p, c) is { } found)
                    {
                        return Walk(stage, v, p, c) ?? found;
                    }

                    if (!TryInvoke(stage, v, out v))
                    {
                        return null;
                    }
                }

                return null;
            }

            case DiffKind.Fanout:
                return Branches(node, x, path, "branch", c);
            case DiffKind.Primitive when node.Parts.Count > 0:
                return Branches(node, x, path, "argument", c);
            case DiffKind.Named when node.Parts.Count == 1:
                return Walk(node.Parts[0], x, path, c);
            case DiffKind.Control when Structure.Repeated(node) is { } repeated:
                return Repeats(repeated, x, path, c);
            default:
                return null;
        }
    }

    private static Finding? Branches(IDiff node, object x, string path, string what, Context c)
    {
        for (var i = 0; i < node.Parts.Count; i++)
        {
            var part = node.Parts[i];
            var p = $"{path}{Structure.Separator}{what} {i + 1}: {Structure.Describe(part)}";
            if (Check(part, x, p, c) is { } found)
            {
                return Walk(part, x, p, c) ?? found;
            }
        }

        return null;
    }

    /// <summary>A loop's step at each step's input in order (a map's function at each element); the first that fails is descended into.</summary>
    private static Finding? Repeats(IRepeatedPart repeated, object x, string path, Context c)
    {
        var part = repeated.Part;
        using var inputs = repeated.PartInputs(x).GetEnumerator();
        for (var k = 0; k < MaxRepeats && TryNext(inputs, out var number, out var input); k++)
        {
            var p = $"{path}{Structure.Separator}{repeated.Unit} {number}: {Structure.Describe(part)}";
            if (Check(part, input, p, c) is { } found)
            {
                return Walk(part, input, p, c) ?? found;
            }
        }

        return null;
    }

    private static bool TryNext(IEnumerator<(int Number, object Input)> inputs, out int number, out object input)
    {
        try
        {
            var more = inputs.MoveNext();
            (number, input) = more ? inputs.Current : (0, null!);
            return more;
        }
#pragma warning disable CA1031 // the loop was evaluated at this input before; a step that throws now ends the search
        catch (Exception)
#pragma warning restore CA1031
        {
            (number, input) = (0, null!);
            return false;
        }
    }

    /// <summary>
    /// The range variables of a LINQ query inside <paramref name="node"/> that run on its own input, checked each after the
    /// variables it is built from (so in the order they were bound, where one depends on another): the first that fails is descended into, with its path
    /// flattened to <c>path ▸ let a</c> however deep the query's desugaring nests it. Null when every one passes.
    /// </summary>
    private static Finding? Variables(IDiff node, object x, string path, Context c)
    {
        foreach (var variable in Structure.RangeVariables(node))
        {
            if (c.Cleared.TryGetValue(variable, out var at) && ReferenceEquals(at, x))
            {
                continue;
            }

            var p = $"{path}{Structure.Separator}{Structure.Describe(variable)}";
            if (Check(variable, x, p, c) is { } found)
            {
                return Walk(variable.Parts[0], x, p, c) ?? found;
            }

            c.Cleared[variable] = x;
        }

        return null;
    }

    /// <summary>The part's own laws at its input, over a few fresh (ẋ, ȳ) draws; null when it passes.</summary>
    private static Finding? Check(IDiff part, object x, string path, Context c)
    {
        if (part.Kind is DiffKind.Identity or DiffKind.Constant or DiffKind.Projection
            || (c.Cleared.TryGetValue(part, out var at) && ReferenceEquals(at, x)))
        {
            return null;
        }

        var probe = Probe.Untyped(part, c.O, path);
        for (var t = 0; t < c.O.BlameTries; t++)
        {
            var outcome = probe.Run(x, c.Rng, c.Seed);
            if (outcome.Discarded)
            {
                return null;
            }

            if (outcome.Failed)
            {
                return new(path, outcome.Failures);
            }
        }

        return null;
    }

    private static bool TryInvoke(IDiff f, object x, out object y)
    {
        try
        {
            y = f.Invoke(x);
            return true;
        }
#pragma warning disable CA1031 // the whole pipeline was evaluated at this input before; a stage that throws now ends the search
        catch (Exception)
#pragma warning restore CA1031
        {
            y = x;
            return false;
        }
    }
}
