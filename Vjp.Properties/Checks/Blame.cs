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
        Walk(root, x, rootPath, options, rng, seed);

    private static Finding? Walk(IDiff node, object x, string path, RuleCheckOptions o, PCG rng, string seed)
    {
        switch (node.Kind)
        {
            case DiffKind.Composition:
            {
                var v = x;
                for (var k = 0; k < node.Parts.Count; k++)
                {
                    var stage = node.Parts[k];
                    var p = $"{path}{Structure.Separator}stage {k + 1}: {Structure.Describe(stage)}";
                    if (Check(stage, v, p, o, rng, seed) is { } found)
                    {
                        return Walk(stage, v, p, o, rng, seed) ?? found;
                    }

                    if (!TryInvoke(stage, v, out v))
                    {
                        return null;
                    }
                }

                return null;
            }

            case DiffKind.Fanout:
                return Branches(node, x, path, "branch", o, rng, seed);
            case DiffKind.Primitive when node.Parts.Count > 0:
                return Branches(node, x, path, "argument", o, rng, seed);
            case DiffKind.Named when node.Parts.Count == 1:
                return Walk(node.Parts[0], x, path, o, rng, seed);
            case DiffKind.Control when Structure.Repeated(node) is { } repeated:
                return Repeats(repeated, x, path, o, rng, seed);
            default:
                return null;
        }
    }

    private static Finding? Branches(IDiff node, object x, string path, string what, RuleCheckOptions o, PCG rng, string seed)
    {
        for (var i = 0; i < node.Parts.Count; i++)
        {
            var part = node.Parts[i];
            var p = $"{path}{Structure.Separator}{what} {i + 1}: {Structure.Describe(part)}";
            if (Check(part, x, p, o, rng, seed) is { } found)
            {
                return Walk(part, x, p, o, rng, seed) ?? found;
            }
        }

        return null;
    }

    /// <summary>A loop's step at each step's input in order (a map's function at each element); the first that fails is descended into.</summary>
    private static Finding? Repeats(IRepeatedPart repeated, object x, string path, RuleCheckOptions o, PCG rng, string seed)
    {
        var part = repeated.Part;
        using var inputs = repeated.PartInputs(x).GetEnumerator();
        for (var i = 1; i <= MaxRepeats && TryNext(inputs, out var input); i++)
        {
            var p = $"{path}{Structure.Separator}{repeated.Unit} {i}: {Structure.Describe(part)}";
            if (Check(part, input, p, o, rng, seed) is { } found)
            {
                return Walk(part, input, p, o, rng, seed) ?? found;
            }
        }

        return null;
    }

    private static bool TryNext(IEnumerator<object> inputs, out object input)
    {
        try
        {
            var more = inputs.MoveNext();
            input = more ? inputs.Current : null!;
            return more;
        }
#pragma warning disable CA1031 // the loop was evaluated at this input before; a step that throws now ends the search
        catch (Exception)
#pragma warning restore CA1031
        {
            input = null!;
            return false;
        }
    }

    /// <summary>The part's own laws at its input, over a few fresh (ẋ, ȳ) draws; null when it passes.</summary>
    private static Finding? Check(IDiff part, object x, string path, RuleCheckOptions o, PCG rng, string seed)
    {
        if (part.Kind is DiffKind.Identity or DiffKind.Constant or DiffKind.Projection)
        {
            return null;
        }

        var probe = Probe.Untyped(part, o, path);
        for (var t = 0; t < o.BlameTries; t++)
        {
            var outcome = probe.Run(x, rng, seed);
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
