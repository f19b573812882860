namespace Vjp.Properties;

/// <summary>
/// Settings of a rule check. The defaults suit rules over <see cref="double"/>; every setting can be
/// overridden per call with a <c>with</c> expression or an object initialiser:
/// <c>new RuleCheckOptions { Samples = 500, Seed = "0N0XIzNsQ0O2" }</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Finite differences.</b> Central differences <c>D(h) = (f(x + hẋ) − f(x − hẋ)) / 2h</c> on the
/// steps <c>h₀, h₀/2, h₀/4, …</c>, extrapolated in a Richardson tableau (Ridders' method); the entry
/// with the smallest estimated error is kept, and that estimate widens the tolerance. The first step is
/// <c>h₀ = StepScale · (1 + ‖x‖∞) / ‖ẋ‖∞</c>, scaled to the point (Numerical Recipes §5.7: the step is a
/// fraction of the scale over which <c>f</c> changes, taken as <c>max(1, |x|)</c>), and halved where the rule's
/// domain (its boundary or kinks) lies closer. Extrapolation removes the <c>h², h⁴, …</c> error terms, so the
/// first step can be far larger than the <c>ε^(1/3)·(1 + |x|)</c> that is best for one plain central difference,
/// and round-off stays near <c>ε/h</c> with <c>h</c> never below <c>h₀/2^(RichardsonSteps−1)</c> ≈ <c>ε^(1/3)·(1 + ‖x‖∞)/‖ẋ‖∞</c>
/// by default; the entry with the smallest error estimate is used, so the fine rows only count where they help.
/// </para>
/// <para>
/// <b>Default tolerances.</b> Against finite differences: relative 1e-6, absolute 1e-6. Extrapolated central
/// differences are accurate to about 1e-10 relative on smooth double functions, so 1e-6 leaves four decades
/// against false alarms and still catches a rule that is off by 1e-3 relative with three decades to spare.
/// The absolute part covers derivatives that are tiny only because rounding in correct rules is amplified
/// along a chain (tanh′ = 1 − y² is 0 or 2ε, not e^(−2|x|), once tanh saturates; a factor 10⁹ upstream turns
/// that into 10⁻⁷). Both are ten times tighter than JAX's <c>check_grads</c> (1e-5 for float64, one
/// non-extrapolated step) and PyTorch's <c>gradcheck</c> (absolute 1e-5, relative 1e-3). For identities that
/// both sides compute from the rules themselves (adjoint, linearity, chain rule, primal): absolute 1e-12,
/// relative 1e-9 of the Cauchy–Schwarz scale of the two sides; they differ only by rounding, a few ε per term.
/// Determinism is exact: two calls must agree bit for bit.
/// </para>
/// </remarks>
public sealed record RuleCheckOptions
{
    /// <summary>The default settings.</summary>
    public static RuleCheckOptions Default { get; } = new();

    /// <summary>How many generated inputs are checked (each with its own tangents and cotangents). Default 100.</summary>
    public int Samples { get; init; } = 100;

    /// <summary>
    /// The seed of the run, as printed in every report. A run is a deterministic function of its seed and these
    /// options, and the first input of a run is generated from the seed itself, so passing a failure's seed
    /// replays that failure as the first sample. <c>null</c> (the default) takes the application's configured
    /// default seed, <see cref="DefaultSeedSetting"/>, combined with the name of the checked rule (so each rule
    /// has a fixed stream of its own), or draws a fresh one when none is configured or when the environment
    /// variable <see cref="SoakVariable"/> is <c>1</c>.
    /// </summary>
    /// <remarks>
    /// A test project makes every check without an explicit seed deterministic with one line in its project file,
    /// <c>&lt;RuntimeHostConfigurationOption Include="Vjp.Properties.Seed" Value="0N0XIzNsQ0O2" /&gt;</c> (or
    /// <c>AppContext.SetData("Vjp.Properties.Seed", …)</c> in a module initializer); <c>VJP_SOAK=1 dotnet test</c>
    /// then draws fresh seeds for a soak run, and every failure report names the seed that replays it.
    /// </remarks>
    public string? Seed { get; init; }

