using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// The scalar primitives, <c>ℝ → ℝ</c> and <c>ℝ² → ℝ</c>. Each is declared once, by its derivative
/// as a function of <c>x</c> and <c>y = f(x)</c>; both modes and the differentiable forms come from it.
/// </summary>
/// <remarks>
/// Outside a primitive's <see cref="Domain"/> the forward follows IEEE 754 (<c>Log(−1)</c> is NaN,
/// <c>Log(0)</c> is −∞) and no derivative is promised. At the kinks of <c>Abs</c> and <c>Relu</c>
/// the subgradient convention is 0: <c>Abs′(0) = sign(0) = 0</c>, <c>Relu′(0) = 0</c>.
/// </remarks>
public static partial class ScalarPrimitives
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    // Rules: one declaration each -----------------------------------------------------------------

    internal static readonly ScalarRule NegRule = new("neg", Domain.All, static x => -x, static (x, y) => -1, static a => $"-{a}");
    internal static readonly ScalarRule SinRule = new("sin", Domain.All, Math.Sin, static (x, y) => Real.Cos(x), second: static (x, y) => -y);
    internal static readonly ScalarRule CosRule = new("cos", Domain.All, Math.Cos, static (x, y) => -Real.Sin(x), second: static (x, y) => -y);
    internal static readonly ScalarRule TanRule = new("tan", Domain.Interval(-1.5, 1.5), Math.Tan, static (x, y) => 1 + y * y);
    internal static readonly ScalarRule ExpRule = new("exp", Domain.All, Math.Exp, static (x, y) => y, second: static (x, y) => y);
    internal static readonly ScalarRule LogRule = new("log", Domain.Positive, Math.Log, static (x, y) => 1 / x, second: static (x, y) => -1 / (x * x));
    internal static readonly ScalarRule Log1pRule = new("log1p", new Domain("x > -1", -1, double.PositiveInfinity), Log1pImpl, static (x, y) => 1 / (1 + x));
    internal static readonly ScalarRule Expm1Rule = new("expm1", Domain.All, Expm1Impl, static (x, y) => y + 1);
    internal static readonly ScalarRule SqrtRule = new("sqrt", Domain.Positive, Math.Sqrt, static (x, y) => 0.5 / y, second: static (x, y) => -0.25 / (y * y * y));
    internal static readonly ScalarRule TanhRule = new("tanh", Domain.All, Math.Tanh, static (x, y) => 1 - y * y, second: static (x, y) => -2 * y * (1 - y * y));
    internal static readonly ScalarRule SigmoidRule = new("sigmoid", Domain.All, SigmoidImpl, static (x, y) => y * (1 - y), second: static (x, y) => y * (1 - y) * (1 - 2 * y));
    internal static readonly ScalarRule SoftplusRule = new("softplus", Domain.All, SoftplusImpl, static (x, y) => Real.Sigmoid(x), second: static (x, y) => Real.Sigmoid(x) * (1 - Real.Sigmoid(x)));
    internal static readonly ScalarRule AbsRule = new("abs", Domain.All.Excluding(0), Math.Abs, static (x, y) => Real.Sign(x), static a => $"|{a}|");
    internal static readonly ScalarRule ReluRule = new("relu", Domain.All.Excluding(0), static x => x > 0 ? x : 0, static (x, y) => Real.Step(x));
    internal static readonly ScalarRule ErfRule = new("erf", Domain.All, SpecialFunctions.Erf, static (x, y) => TwoOverSqrtPi * Real.Exp(-(x * x)));
    internal static readonly ScalarRule NormalCdfRule = new("normcdf", Domain.All, SpecialFunctions.NormalCdf, static (x, y) => Real.NormalPdf(x));
    internal static readonly ScalarRule NormalPdfRule = new("normpdf", Domain.All, SpecialFunctions.NormalPdf, static (x, y) => -x * y);
    internal static readonly ScalarRule SquareRule = new("square", Domain.All, static x => x * x, static (x, y) => 2 * x, second: static (x, y) => 2);
    internal static readonly ScalarRule ReciprocalRule = new("reciprocal", Domain.All.Excluding(0), static x => 1 / x, static (x, y) => -(y * y));
    internal static readonly ScalarRule SignRule = new("sign", Domain.All.Excluding(0), static x => Math.Sign(x), static (x, y) => 0);
    internal static readonly ScalarRule StepRule = new("step", Domain.All.Excluding(0), static x => x > 0 ? 1 : 0, static (x, y) => 0);

    internal static readonly ScalarBinaryRule AddRule = new("add", Domain.All, static (a, b) => a + b, static (a, b, y) => 1, static (a, b, y) => 1, static (a, b) => $"({a} + {b})");
    internal static readonly ScalarBinaryRule SubRule = new("sub", Domain.All, static (a, b) => a - b, static (a, b, y) => 1, static (a, b, y) => -1, static (a, b) => $"({a} - {b})");
    internal static readonly ScalarBinaryRule MulRule = new("mul", Domain.All, static (a, b) => a * b, static (a, b, y) => b, static (a, b, y) => a, static (a, b) => $"{a} * {b}");
    internal static readonly ScalarBinaryRule DivRule = new("div", Domain.All.Excluding(0), static (a, b) => a / b, static (a, b, y) => 1 / b, static (a, b, y) => -y / b, static (a, b) => $"{a} / {b}");
    internal static readonly ScalarBinaryRule PowRule = new("pow", Domain.Positive, Math.Pow, static (a, b, y) => b * y / a, static (a, b, y) => y * Real.Log(a));

    // The public values -------------------------------------------------------------------------

    /// <summary>Negation, <c>y = −x</c>.</summary>
    /// <remarks>∂y/∂x = −1.</remarks>
    public static Diff<double, double> Neg { get; } = Wrap(NegRule);

    /// <summary>Sine, <c>y = sin x</c>.</summary>
    /// <remarks>∂y/∂x = cos x; pushforward ẏ = cos x·ẋ; pullback x̄ = ȳ·cos x.</remarks>
    public static Diff<double, double> Sin { get; } = Wrap(SinRule);

    /// <summary>Cosine, <c>y = cos x</c>.</summary>
    /// <remarks>∂y/∂x = −sin x.</remarks>
    public static Diff<double, double> Cos { get; } = Wrap(CosRule);

    /// <summary>Tangent, <c>y = tan x</c>; checked on (−1.5, 1.5).</summary>
    /// <remarks>∂y/∂x = 1 + y².</remarks>
    public static Diff<double, double> Tan { get; } = Wrap(TanRule);

    /// <summary>Exponential, <c>y = eˣ</c>.</summary>
    /// <remarks>∂y/∂x = y.</remarks>
    public static Diff<double, double> Exp { get; } = Wrap(ExpRule);

    /// <summary>Natural logarithm, <c>y = ln x</c>, for x &gt; 0 (IEEE outside: NaN for x &lt; 0, −∞ at 0).</summary>
    /// <remarks>∂y/∂x = 1/x; pushforward ẏ = ẋ/x; pullback x̄ = ȳ/x.</remarks>
    public static Diff<double, double> Log { get; } = Wrap(LogRule);

    /// <summary><c>y = ln(1 + x)</c>, accurate for small x, for x &gt; −1.</summary>
    /// <remarks>∂y/∂x = 1/(1 + x).</remarks>
    public static Diff<double, double> Log1p { get; } = Wrap(Log1pRule);

    /// <summary><c>y = eˣ − 1</c>, accurate for small x.</summary>
    /// <remarks>∂y/∂x = y + 1.</remarks>
    public static Diff<double, double> Expm1 { get; } = Wrap(Expm1Rule);

    /// <summary>Square root, <c>y = √x</c>, for x &gt; 0 (NaN for x &lt; 0).</summary>
    /// <remarks>∂y/∂x = 1/(2y).</remarks>
    public static Diff<double, double> Sqrt { get; } = Wrap(SqrtRule);

    /// <summary>Hyperbolic tangent, <c>y = tanh x</c>.</summary>
    /// <remarks>∂y/∂x = 1 − y².</remarks>
    public static Diff<double, double> Tanh { get; } = Wrap(TanhRule);

    /// <summary>Logistic sigmoid, <c>y = 1/(1 + e⁻ˣ)</c>, evaluated without overflow for large |x|.</summary>
    /// <remarks>∂y/∂x = y(1 − y).</remarks>
    public static Diff<double, double> Sigmoid { get; } = Wrap(SigmoidRule);

    /// <summary>Softplus, <c>y = ln(1 + eˣ)</c>, evaluated as max(x, 0) + log1p(e^−|x|).</summary>
    /// <remarks>∂y/∂x = sigmoid(x).</remarks>
    public static Diff<double, double> Softplus { get; } = Wrap(SoftplusRule);

    /// <summary>Absolute value, <c>y = |x|</c>.</summary>
    /// <remarks>∂y/∂x = sign x; at the kink x = 0 the subgradient 0 is used.</remarks>
    public static Diff<double, double> Abs { get; } = Wrap(AbsRule);

    /// <summary>Rectified linear unit, <c>y = max(x, 0)</c>.</summary>
    /// <remarks>∂y/∂x = 1 for x &gt; 0, 0 for x &lt; 0; at the kink x = 0 the subgradient 0 is used.</remarks>
    public static Diff<double, double> Relu { get; } = Wrap(ReluRule);

    /// <summary>Error function, <c>y = erf x = (2/√π)∫₀ˣ e^(−t²) dt</c> (see <see cref="SpecialFunctions.Erf"/>).</summary>
    /// <remarks>∂y/∂x = (2/√π)·e^(−x²).</remarks>
    public static Diff<double, double> Erf { get; } = Wrap(ErfRule);

    /// <summary>Standard normal CDF, <c>y = Φ(x)</c>.</summary>
    /// <remarks>∂y/∂x = φ(x) = e^(−x²/2)/√(2π).</remarks>
    public static Diff<double, double> NormalCdf { get; } = Wrap(NormalCdfRule);

    /// <summary>Standard normal density, <c>y = φ(x)</c>.</summary>
    /// <remarks>∂y/∂x = −x·y.</remarks>
    public static Diff<double, double> NormalPdf { get; } = Wrap(NormalPdfRule);

    /// <summary>Square, <c>y = x²</c>.</summary>
    /// <remarks>∂y/∂x = 2x.</remarks>
    public static Diff<double, double> Square { get; } = Wrap(SquareRule);

    /// <summary>Reciprocal, <c>y = 1/x</c>, for x ≠ 0.</summary>
    /// <remarks>∂y/∂x = −y².</remarks>
    public static Diff<double, double> Reciprocal { get; } = Wrap(ReciprocalRule);

    /// <summary>Sum, <c>y = a + b</c>.</summary>
    /// <remarks>Pullback (ā, b̄) = (ȳ, ȳ); pushforward ẏ = ȧ + ḃ.</remarks>
    public static Diff<(double A, double B), double> Add { get; } = Wrap2(AddRule);

    /// <summary>Difference, <c>y = a − b</c>.</summary>
    /// <remarks>Pullback (ā, b̄) = (ȳ, −ȳ).</remarks>
    public static Diff<(double A, double B), double> Sub { get; } = Wrap2(SubRule);

    /// <summary>Product, <c>y = a·b</c>.</summary>
    /// <remarks>Pullback (ā, b̄) = (ȳ·b, ȳ·a); pushforward ẏ = ȧ·b + a·ḃ.</remarks>
    public static Diff<(double A, double B), double> Mul { get; } = Wrap2(MulRule);

    /// <summary>Quotient, <c>y = a/b</c>, for b ≠ 0.</summary>
    /// <remarks>Pullback (ā, b̄) = (ȳ/b, −ȳ·y/b).</remarks>
    public static Diff<(double A, double B), double> Div { get; } = Wrap2(DivRule);

    /// <summary>Power, <c>y = aᵇ</c>, for a &gt; 0.</summary>
    /// <remarks>∂y/∂a = b·y/a; ∂y/∂b = y·ln a.</remarks>
    public static Diff<(double A, double B), double> Pow { get; } = Wrap2(PowRule);

    /// <summary>The power with a fixed exponent, <c>y = xᵖ</c> (checked for x &gt; 0; integer p also holds for x ≤ 0 as IEEE gives).</summary>
    /// <param name="p">The exponent.</param>
    /// <remarks>∂y/∂x = p·x^(p−1).</remarks>
    public static Diff<double, double> PowConst(double p) => Wrap(PowConstRule(p));

    internal static ScalarRule PowConstRule(double p) =>
        new(FormattableString.Invariant($"pow[{p}]"), Domain.Positive, x => Math.Pow(x, p), (x, y) => p == 1 ? 1 : p * PowReal(x, p - 1),
            a => FormattableString.Invariant($"{a}^{p}"));

    private static Real PowReal(Real x, double p) =>
        x.IsSymbolic ? new Real(NodeOps.Apply(PowConstRule(p), x.Expression!)) : Math.Pow(x.Value, p);

    /// <summary>A user-declared scalar primitive: <c>y = f(x)</c> with derivative <c>f′</c> given as a function of <c>(x, y)</c>.</summary>
    /// <param name="name">The primitive's name.</param>
    /// <param name="domain">Where it is differentiable.</param>
    /// <param name="f">The function.</param>
    /// <param name="derivative">Its derivative, written with <see cref="Real"/> operations so it can be differentiated again.</param>
    /// <returns>The primitive.</returns>
    /// <example><code>var log = ScalarPrimitives.Create("log", Domain.Positive, Math.Log, static (x, y) => 1 / x);</code></example>
    public static Diff<double, double> Create(string name, Domain domain, Func<double, double> f, Func<Real, Real, Real> derivative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(derivative);
        return Wrap(new ScalarRule(name, domain, f, derivative));
    }

    internal static Diff<double, double> Wrap(ScalarRule rule) => new(new RuleNode(rule));

    internal static Diff<(double A, double B), double> Wrap2(ScalarBinaryRule rule) => new(new RuleNode(rule));

    private static double SigmoidImpl(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double SoftplusImpl(double x) => Math.Max(x, 0) + Log1pImpl(Math.Exp(-Math.Abs(x)));

    /// <summary>ln(1 + x) without cancellation: for small x, ln(1+x) = x·ln(u)/(u − 1) with u = 1 + x (Goldberg 1991, Theorem 4).</summary>
    internal static double Log1pImpl(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1 without cancellation: (u − 1)·x/ln u with u = eˣ (Kahan's trick).</summary>
    internal static double Expm1Impl(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1;
        }

        var u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
