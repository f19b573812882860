using CsCheck;
using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks;

/// <summary>
/// The laws of one rule checked at one input x, in order: structure and finiteness (<see cref="Laws.Calls"/>),
/// primal, aliasing and mutation, pushforward and pullback against finite differences, the Jacobian entry by
/// entry, the adjoint identity, linearity, the Taylor order, determinism, the chain rule against the parts of a
/// composition or fan-out, and concurrency; each law is a small type of its own in <c>Checks/Laws</c>, over one
/// <see cref="Laws.SamplePoint"/>. Tangents and cotangents are drawn from the given <see cref="PCG"/>, so a sample
/// is replayed exactly from its seed.
/// </summary>
internal sealed class Probe
{
    private readonly IDiff _f;
    private readonly RuleCheckOptions _o;
    private readonly string _path;
    private readonly Func<object, (object Value, Func<object, object> Pullback)> _withPullback;
    private readonly Func<object, (object Value, Func<object, object> Pushforward)> _withPushforward;
    private readonly bool _checkPrimal;
    private readonly bool _guardDomain;
    private int _concurrencyRuns;

    private Probe(
        IDiff f,
        RuleCheckOptions o,
        string path,
        Func<object, (object, Func<object, object>)> withPullback,
        Func<object, (object, Func<object, object>)> withPushforward,
        bool checkPrimal)
    {
        _f = f;
        _o = o;
        _path = path;
        _withPullback = withPullback;
        _withPushforward = withPushforward;
        _checkPrimal = checkPrimal;
        _guardDomain = DomainGuard.IsRestricted(f);
    }

    /// <summary>A probe through the typed API: the pullback and pushforward closures returned with the value are the ones checked.</summary>
    public static Probe Typed<TIn, TOut>(Diff<TIn, TOut> f, RuleCheckOptions o, string path)
        where TIn : notnull where TOut : notnull =>
        new(f, o, path,
            x =>
            {
                var (y, pullback) = f.ValueWithPullback((TIn)x);
                return (y, yBar => pullback((TOut)yBar));
            },
            x =>
            {
                var (y, pushforward) = f.ValueWithPushforward((TIn)x);
                return (y, dx => pushforward((TIn)dx));
            },
            checkPrimal: true);

    /// <summary>A probe through the non-generic view (parts of a composition): each pullback call records the forward pass anew.</summary>
    public static Probe Untyped(IDiff f, RuleCheckOptions o, string path) =>
        new(f, o, path,
            x => (f.Invoke(x), yBar => f.Vjp(x, yBar)),
            x => (f.Invoke(x), dx => f.Jvp(x, dx)),
            checkPrimal: false);

    /// <summary>The measured cost ratios at x (see <see cref="Laws.Cost"/>), with ȳ and ẋ drawn from <paramref name="rng"/>.</summary>
    public (double Pullback, double Pushforward) Cost(object x, PCG rng)
    {
        try
        {
            var y = _f.Invoke(x);
            var yBar = Flat.Build(_f.OutputSpace, y, Flat.Gaussian(rng, Flat.Of(_f.OutputSpace, y).Length));
            var dx = Flat.Build(_f.InputSpace, x, Flat.Gaussian(rng, Flat.Of(_f.InputSpace, x).Length));
            return Laws.Cost.Measure(
                () => _f.Invoke(x),
                () => _withPullback(x).Pullback(yBar),
                _f.HasPushforward ? () => _withPushforward(x).Pushforward(dx) : null);
        }
#pragma warning disable CA1031 // a rule that throws is reported by the other laws; its cost is unknown
        catch (Exception)
#pragma warning restore CA1031
        {
            return (double.NaN, double.NaN);
        }
    }

    /// <summary>Checks every law at x, with ẋ and ȳ (and any further draws) from <paramref name="rng"/>; the failures come linearity first, each with the sample's Taylor order and diagnosis.</summary>
    public SampleOutcome Run(object x, PCG rng, string seed)
    {
        var outcome = new SampleOutcome();
        CheckLaws(x, rng, new Laws.Calls(_path, seed, x, outcome), seed);
        var kinds = outcome.Failures.Select(f => f.Kind).ToHashSet();
        var diagnosis = Diagnosis.For(kinds, _f.HasPushforward, outcome.FiniteDifferencesInconclusive);

        // A map that is not linear makes the adjoint and finite-difference comparisons, which assume it is,
        // fail as a consequence: its linearity failures come first, so the culprit names the cause.
        var ordered = outcome.Failures.OrderBy(f => Laws.Homogeneity.IsLinearity(f.Kind) ? 0 : 1).ToList();
        outcome.Failures.Clear();
        outcome.Failures.AddRange(ordered);
        for (var i = 0; i < outcome.Failures.Count; i++)
        {
            outcome.Failures[i] = outcome.Failures[i] with { TaylorOrder = outcome.TaylorOrder, Diagnosis = diagnosis };
        }

        return outcome;
    }