    /// <summary>The name of the <see cref="AppContext"/> setting that holds the default seed, <c>Vjp.Properties.Seed</c>; see <see cref="Seed"/>.</summary>
    public const string DefaultSeedSetting = "Vjp.Properties.Seed";

    /// <summary>The environment variable that makes a soak run, <c>VJP_SOAK</c>: when it is <c>1</c>, checks without an explicit seed draw fresh ones even where a default is configured.</summary>
    public const string SoakVariable = "VJP_SOAK";

    /// <summary>
    /// Tolerance of the comparisons against finite differences (the pushforward, and the pullback through ⟨ȳ, ·⟩).
    /// Default absolute 1e-6, relative 1e-6. At each input the absolute part is multiplied by
    /// <c>min(1, (‖f(x)‖∞ + σ/ε)/(1 + ‖x‖∞)·‖ẋ‖∞)</c>, the size of J·ẋ that f's value and its measured rounding noise
    /// σ suggest there (and by ‖ȳ‖∞ inside that minimum for ⟨ȳ, J·ẋ⟩), so it never exceeds the number given here
    /// and a rule whose derivatives are tiny is judged relatively; where f is quantised at the point it applies as given.
    /// </summary>
    public Tolerance FiniteDifferenceTolerance { get; init; } = new(1e-6, 1e-6);

    /// <summary>
    /// The relative tolerance of the converged verdict against finite differences. Default 1e-9. Where a sample passes
    /// <see cref="FiniteDifferenceTolerance"/> but the central tableau's own error estimate is below this tolerance, the
    /// rule is held to it: <c>‖J·ẋ − FD‖ ≤ tolerance·‖J·ẋ‖ + 4·(FD's error estimate) + the rule's rounding</c>, the last
    /// modelled as 4096ε times the size of the terms a J·ẋ at this point adds (f's size and noise over the scale of x,
    /// and ‖pullback(ȳ)‖·‖ẋ‖/‖ȳ‖), so it is about 10⁻¹² of J·ẋ at a well-conditioned point and grows where J·ẋ is the
    /// small difference of large terms. It applies only where the central and one-sided tableaux agree, with f's noise
    /// taken as at least half an ulp of values of order max(1, ‖f(x)‖∞). A disagreement is reported only when a second tableau on smaller steps converges
    /// to the same derivative and disagrees as well. This catches a consistent relative error of 10⁻⁸ (both modes
    /// equally wrong, so the adjoint identity holds) and a derivative computed in <see cref="float"/> precision.
    /// </summary>
    /// <remarks>
    /// <c>null</c> turns it off. While it is not set, it follows <see cref="FiniteDifferenceTolerance"/>: a check that
    /// loosens that tolerance (for a rule that is approximate by design) gets no converged verdict either, unless this
    /// property is set as well.
    /// </remarks>
    public double? ConvergedFiniteDifferenceTolerance
    {
        get => _convergedSet ? _converged : FiniteDifferenceTolerance == DefaultFiniteDifferenceTolerance ? 1e-9 : null;
        init
        {
            _converged = value;
            _convergedSet = true;
        }
    }

    private static readonly Tolerance DefaultFiniteDifferenceTolerance = new(1e-6, 1e-6);
    private readonly double? _converged;
    private readonly bool _convergedSet;

    /// <summary>Tolerance of identities computed from the rules alone: adjoint, linearity, chain rule, primal. Default absolute 1e-12, relative 1e-9.</summary>
    public Tolerance IdentityTolerance { get; init; } = new(1e-12, 1e-9);

    /// <summary>
    /// Relative error estimate of the finite-difference derivative above which it is not trusted at that sample
    /// (the comparisons against it are skipped and counted as inconclusive). Default 1e-4.
    /// </summary>
    public double MaxFiniteDifferenceError { get; init; } = 1e-4;

    /// <summary>Rows of the Richardson tableau (steps <c>h₀ … h₀/2^(n−1)</c>). Default 14, which reaches down to about <c>ε^(1/3)</c> times the point's scale.</summary>
    public int RichardsonSteps { get; init; } = 14;

