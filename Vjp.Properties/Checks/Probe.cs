using CsCheck;
using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks;

/// <summary>
/// The laws of one rule checked at one input x: primal, structure, finiteness, pushforward and pullback
/// against finite differences, the adjoint identity, linearity, the Taylor order, determinism, and for
/// compositions and fan-outs the chain rule against their parts. Tangents and cotangents are drawn from the
/// given <see cref="PCG"/>, so a sample is replayed exactly from its seed.
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

    public SampleOutcome Run(object x, PCG rng, string seed)
    {
        var outcome = new SampleOutcome();
        var run = new SampleRun(this, x, rng, seed, outcome);
        run.Execute();
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

    /// <summary>The state of one sample's checks.</summary>
    private sealed class SampleRun(Probe p, object x, PCG rng, string seed, SampleOutcome outcome)
    {
        private readonly VectorSpace _in = p._f.InputSpace;
        private readonly VectorSpace _out = p._f.OutputSpace;
        private readonly Tolerance _fdTolOptions = p._o.FiniteDifferenceTolerance;
        private Tolerance _fdTol;
        private Tolerance _fdPairingTol;
        private readonly Tolerance _idTol = p._o.IdentityTolerance;
        private double[] _x = [];
        private double[] _y = [];
        private object _yValue = null!;
        private double _sigma;

        private RuleFailure Fail(RuleCheckKind kind, string check, object? tangent = null, object? cotangent = null) =>
            new() { Kind = kind, Path = p._path, Check = check, Input = x, Tangent = tangent, Cotangent = cotangent, Seed = seed };

        private void Add(RuleFailure f) => outcome.Failures.Add(f);

        public void Execute()
        {
            AllLaws();
        }

        private void AllLaws()
        {
            _x = Flat.Of(_in, x);
            if (!TryCall(() => p._f.Invoke(x), "forward f(x)", null, null, out var y))
            {
                return;
            }

            _yValue = y;
            _y = Flat.Of(_out, y);
            if (!Flat.AllFinite(_x) || !Flat.AllFinite(_y) || (p._guardDomain && !DomainGuard.Admissible(p._f, x)))
            {
                outcome.Discarded = true;
                return;
            }

            if (!TryCall(() => p._withPullback(x), "ValueWithPullback(x)", null, null, out var withPullback)
                || !TryCall(() => p._withPushforward(x), "ValueWithPushforward(x)", null, null, out var withPushforward))
            {
                return;
            }

            if (p._checkPrimal)
            {
                Primal(withPullback.Value, "ValueWithPullback(x).Value");
                Primal(withPushforward.Value, "ValueWithPushforward(x).Value");
            }

            var pullback = withPullback.Pullback;
            var pushforward = withPushforward.Pushforward;

            var dxFlat = Flat.Gaussian(rng, _x.Length);
            var dx = Flat.Build(_in, x, dxFlat);
            var yBarFlat = Flat.Gaussian(rng, _y.Length);
            var yBar = Flat.Build(_out, y, yBarFlat);

            // Aliasing and mutation first, on copies: a rule that writes into its arguments would corrupt every
            // later law's, and the report must show the arguments as first drawn.
            var sample = new Laws.SamplePoint(_in, _out, x, _x, y, _y, dx, dxFlat, yBar, yBarFlat, p._path, seed);
            var aliasing = Laws.Aliasing.Check(sample, p._withPullback, p._withPushforward, p._f.HasPushforward);
            if (aliasing.Count > 0)
            {
                outcome.Failures.AddRange(aliasing);
                return;
            }

            if (!Cotangent(pullback, yBar, dx, out var xBarFlat) | !Tangent(pushforward, dx, yBar, out var dyFlat))
            {
                return;
            }

            var h0 = Steps.Initial(_x, dxFlat, p._f.Domain, p._o.StepScale);
            var line = Line(dxFlat);
            var samples = h0 > 0 ? Richardson.Sample(line, h0, Math.Max(p._o.RichardsonSteps, p._o.TaylorSteps)) : null;

            // f's own rounding noise along the line, on a stencil far below every step (Moré and Wild): the
            // finite differences and the Taylor remainders are judged against it.
            _sigma = samples is null ? 0 : Noise.Measure(line, _y, samples.H0 * 1e-9, samples.H0 / 8);

            // The absolute part of the finite-difference tolerance, relative to f's size and noise here (PointScale).
            var scale = samples is null ? new PointScale(double.PositiveInfinity) : PointScale.At(_x, _y, dxFlat, _sigma, line, samples.H0 * 1e-9);
            _fdTol = scale.ForTangent(_fdTolOptions);
            _fdPairingTol = scale.ForPairing(_fdTolOptions, yBarFlat);
            FiniteDifferences(samples, line, dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat);

            // A confirmed disagreement on a small rule: name the wrong Jacobian entry (Laws.JacobianEntries).
            foreach (var (kind, isPullback, map) in new[] { (RuleCheckKind.PushforwardVsFiniteDifferences, false, pushforward), (RuleCheckKind.PullbackVsFiniteDifferences, true, pullback) })
            {
                if (outcome.Failures.Any(f => f.Kind == kind)
                    && Laws.JacobianEntries.Locate(sample, isPullback, map, Line, e => Steps.Initial(_x, e, p._f.Domain, p._o.StepScale), p._o.RichardsonSteps, _sigma, _fdTol) is { } entry)
                {
                    Add(entry);
                }
            }
            if (p._f.HasPushforward)
            {
                Adjoint(pullback, pushforward, dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat);
            }

            Linearity(pullback, yBar, yBarFlat, xBarFlat, _out, y, dx, isPullback: true);
            if (p._f.HasPushforward)
            {
                Linearity(pushforward, dx, dxFlat, dyFlat, _in, x, yBar, isPullback: false);
            }

            TaylorOrder(samples, line, dx, dyFlat);

            if (!Flat.BitwiseEqual(Flat.Of(_out, _yValue), _y))
            {
                // f has just been evaluated at many other points on the line: a forward pass that reuses one output buffer shows here.
                Add(Fail(RuleCheckKind.Aliasing, "a result keeps its values when the rule is called again: Invoke(x) after f is evaluated elsewhere") with
                {
                    LeftLabel = "Invoke(x) when returned",
                    Left = _y,
                    RightLabel = "Invoke(x) afterwards",
                    Right = Flat.Of(_out, _yValue),
                    AbsoluteError = Flat.Distance(_y, Flat.Of(_out, _yValue)),
                    RelativeError = Relative(Flat.Distance(_y, Flat.Of(_out, _yValue)), Flat.Norm(_y)),
                    Tolerance = 0,
                    Detail = "the forward pass returns storage it writes into again on a later call",
                });
            }

            // Determinism last: by now f has been evaluated at many other points, so a pullback that reads
            // residuals from shared mutable state (overwritten by those evaluations) shows up here.
            Determinism(pullback, yBar, xBarFlat, dx, isPullback: true);
            Determinism(pushforward, dx, dyFlat, yBar, isPullback: false);
            if (TryCall(() => p._withPullback(x), "ValueWithPullback(x)", dx, yBar, out var again)
                && TryCall(() => again.Pullback(yBar), "pullback(ȳ)", dx, yBar, out var xBarAgain)
                && !Flat.BitwiseEqual(Flat.Of(_in, xBarAgain), xBarFlat))
            {
                Add(Fail(RuleCheckKind.Determinism, "the pullbacks of two forward passes at the same x agree bit for bit on the same ȳ", dx, yBar) with
                {
                    LeftLabel = "first pullback(ȳ)",
                    Left = xBarFlat,
                    RightLabel = "second pullback(ȳ)",
                    Right = Flat.Of(_in, xBarAgain),
                    AbsoluteError = Flat.Distance(xBarFlat, Flat.Of(_in, xBarAgain)),
                    RelativeError = Relative(Flat.Distance(xBarFlat, Flat.Of(_in, xBarAgain)), Flat.Norm(xBarFlat)),
                    Tolerance = 0,
                });
            }

            ChainRule(pullback, pushforward, dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat);

            // Concurrency last, and only for a rule that passed every other law here: a race is a finding of its own.
            if (!outcome.Failed && Interlocked.Increment(ref p._concurrencyRuns) <= p._o.ConcurrencySamples)
            {
                outcome.Failures.AddRange(Laws.Concurrency.Check(sample, p._withPullback, p._withPushforward, p._f.HasPushforward, p._o.ConcurrencyThreads, p._o.ConcurrencyRounds));
            }
        }

        private void Primal(object value, string what)
        {
            if (!_out.SameShapeObject(_yValue, value))
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} is shaped like Invoke(x)") with
                {
                    Detail = $"{what} is {_out.ShapeObject(value)}, Invoke(x) is {_out.ShapeObject(_yValue)}",
                });
                return;
            }

            var v = Flat.Of(_out, value);
            if (!Flat.BitwiseEqual(v, _y))
            {
                Add(Fail(RuleCheckKind.Primal, $"{what} = Invoke(x), bit for bit (the same forward pass)") with
                {
                    LeftLabel = what,
                    Left = v,
                    RightLabel = "Invoke(x)",
                    Right = _y,
                    AbsoluteError = Flat.Distance(v, _y),
                    RelativeError = Relative(Flat.Distance(v, _y), Flat.Norm(_y)),
                    Tolerance = 0,
                });
            }
        }

        private bool Cotangent(Func<object, object> pullback, object yBar, object dx, out double[] xBarFlat)
        {
            xBarFlat = [];
            if (!TryCall(() => pullback(yBar), "pullback(ȳ)", dx, yBar, out var xBar))
            {
                return false;
            }

            if (!_in.SameShapeObject(x, xBar))
            {
                Add(Fail(RuleCheckKind.Structure, "the cotangent pullback(ȳ) is shaped like the input x", dx, yBar) with
                {
                    Detail = $"pullback(ȳ) returned {_in.ShapeObject(xBar)} for input {_in.ShapeObject(x)}",
                });
                return false;
            }

            xBarFlat = Flat.Of(_in, xBar);
            if (!Flat.AllFinite(xBarFlat))
            {
                Add(Fail(RuleCheckKind.NonFinite, "pullback(ȳ) is finite where f(x) is", dx, yBar) with
                {
                    LeftLabel = "pullback(ȳ)",
                    Left = xBarFlat,
                });
                return false;
            }

            return true;
        }

        private bool Tangent(Func<object, object> pushforward, object dx, object yBar, out double[] dyFlat)
        {
            dyFlat = [];
            if (!TryCall(() => pushforward(dx), "pushforward(ẋ)", dx, yBar, out var dy))
            {
                return false;
            }

            if (!_out.SameShapeObject(_yValue, dy))
            {
                Add(Fail(RuleCheckKind.Structure, "the tangent pushforward(ẋ) is shaped like the output f(x)", dx, yBar) with
                {
                    Detail = $"pushforward(ẋ) returned {_out.ShapeObject(dy)} for output {_out.ShapeObject(_yValue)}",
                });
                return false;
            }

            dyFlat = Flat.Of(_out, dy);
            if (!Flat.AllFinite(dyFlat))
            {
                Add(Fail(RuleCheckKind.NonFinite, "pushforward(ẋ) is finite where f(x) is", dx, yBar) with
                {
                    LeftLabel = "pushforward(ẋ)",
                    Left = dyFlat,
                });
                return false;
            }

            return true;
        }

        /// <summary>t ↦ f(x + t·ẋ) flattened, or null where it throws or is not finite.</summary>
        private Func<double, double[]?> Line(double[] dxFlat)
        {
            var f = p._f;
            return t =>
            {
                try
                {
                    var point = Flat.Build(_in, x, Flat.AddScaled(_x, t, dxFlat));
                    var v = Flat.Of(_out, f.Invoke(point));
                    return v.Length == _y.Length && Flat.AllFinite(v) ? v : null;
                }
#pragma warning disable CA1031 // a point where f throws lies outside its domain: no sample of the line there
                catch (Exception)
#pragma warning restore CA1031
                {
                    return null;
                }
            };
        }

        /// <summary>
        /// The pushforward and the pullback against finite differences. The central estimate is the reference;
        /// where it disagrees, a reliable one-sided estimate that agrees clears the rule (next to a kink, the
        /// central differences straddle it and the one-sided ones on the far side do not).
        /// </summary>
        /// <remarks>
        /// A disagreement is confirmed before it is reported: a second tableau, on smaller steps (at most h₀/10,
        /// and at most the step on which f changes by a few percent at the slope the rule claims), must disagree
        /// with the rule too and agree with the first tableau within their error estimates. A wrong rule gives
        /// the same true derivative at every scale, so it is caught either way; a function that varies faster
        /// than its input's magnitude suggests (sin(x²) at x = 300, deep inside a pipeline) can alias the coarse
        /// steps into agreeing on a wrong value with a small error estimate, and the second tableau, which
        /// resolves it, clears the rule (or, contradicting the first, makes the sample inconclusive).
        /// </remarks>
        private void FiniteDifferences(Richardson.Samples? all, Func<double, double[]?> line, object dx, double[] dxFlat, object yBar, double[] yBarFlat, double[] xBarFlat, double[] dyFlat)
        {
            var samples = all is null ? null : all with
            {
                Plus = [.. all.Plus.Take(p._o.RichardsonSteps)],
                Minus = [.. all.Minus.Take(p._o.RichardsonSteps)],
            };
            var first = Verdict(samples, dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat);
            if (first.Estimates.Length == 0)
            {
                Inconclusive(first.Inconclusive);
                return;
            }

            if (first.Pushforward is null && first.Pullback is null)
            {
                return;
            }

            // The second tableau starts at most at h₀/10, and at most at 0.05·(1 + ‖y‖∞)/‖ẏ‖∞ with ẏ the rule's own
            // J·ẋ: the step on which f, as the rule describes it, changes by a few percent of its size.
            var slope = p._f.HasPushforward ? Flat.NormInf(dyFlat) : Math.Abs(Flat.Dot(xBarFlat, dxFlat)) / Math.Max(Flat.Norm(yBarFlat), double.Epsilon);
            var h1 = ResolvingStep(samples!.H0, slope);
            var second = Verdict(Richardson.Sample(line, h1, p._o.RichardsonSteps), dx, dxFlat, yBar, yBarFlat, xBarFlat, dyFlat);
            Confirm(first.Pushforward, second.Pushforward is not null);
            Confirm(first.Pullback, second.Pullback is not null);

            void Confirm(RuleFailure? failure, bool failsAgain)
            {
                if (failure is null)
                {
                    return;
                }

                if (second.Estimates.Length == 0)
                {
                    Inconclusive(second.Inconclusive ?? $"the confirming tableau from h₀ = {Reports.Show.Number(h1)} gave no reliable estimate");
                    return;
                }

                if (!failsAgain)
                {
                    // The finer tableau agrees with the rule: the first one was aliased.
                    return;
                }

                if (!first.Estimates.Any(a => second.Estimates.Any(b => Agree(a, b))))
                {
                    Inconclusive($"the tableaux from h₀ = {Reports.Show.Number(samples.H0)} and from h₀ = {Reports.Show.Number(h1)} disagree with each other");
                    return;
                }

                Add(failure with { Detail = failure.Detail + $"; confirmed by a second tableau from h₀ = {Reports.Show.Number(h1)}" });
            }

            void Inconclusive(string? why)
            {
                outcome.FiniteDifferencesInconclusive = true;
                outcome.InconclusiveReason ??= why;
            }

            bool Agree(Richardson.Estimate a, Richardson.Estimate b)
            {
                var scale = Math.Max(Flat.Norm(a.Derivative!), Flat.Norm(b.Derivative!));
                return Flat.Distance(a.Derivative!, b.Derivative!) <= _fdTol.Bound(scale) + (4 * (a.Error + b.Error));
            }
        }

        /// <summary>
        /// The first step of a confirming run: at most h₀/10, and at most <c>StepScale·(1 + ‖y‖∞)/slope</c>, the
        /// step on which f changes by a few percent of its size if its slope along ẋ is the one the rule claims.
        /// </summary>
        private double ResolvingStep(double h0, double slope)
        {
            var h1 = h0 / 10;
            return slope > 0 && double.IsFinite(slope) ? Math.Min(h1, p._o.StepScale * (1 + Flat.NormInf(_y)) / slope) : h1;
        }

        /// <summary>What one tableau says of the pushforward and the pullback: the failures (null where a reliable estimate agrees) and its reliable estimates.</summary>
        private readonly record struct FdVerdict(RuleFailure? Pushforward, RuleFailure? Pullback, Richardson.Estimate[] Estimates, string? Inconclusive = null);

        private FdVerdict Verdict(Richardson.Samples? samples, object dx, double[] dxFlat, object yBar, double[] yBarFlat, double[] xBarFlat, double[] dyFlat)
        {
            if (samples is null || samples.Rows == 0)
            {
                return new(null, null, []);
            }

            var sigma = double.IsFinite(_sigma) ? _sigma : 0;
            var all = new[] { Richardson.Central(samples, sigma), Richardson.OneSided(samples, _y, +1, sigma), Richardson.OneSided(samples, _y, -1, sigma) };
            var estimates = all.Where(Reliable).ToArray();
            if (estimates.Length == 0)
            {
                // Say why when f's rounding alone rules out every estimate: the rule may well be right, but these
                // differences cannot tell (values rounded at the scale of large terms that cancel, say).
                var noisy = all.Where(fd => fd.Derivative is not null && !(fd.Noise <= Threshold(fd))).ToArray();
                return new(null, null, [], noisy.Length == all.Length
                    ? $"f's own rounding noise, σ = {Reports.Show.Small(_sigma)} per evaluation at this input, puts an error of at least {Reports.Show.Small(noisy.Min(fd => fd.Noise))} on every finite-difference estimate of J·ẋ (‖J·ẋ‖ ≈ {Reports.Show.Small(Flat.Norm(dyFlat.Length > 0 ? dyFlat : noisy[0].Derivative!))})"
                    : null);
            }

            RuleFailure? pushforwardFailure = null;
            if (p._f.HasPushforward)
            {
                foreach (var fd in estimates)
                {
                    var d = fd.Derivative!;
                    var error = Flat.Distance(dyFlat, d);
                    var scale = Math.Max(Flat.Norm(dyFlat), Flat.Norm(d));
                    var bound = _fdTol.Bound(scale) + (4 * fd.Error);
                    if (error <= bound)
                    {
                        pushforwardFailure = null;
                        break;
                    }

                    pushforwardFailure ??= Fail(RuleCheckKind.PushforwardVsFiniteDifferences, "pushforward against finite differences: J·ẋ = (f(x + h·ẋ) − f(x − h·ẋ)) / 2h, h → 0", dx, yBar) with
                    {
                        LeftLabel = "J·ẋ (pushforward)",
                        Left = dyFlat,
                        RightLabel = "finite differences",
                        Right = d,
                        AbsoluteError = error,
                        RelativeError = Relative(error, scale),
                        Tolerance = bound,
                        Detail = Detail(fd),
                    };
                }
            }

            RuleFailure? pullbackFailure = null;
            var right = Flat.Dot(xBarFlat, dxFlat);
            foreach (var fd in estimates)
            {
                var d = fd.Derivative!;
                var left = Flat.Dot(yBarFlat, d);
                var e = Math.Abs(left - right);
                var s = Math.Max(Math.Abs(left), Math.Abs(right));
                var rounding = _idTol.Relative * ((Flat.Norm(xBarFlat) * Flat.Norm(dxFlat)) + (Flat.Norm(yBarFlat) * Flat.Norm(d)));
                var b = _fdPairingTol.Bound(s) + (4 * Flat.Norm(yBarFlat) * fd.Error) + rounding;
                if (e <= b)
                {
                    pullbackFailure = null;
                    break;
                }

                pullbackFailure ??= Fail(RuleCheckKind.PullbackVsFiniteDifferences, "pullback against finite differences: ⟨ȳ, J·ẋ⟩ = ⟨pullback(ȳ), ẋ⟩ with J·ẋ by finite differences", dx, yBar) with
                {
                    LeftLabel = "⟨ȳ, J·ẋ⟩ by finite differences",
                    Left = [left],
                    RightLabel = "⟨pullback(ȳ), ẋ⟩",
                    Right = [right],
                    AbsoluteError = e,
                    RelativeError = Relative(e, s),
                    Tolerance = b,
                    Detail = Detail(fd),
                };
            }

            return new(pushforwardFailure, pullbackFailure, estimates);

            bool Reliable(Richardson.Estimate fd) =>
                fd.Derivative is not null && fd.Error <= Threshold(fd);

            double Threshold(Richardson.Estimate fd) => (p._o.MaxFiniteDifferenceError * Flat.Norm(fd.Derivative!)) + _fdTol.Absolute;

            static string Detail(Richardson.Estimate fd) =>
                $"Richardson-extrapolated {fd.Kind} differences from h₀ = {Reports.Show.Number(fd.Step)}, error estimate {Reports.Show.Small(fd.Error)}";
        }

        private void Adjoint(Func<object, object> pullback, Func<object, object> pushforward, object dx, double[] dxFlat, object yBar, double[] yBarFlat, double[] xBarFlat, double[] dyFlat)
        {
            for (var k = 0; k < p._o.AdjointPairs; k++)
            {
                if (k > 0)
                {
                    dxFlat = Flat.Gaussian(rng, _x.Length);
                    dx = Flat.Build(_in, x, dxFlat);
                    yBarFlat = Flat.Gaussian(rng, _y.Length);
                    yBar = Flat.Build(_out, _yValue, yBarFlat);
                    if (!Cotangent(pullback, yBar, dx, out xBarFlat) || !Tangent(pushforward, dx, yBar, out dyFlat))
                    {
                        return;
                    }
                }

                var left = Flat.Dot(yBarFlat, dyFlat);
                var right = Flat.Dot(xBarFlat, dxFlat);
                var error = Math.Abs(left - right);
                var scale = (Flat.Norm(yBarFlat) * Flat.Norm(dyFlat)) + (Flat.Norm(xBarFlat) * Flat.Norm(dxFlat));
                var bound = _idTol.Bound(scale);
                if (!(error <= bound))
                {
                    // Allow the rounding of both maps at these arguments (see RoundingNoise): their results may cancel.
                    bound += 16 * ((RoundingNoise(pullback, yBarFlat, xBarFlat, _out, _yValue, isPullback: true) * Flat.Norm(dxFlat))
                        + (RoundingNoise(pushforward, dxFlat, dyFlat, _in, x, isPullback: false) * Flat.Norm(yBarFlat)));
                }

                if (!(error <= bound))
                {
                    Add(Fail(RuleCheckKind.Adjoint, "adjoint identity ⟨ȳ, J·ẋ⟩ = ⟨Jᵀ·ȳ, ẋ⟩ (pushforward against pullback)", dx, yBar) with
                    {
                        LeftLabel = "⟨ȳ, pushforward(ẋ)⟩",
                        Left = [left],
                        RightLabel = "⟨pullback(ȳ), ẋ⟩",
                        Right = [right],
                        AbsoluteError = error,
                        RelativeError = Relative(error, Math.Max(Math.Abs(left), Math.Abs(right))),
                        Tolerance = bound,
                    });
                    return;
                }
            }
        }

        /// <summary>
        /// The rounding noise of a linear map at an argument a: <c>‖map(c₀·a)/c₀ − map(a)‖</c> with
        /// <c>c₀ = 1 + 0.73·2⁻²⁰</c>, zero for a linear map but for rounding, which differs between the two calls
        /// because every product in them does. A map whose result cancels (terms of 10⁻² summing to 10⁻⁵) rounds
        /// far above ε·‖map(a)‖, and the identities on it must allow that; a nonlinear term moves this measure by
        /// only (c₀ − 1) ≈ 7·10⁻⁷ of itself, so it cannot hide one. 0 when the map throws.
        /// </summary>
        private double RoundingNoise(Func<object, object> map, double[] argFlat, double[] resultFlat, VectorSpace argSpace, object argLike, bool isPullback)
        {
            const double c0 = 1 + (0.73 / 1048576);
            try
            {
                var nudged = map(Flat.Build(argSpace, argLike, Flat.Scale(c0, argFlat)));
                var flat = Flat.Of(isPullback ? _in : _out, nudged);
                return flat.Length == resultFlat.Length ? Flat.Distance(Flat.Scale(1 / c0, flat), resultFlat) : 0;
            }
#pragma warning disable CA1031 // the map's exceptions are reported by the checks that call it; here they only mean no allowance
            catch (Exception)
#pragma warning restore CA1031
            {
                return 0;
            }
        }

        /// <summary>Additivity, homogeneity and zero of a linear map (the pullback from ȳ, or the pushforward from ẋ).</summary>
        private void Linearity(Func<object, object> map, object arg, double[] argFlat, double[] resultFlat, VectorSpace argSpace, object argLike, object other, bool isPullback)
        {
            var name = isPullback ? "pullback" : "pushforward";
            var a = isPullback ? "ȳ" : "ẋ";
            object? T(object v) => isPullback ? other : v;
            object? C(object v) => isPullback ? v : other;

            // Additivity: map(a₁ + a₂) = map(a₁) + map(a₂).
            var arg2Flat = Flat.Gaussian(rng, argFlat.Length);
            var arg2 = Flat.Build(argSpace, argLike, arg2Flat);
            var sum = Flat.Build(argSpace, argLike, Flat.AddScaled(argFlat, 1, arg2Flat));
            if (!TryMap(map, arg2, isPullback, T(arg2), C(arg2), out var result2)
                || !TryMap(map, sum, isPullback, T(sum), C(sum), out var resultSum))
            {
                return;
            }

            var argNorm = Flat.Norm(argFlat);
            var noise = new Lazy<double>(() => RoundingNoise(map, argFlat, resultFlat, argSpace, argLike, isPullback));
            Func<double> Noise(double norm) => () => argNorm > 0 ? 16 * noise.Value * norm / argNorm : 0;

            var kind = isPullback ? RuleCheckKind.PullbackAdditivity : RuleCheckKind.PushforwardAdditivity;
            Compare(kind, $"additivity: {name}({a}₁ + {a}₂) = {name}({a}₁) + {name}({a}₂)",
                $"{name}({a}₁ + {a}₂)", resultSum, $"{name}({a}₁) + {name}({a}₂)", Flat.AddScaled(resultFlat, 1, result2),
                _idTol, T(arg), C(arg), Flat.Norm(resultFlat) + Flat.Norm(result2), Noise(argNorm + Flat.Norm(arg2Flat)));

            // Homogeneity: map(c·a) = c·map(a), with |c| in [0.5, 3).
            var c = Flat.Uniform(rng, 0.5, 3) * (rng.Next(2) == 0 ? -1 : 1);
            var scaled = Flat.Build(argSpace, argLike, Flat.Scale(c, argFlat));
            if (!TryMap(map, scaled, isPullback, T(scaled), C(scaled), out var resultScaled))
            {
                return;
            }

            kind = isPullback ? RuleCheckKind.PullbackHomogeneity : RuleCheckKind.PushforwardHomogeneity;
            Compare(kind, $"homogeneity: {name}(c·{a}) = c·{name}({a}) with c = {Reports.Show.Number(c)}",
                $"{name}(c·{a})", resultScaled, $"c·{name}({a})", Flat.Scale(c, resultFlat),
                _idTol, T(arg), C(arg), Math.Abs(c) * Flat.Norm(resultFlat), Noise((1 + Math.Abs(c)) * argNorm));

            // And on the fixed scalars −1, 10³, 10⁻³ (Laws.Homogeneity): a sign or a scale a random c near 1 misses.
            var failed = outcome.Failures.Count;
            foreach (var k in Laws.Homogeneity.Scalars)
            {
                if (outcome.Failures.Count > failed)
                {
                    break;
                }

                var argK = Flat.Build(argSpace, argLike, Flat.Scale(k, argFlat));
                if (!TryMap(map, argK, isPullback, T(argK), C(argK), out var resultK))
                {
                    return;
                }

                Compare(kind, $"homogeneity: {name}(c·{a}) = c·{name}({a}) with c = {Reports.Show.Number(k)}",
                    $"{name}(c·{a})", resultK, $"c·{name}({a})", Flat.Scale(k, resultFlat),
                    _idTol, T(arg), C(arg), Math.Abs(k) * Flat.Norm(resultFlat), Noise((1 + Math.Abs(k)) * argNorm));
            }

            // Zero: map(0) = 0 exactly.
            var zero = argSpace.ZeroLikeObject(argLike);
            if (!TryMap(map, zero, isPullback, T(zero), C(zero), out var resultZero))
            {
                return;
            }

            if (Flat.NormInf(resultZero) != 0)
            {
                Add(Fail(isPullback ? RuleCheckKind.PullbackOfZero : RuleCheckKind.PushforwardOfZero, $"a zero {(isPullback ? "cotangent" : "tangent")} maps to zero: {name}(0) = 0", T(zero), C(zero)) with
                {
                    LeftLabel = $"{name}(0)",
                    Left = resultZero,
                    RightLabel = "0",
                    Right = new double[resultZero.Length],
                    AbsoluteError = Flat.Norm(resultZero),
                    RelativeError = double.PositiveInfinity,
                    Tolerance = 0,
                });
            }
        }

        private bool TryMap(Func<object, object> map, object arg, bool isPullback, object? tangent, object? cotangent, out double[] result)
        {
            result = [];
            var what = isPullback ? "pullback(ȳ)" : "pushforward(ẋ)";
            if (!TryCall(() => map(arg), what, tangent, cotangent, out var r))
            {
                return false;
            }

            var space = isPullback ? _in : _out;
            var like = isPullback ? x : _yValue;
            if (!space.SameShapeObject(like, r))
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} is shaped like {(isPullback ? "the input x" : "the output f(x)")}", tangent, cotangent) with
                {
                    Detail = $"{what} returned {space.ShapeObject(r)} for {space.ShapeObject(like)}",
                });
                return false;
            }

            result = Flat.Of(space, r);
            return true;
        }

        private void TaylorOrder(Richardson.Samples? all, Func<double, double[]?> line, object dx, double[] dyFlat)
        {
            if (all is null)
            {
                return;
            }

            var samples = all with { Plus = [.. all.Plus.Take(p._o.TaylorSteps)], Minus = [.. all.Minus.Take(p._o.TaylorSteps)] };
            var noise = _sigma;
            var observed = Taylor.Observe(samples, _y, dyFlat, noise);
            outcome.TaylorOrder = observed.Order;
            if (!Order1(observed))
            {
                return;
            }

            // Confirmed on smaller steps, as the finite differences are: steps h₀/2ᵏ that span many periods of f
            // (sin(x²) at x = 2000) can alias into a fake linear regime whose secant is not f′, and order 1 there
            // says nothing about the rule. A wrong pushforward shows order 1 at every scale.
            var resolved = Richardson.Sample(line, ResolvingStep(all.H0, Flat.NormInf(dyFlat)), p._o.TaylorSteps);
            var again = resolved is null ? default : Taylor.Observe(resolved, _y, dyFlat, noise);
            if (resolved is null || !again.Measurable)
            {
                outcome.TaylorOrder = double.NaN;
                return;
            }

            outcome.TaylorOrder = again.Order;
            observed = again;

            // Order 1 is a failure when the linear term it reveals, ‖(J − J_f)·ẋ‖, is above the tolerance of the
            // finite-difference checks: a correct rule's derivative rounded at a few ε also shows order 1.
            bool Order1(Taylor.Observation o) =>
                o.Measurable && o.Order < p._o.MinTaylorOrder && o.LinearTerm > _fdTol.Bound(Flat.Norm(dyFlat));

            if (Order1(observed))
            {
                Add(Fail(RuleCheckKind.TaylorOrder, $"Taylor remainder ‖f(x + h·ẋ) − f(x) − h·J·ẋ‖ = O(h²) (observed order ≥ {Reports.Show.Number(p._o.MinTaylorOrder)})", dx) with
                {
                    LeftLabel = "remainders",
                    Left = observed.Remainders,
                    RightLabel = "at steps h",
                    Right = observed.Steps,
                    AbsoluteError = observed.LinearTerm,
                    RelativeError = Relative(observed.LinearTerm, Flat.Norm(dyFlat)),
                    Tolerance = p._o.MinTaylorOrder,
                    Detail = $"the remainder shrinks like h^order: order 2 means J·ẋ is the derivative of f along ẋ, order 1 that it is off by r/h → {Reports.Show.Small(observed.LinearTerm)} (the error above)",
                });
            }
        }

        private void Determinism(Func<object, object> map, object arg, double[] firstFlat, object other, bool isPullback)
        {
            var name = isPullback ? "pullback(ȳ)" : "pushforward(ẋ)";
            if (!TryMap(map, arg, isPullback, isPullback ? other : arg, isPullback ? arg : other, out var again))
            {
                return;
            }

            if (!Flat.BitwiseEqual(firstFlat, again))
            {
                Add(Fail(RuleCheckKind.Determinism, $"two calls of {name} with the same argument agree bit for bit", isPullback ? other : arg, isPullback ? arg : other) with
                {
                    LeftLabel = $"first {name}",
                    Left = firstFlat,
                    RightLabel = $"second {name}",
                    Right = again,
                    AbsoluteError = Flat.Distance(firstFlat, again),
                    RelativeError = Relative(Flat.Distance(firstFlat, again), Flat.Norm(firstFlat)),
                    Tolerance = 0,
                });
            }
        }

        /// <summary>For a composition (fan-out): the composed pullback against the stages' pullbacks in reverse (the branches' summed), and the same for pushforwards.</summary>
        private void ChainRule(Func<object, object> pullback, Func<object, object> pushforward, object dx, double[] dxFlat, object yBar, double[] yBarFlat, double[] xBarFlat, double[] dyFlat)
        {
            var f = p._f;
            object chainedBar;
            object chainedDot;
            string how;
            try
            {
                if (f.Kind == DiffKind.Composition && f.Parts.Count > 1)
                {
                    var stages = f.Parts;
                    var values = new object[stages.Count];
                    values[0] = x;
                    for (var k = 1; k < stages.Count; k++)
                    {
                        values[k] = stages[k - 1].Invoke(values[k - 1]);
                    }

                    chainedBar = yBar;
                    for (var k = stages.Count - 1; k >= 0; k--)
                    {
                        chainedBar = stages[k].Vjp(values[k], chainedBar);
                    }

                    chainedDot = dx;
                    for (var k = 0; k < stages.Count; k++)
                    {
                        chainedDot = stages[k].Jvp(values[k], chainedDot);
                    }

                    how = $"the {stages.Count} stages'";
                }
                else if (f.Kind == DiffKind.Fanout && f.OutputSpace is IProductSpace product && product.Arity == f.Parts.Count)
                {
                    chainedBar = _in.ZeroLikeObject(x);
                    var dots = new object[f.Parts.Count];
                    for (var i = 0; i < f.Parts.Count; i++)
                    {
                        chainedBar = _in.AddObject(chainedBar, f.Parts[i].Vjp(x, product.Component(yBar, i)));
                        dots[i] = f.Parts[i].Jvp(x, dx);
                    }

                    chainedDot = product.Pack(dots);
                    how = $"the {f.Parts.Count} branches'";
                }
                else
                {
                    return;
                }
            }
#pragma warning disable CA1031 // a part that throws on its own was already reported through the whole; nothing to compare
            catch (Exception)
#pragma warning restore CA1031
            {
                return;
            }

            if (!_in.SameShapeObject(x, chainedBar) || !_out.SameShapeObject(_yValue, chainedDot))
            {
                return;
            }

            var reverse = f.Kind == DiffKind.Composition ? "pullbacks applied in reverse" : "pullbacks summed";
            Compare(RuleCheckKind.ChainRule, $"chain rule: the composed pullback equals {how} {reverse}",
                "composed pullback(ȳ)", xBarFlat, $"{how} {reverse}", Flat.Of(_in, chainedBar), _idTol, dx, yBar,
                noise: () => 16 * RoundingNoise(pullback, yBarFlat, xBarFlat, _out, _yValue, isPullback: true));
            Compare(RuleCheckKind.ChainRule, $"chain rule: the composed pushforward equals {how} pushforwards {(f.Kind == DiffKind.Composition ? "applied in order" : "packed")}",
                "composed pushforward(ẋ)", dyFlat, $"{how} pushforwards", Flat.Of(_out, chainedDot), _idTol, dx, yBar,
                noise: p._f.HasPushforward ? () => 16 * RoundingNoise(pushforward, dxFlat, dyFlat, _in, x, isPullback: false) : null);
        }

        private void Compare(RuleCheckKind kind, string check, string leftLabel, double[] left, string rightLabel, double[] right, Tolerance tol, object? tangent, object? cotangent, double? scale = null, Func<double>? noise = null)
        {
            var error = Flat.Distance(left, right);
            var s = scale ?? Math.Max(Flat.Norm(left), Flat.Norm(right));
            var bound = tol.Bound(Math.Max(s, Math.Max(Flat.Norm(left), Flat.Norm(right))));
            if (!(error <= bound) && noise is not null)
            {
                bound += noise();
            }

            if (!(error <= bound))
            {
                Add(Fail(kind, check, tangent, cotangent) with
                {
                    LeftLabel = leftLabel,
                    Left = left,
                    RightLabel = rightLabel,
                    Right = right,
                    AbsoluteError = error,
                    RelativeError = Relative(error, Math.Max(Flat.Norm(left), Flat.Norm(right))),
                    Tolerance = bound,
                });
            }
        }

        private static double Relative(double error, double scale) => scale > 0 ? error / scale : error == 0 ? 0 : double.PositiveInfinity;

        /// <summary>Calls into the rule; an exception becomes a failure (a structural one when it is about shapes).</summary>
        private bool TryCall<T>(Func<T> call, string what, object? tangent, object? cotangent, out T result)
        {
            try
            {
                result = call();
                if (result is null)
                {
                    Add(Fail(RuleCheckKind.Structure, $"{what} returns a value", tangent, cotangent) with { Detail = $"{what} returned null" });
                    return false;
                }

                return true;
            }
            catch (ShapeException e)
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} returns values of the right shapes", tangent, cotangent) with { Detail = e.Message });
            }
            catch (InvalidOperationException e) when (e.Message.Contains("returned null", StringComparison.Ordinal))
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} returns a value", tangent, cotangent) with { Detail = e.Message });
            }
            catch (InvalidCastException e)
            {
                Add(Fail(RuleCheckKind.Structure, $"{what} returns values of the declared types", tangent, cotangent) with { Detail = e.Message });
            }
#pragma warning disable CA1031 // any exception from user code is reported as a failure of the rule, not thrown out of the checker
            catch (Exception e)
#pragma warning restore CA1031
            {
                var where = e.Data.Contains("Vjp.Path") ? $" (in {e.Data["Vjp.Path"]})" : "";
                Add(Fail(RuleCheckKind.Exception, $"{what} completes", tangent, cotangent) with { Detail = $"{e.GetType().Name}: {e.Message}{where}" });
            }

            result = default!;
            return false;
        }
    }
}