    /// <summary>The laws in order, each a type of its own in <c>Checks/Laws</c>; a law that cannot go on (the rule threw, or returned a wrong shape) ends the sample.</summary>
    private void CheckLaws(object x, PCG rng, Laws.Calls calls, string seed)
    {
        var (space, outSpace) = (_f.InputSpace, _f.OutputSpace);
        var xFlat = Flat.Of(space, x);
        if (!calls.TryCall(() => _f.Invoke(x), "forward f(x)", null, null, out var y))
        {
            return;
        }

        var yFlat = Flat.Of(outSpace, y);
        if (!Flat.AllFinite(xFlat) || !Flat.AllFinite(yFlat) || (_guardDomain && !DomainGuard.Admissible(_f, x)))
        {
            calls.Outcome.Discarded = true;
            return;
        }

        if (!calls.TryCall(() => _withPullback(x), "ValueWithPullback(x)", null, null, out var withPullback)
            || !calls.TryCall(() => _withPushforward(x), "ValueWithPushforward(x)", null, null, out var withPushforward))
        {
            return;
        }

        var dxFlat = Flat.Gaussian(rng, xFlat.Length);
        var yBarFlat = Flat.Gaussian(rng, yFlat.Length);
        var point = new Laws.SamplePoint(space, outSpace, x, xFlat, y, yFlat, Flat.Build(space, x, dxFlat), dxFlat, Flat.Build(outSpace, y, yBarFlat), yBarFlat, _path, seed);
        if (_checkPrimal)
        {
            Laws.Primal.Check(point, calls, withPullback.Value, "ValueWithPullback(x).Value");
            Laws.Primal.Check(point, calls, withPushforward.Value, "ValueWithPushforward(x).Value");
        }

        // Aliasing and mutation first, on copies: a rule that writes into its arguments would corrupt every
        // later law's, and the report must show the arguments as first drawn.
        var aliasing = Laws.Aliasing.Check(point, _withPullback, _withPushforward, _f.HasPushforward);
        if (aliasing.Count > 0)
        {
            calls.Outcome.Failures.AddRange(aliasing);
            return;
        }

        var (pullback, pushforward) = (withPullback.Pullback, withPushforward.Pushforward);
        if (!calls.Cotangent(point, pullback, point.YBar, point.Dx, out var xBarFlat) | !calls.Tangent(point, pushforward, point.Dx, point.YBar, out var dyFlat))
        {
            return;
        }

        var s = new Laws.Sample(_f, _o, point, calls, rng, pullback, pushforward, xBarFlat, dyFlat);
        var stencil = Laws.Stencil.At(s);
        Laws.FiniteDifferenceLaw.Check(s, stencil);

        // A confirmed disagreement on a small rule: name the wrong Jacobian entry (Laws.JacobianEntries).
        foreach (var (kind, isPullback, map) in new[] { (RuleCheckKind.PushforwardVsFiniteDifferences, false, pushforward), (RuleCheckKind.PullbackVsFiniteDifferences, true, pullback) })
        {
            if (calls.Outcome.Failures.Any(f => f.Kind == kind)
                && Laws.JacobianEntries.Locate(point, isPullback, map, s.Line, e => Steps.Initial(xFlat, e, _f.Domain, _o.StepScale), _o.RichardsonSteps, stencil.Sigma, stencil.Tolerance) is { } entry)
            {
                calls.Add(entry);
            }
        }

        if (_f.HasPushforward)
        {
            Laws.Adjoint.Check(s);
        }

        Laws.Linearity.Check(s, isPullback: true);
        if (_f.HasPushforward)
        {
            Laws.Linearity.Check(s, isPullback: false);
        }

        Laws.TaylorOrder.Check(s, stencil);

        // f has just been evaluated at many other points on the line: a forward pass that reuses one output buffer shows here.
        Laws.Aliasing.ForwardKept(point, calls);

        // Determinism last: by now f has been evaluated at many other points, so a pullback that reads
        // residuals from shared mutable state (overwritten by those evaluations) shows up here.
        Laws.Determinism.Check(s, _withPullback);
        Laws.ChainRule.Check(s);

        // Concurrency last, and only for a rule that passed every other law here: a race is a finding of its own.
        if (!calls.Outcome.Failed && Interlocked.Increment(ref _concurrencyRuns) <= _o.ConcurrencySamples)
        {
            calls.Outcome.Failures.AddRange(Laws.Concurrency.Check(point, _withPullback, _withPushforward, _f.HasPushforward, _o.ConcurrencyThreads, _o.ConcurrencyRounds));
        }
    }
}