    /// <summary>The first finite-difference step as a fraction of <c>(1 + ‖x‖∞)/‖ẋ‖∞</c>. Default 0.05.</summary>
    public double StepScale { get; init; } = 0.05;

    /// <summary>Steps <c>h₀, h₀/2, …</c> on each side over which the Taylor remainder's order is observed (the same evaluations as the finite differences). Default 14.</summary>
    public int TaylorSteps { get; init; } = 14;

    /// <summary>The lowest observed Taylor order accepted (2 is expected of a correct pushforward, 1 of a wrong one). Default 1.5.</summary>
    public double MinTaylorOrder { get; init; } = 1.5;

    /// <summary>Random (ẋ, ȳ) pairs per sample on which the adjoint identity is checked. Default 3.</summary>
    public int AdjointPairs { get; init; } = 3;

    /// <summary>Further inputs generated after a failure while looking for a smaller counterexample (CsCheck sizes). Default 500.</summary>
    public int ShrinkAttempts { get; init; } = 500;

    /// <summary>Whether a failing composition is walked to find the innermost part whose own rule fails. Default true.</summary>
    public bool Blame { get; init; } = true;

    /// <summary>Fresh (ẋ, ȳ) draws with which each part is checked while assigning blame. Default 3.</summary>
    public int BlameTries { get; init; } = 3;

    /// <summary>
    /// Threads that call the rule at once, each on its own cotangent and tangent, at the first
    /// <see cref="ConcurrencySamples"/> samples that passed the other laws; their results must equal the serial ones bit for bit. Default 4; 0 or 1 turns the law off.
    /// </summary>
    /// <remarks>A race may go unobserved in a run (scheduling decides), but a correct rule never fails this law.</remarks>
    public int ConcurrencyThreads { get; init; } = 4;

    /// <summary>On how many samples of a run (the first ones checked) the concurrency law runs: it starts threads, so it is kept to a few. Default 10.</summary>
    public int ConcurrencySamples { get; init; } = 10;

    /// <summary>How many times each of the <see cref="ConcurrencyThreads"/> threads repeats its calls. Default 2.</summary>
    public int ConcurrencyRounds { get; init; } = 2;

    /// <summary>
    /// When set, the cost law: the measured <see cref="RuleCheckResult.PullbackCostRatio"/> and
    /// <see cref="RuleCheckResult.PushforwardCostRatio"/> must not exceed it (50 is a generous bound for the
    /// cheap-gradient principle). Default null: the ratios are reported, never judged, so timing cannot fail a check.
    /// </summary>
    public double? MaxCostRatio { get; init; }

    internal void Validate()
    {
        if (ConvergedFiniteDifferenceTolerance is { } converged && !(converged > 0 && double.IsFinite(converged)))
        {
            throw new ArgumentOutOfRangeException(nameof(ConvergedFiniteDifferenceTolerance), converged, "ConvergedFiniteDifferenceTolerance must be positive and finite, or null to turn the converged verdict off.");
        }

        if (MaxCostRatio is { } max && !(max > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCostRatio), max, "MaxCostRatio must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ConcurrencyThreads, nameof(ConcurrencyThreads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ConcurrencyThreads, 64, nameof(ConcurrencyThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrencyRounds, 1, nameof(ConcurrencyRounds));
        ArgumentOutOfRangeException.ThrowIfNegative(ConcurrencySamples, nameof(ConcurrencySamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(Samples, 1, nameof(Samples));
        ArgumentOutOfRangeException.ThrowIfLessThan(RichardsonSteps, 2, nameof(RichardsonSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(TaylorSteps, 4, nameof(TaylorSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdjointPairs, 1, nameof(AdjointPairs));
        ArgumentOutOfRangeException.ThrowIfNegative(ShrinkAttempts, nameof(ShrinkAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlameTries, 1, nameof(BlameTries));
        if (!(StepScale > 0) || double.IsInfinity(StepScale))
        {
            throw new ArgumentOutOfRangeException(nameof(StepScale), StepScale, "StepScale must be positive and finite.");
        }
    }
}
