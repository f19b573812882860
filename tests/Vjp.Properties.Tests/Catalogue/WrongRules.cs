using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vjp.Properties.Tests.Catalogue;

/// <summary>
/// The catalogue of deliberately wrong rules, all written with <c>Diff.Create</c> as a user would: wrong sign,
/// transposed Jacobian, missing product-rule terms, scaled pullbacks, a correct pushforward with a wrong
/// pullback and the reverse, fan-outs that forget to add cotangents, residuals from the wrong point, rules
/// wrong on part of the domain or in one component, nearly right ones, wrong shapes, nondeterminism.
/// </summary>
public static class WrongRules
{
    private static readonly Gen<double> Reals = RuleGen.Scalar();
    private static readonly Gen<Vec> Vecs = RuleGen.Vec(1, 5);

    private static WrongRule Scalar<TOut>(string name, string flaw, Diff<double, TOut> rule, RuleCheckKind? kind = null, Domain? domain = null)
        where TOut : notnull =>
        new(name, flaw, o => RuleCheck.Check(rule, domain is null ? Reals : RuleGen.Scalar(domain), o), kind);

    private static WrongRule OnVec<TOut>(string name, string flaw, Diff<Vec, TOut> rule, RuleCheckKind? kind = null, int minLength = 1)
        where TOut : notnull =>
        new(name, flaw, o => RuleCheck.Check(rule, minLength == 1 ? Vecs : RuleGen.Vec(minLength, minLength + 3), o), kind);

    private static readonly Mat M = Mat.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static Vec Softmax(Vec x)
    {
        if (x.Length == 0)
        {
            return x;
        }

        var m = x.Max();
        var e = x.Map(v => Math.Exp(v - m));
        return e / e.Sum();
    }

    /// <summary>⟨y, ȳ⟩ over the first 8 entries only.</summary>
    private static double FirstEight(Vec y, Vec yBar)
    {
        var sum = 0.0;
        for (var i = 0; i < Math.Min(8, y.Length); i++)
        {
            sum += y[i] * yBar[i];
        }

        return sum;
    }

    public static IReadOnlyList<WrongRule> All { get; } = Build();

    private static List<WrongRule> Build()
    {
        var rules = new List<WrongRule>
        {
            Scalar("sin.pullbackSign", "wrong sign in the pullback only",
                Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => -yBar * Math.Cos(x), (x, y, dx) => Math.Cos(x) * dx),
                RuleCheckKind.Adjoint),
            Scalar("exp.bothSigns", "wrong sign in pullback and pushforward alike",
                Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => -yBar * y, (x, y, dx) => -y * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("square.pullbackTimesTwo", "pullback scaled by 2",
                Diff.Create<double, double>("square", x => x * x, (x, y, yBar) => 2 * (2 * x * yBar), (x, y, dx) => 2 * x * dx),
                RuleCheckKind.PullbackVsFiniteDifferences),
            new("linear.transposedJacobian", "pullback multiplies by M instead of Mᵀ",
                o => RuleCheck.Check(
                    Diff.Create<Vec, Vec>("applyM", x => M * x, (x, y, yBar) => M * yBar, (x, y, dx) => M * dx),
                    RuleGen.Vec(2), o),
                RuleCheckKind.Adjoint),
            new("matvec.transposedOuter", "Ā = x ȳᵀ instead of ȳ xᵀ",
                o => RuleCheck.Check(
                    Diff.Create<(Mat A, Vec X), Vec>("matvec",
                        ax => ax.A * ax.X,
                        (ax, y, yBar) => (Mat.Outer(ax.X, yBar), Mat.TransposeMatVec(ax.A, yBar)),
                        (ax, y, d) => (d.A * ax.X) + (ax.A * d.X)),
                    RuleGen.Shaped(Gen.Int[2, 4].Select(n => (Mat.Zeros(n, n), Vec.Zeros(n)))), o),
                RuleCheckKind.Adjoint),
            Scalar("xsinx.missingProductTerm", "d(x·sin x) without the sin x term",
                Diff.Create<double, double>("xsinx", x => x * Math.Sin(x), (x, y, yBar) => yBar * x * Math.Cos(x), (x, y, dx) => x * Math.Cos(x) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            new("mul.missingPartial", "b̄ forgotten in the pullback of a·b",
                o => RuleCheck.Check(
                    Diff.Create<(double A, double B), double>("mul", ab => ab.A * ab.B, (ab, y, yBar) => (yBar * ab.B, 0.0), (ab, y, d) => (d.A * ab.B) + (ab.A * d.B)),
                    RuleGen.PointLike((0.0, 0.0)), o),
                RuleCheckKind.Adjoint),
            new("abb.missingFactorTwo", "(a, b) ↦ a ⊙ b ⊙ b with b̄ = ȳ ⊙ a ⊙ b (the 2 of the product rule missing)",
                o => RuleCheck.Check(
                    Diff.Create<(Vec A, Vec B), Vec>("abb",
                        ab => Vec.Hadamard(ab.A, Vec.Hadamard(ab.B, ab.B)),
                        (ab, y, yBar) => (Vec.Hadamard(yBar, Vec.Hadamard(ab.B, ab.B)), Vec.Hadamard(yBar, Vec.Hadamard(ab.A, ab.B)))),
                    RuleGen.Shaped(Gen.Int[1, 4].Select(n => (Vec.Zeros(n), Vec.Zeros(n)))), o),
                RuleCheckKind.PullbackVsFiniteDifferences),
            Scalar("tanh.wrongPullbackOnly", "correct pushforward, pullback ȳ(1 − y) instead of ȳ(1 − y²)",
                Diff.Create<double, double>("tanh", Math.Tanh, (x, y, yBar) => yBar * (1 - y), (x, y, dx) => (1 - (y * y)) * dx),
                RuleCheckKind.Adjoint),
            Scalar("log.wrongPushforwardOnly", "correct pullback, pushforward x·ẋ instead of ẋ/x",
                Diff.Create<double, double>("log", Math.Log, (x, y, yBar) => yBar / x, (x, y, dx) => x * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences, Domain.Positive),
            Scalar("fanout.forgetsSecondCotangent", "x ↦ (sin x, x²) whose pullback drops ȳ₂",
                Diff.Create<double, (double, double)>("sinAndSquare", x => (Math.Sin(x), x * x), (x, y, yBar) => yBar.Item1 * Math.Cos(x)),
                RuleCheckKind.PullbackVsFiniteDifferences),
            OnVec("dup.overwritesInsteadOfAdding", "v ↦ (v, 2v) whose pullback returns ȳ₁ instead of ȳ₁ + 2ȳ₂",
                Diff.Create<Vec, (Vec, Vec)>("dup", v => (v, 2 * v), (v, y, yBar) => yBar.Item1, (v, y, dv) => (dv, 2 * dv)),
                RuleCheckKind.Adjoint),
            Scalar("exp.residualFromShiftedPoint", "residual exp(x + 0.01) saved instead of exp(x)",
                Diff.Create<double, double, double>("exp", x => (Math.Exp(x), Math.Exp(x + 0.01)), (r, yBar) => yBar * r, (r, dx) => r * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            StaleResidual(),
            Scalar("softplus.wrongAboveOne", "derivative 1 instead of sigmoid(x) for x > 1 only",
                Diff.Create<double, double>("softplus", x => Math.Log(1 + Math.Exp(x)),
                    (x, y, yBar) => yBar * (x > 1 ? 1 : Sigmoid(x)), (x, y, dx) => (x > 1 ? 1 : Sigmoid(x)) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("exp.zeroBelowMinusTwo", "pullback 0 for x < −2 only",
                Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => x < -2 ? 0 : yBar * y, (x, y, dx) => y * dx),
                RuleCheckKind.Adjoint),
            OnVec("sin.wrongInComponentTwo", "elementwise sin whose pullback is wrong in component 2 only",
                Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
                    (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (i == 2 ? Math.Sin(v[i]) : Math.Cos(v[i]))),
                    (v, y, dv) => Vec.Generate(v.Length, i => Math.Cos(v[i]) * dv[i])),
                RuleCheckKind.Adjoint, minLength: 3),
            new("asinb.wrongSecondComponent", "(a, b) ↦ a·sin b with b̄ of the wrong sign",
                o => RuleCheck.Check(
                    Diff.Create<(double A, double B), double>("asinb", ab => ab.A * Math.Sin(ab.B),
                        (ab, y, yBar) => (yBar * Math.Sin(ab.B), -yBar * ab.A * Math.Cos(ab.B)),
                        (ab, y, d) => (d.A * Math.Sin(ab.B)) + (ab.A * Math.Cos(ab.B) * d.B)),
                    RuleGen.PointLike((0.0, 0.0)), o),
                RuleCheckKind.Adjoint),
            Scalar("sigmoid.offByOnePermille", "pullback 1.001 × the derivative (pushforward right)",
                Diff.Create<double, double>("sigmoid", Sigmoid, (x, y, yBar) => 1.001 * yBar * y * (1 - y), (x, y, dx) => y * (1 - y) * dx),

                // Not PullbackVsFiniteDifferences: with a small ȳ and ẋ the 0.1% error falls under the finite-difference
                // tolerance (absolute 1e-6) at the shrunk input, while the adjoint identity (1e-12) still fails there.
                RuleCheckKind.Adjoint),
            Scalar("tanh.bothOffByOnePermille", "pullback and pushforward both 1.001 × the derivative",
                Diff.Create<double, double>("tanh", Math.Tanh, (x, y, yBar) => 1.001 * yBar * (1 - (y * y)), (x, y, dx) => 1.001 * (1 - (y * y)) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            OnVec("tanh.cotangentTooLong", "pullback returns a vector one element too long",
                Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
                    (v, y, yBar) => Vec.Generate(v.Length + 1, i => i < v.Length ? yBar[i] * (1 - (y[i] * y[i])) : 0)),
                RuleCheckKind.Structure),
            OnVec("sin.tangentTooShort", "pushforward returns a vector one element too short",
                Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
                    (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * Math.Cos(v[i])),
                    (v, y, dv) => Vec.Generate(v.Length - 1, i => Math.Cos(v[i]) * dv[i])),
                RuleCheckKind.Structure, minLength: 2),
            new("sumsq.transposedCotangentShape", "Mat → double whose cotangent is shaped cols×rows",
                o => RuleCheck.Check(
                    Diff.Create<Mat, double>("sumOfSquares", a => Mat.Inner(a, a), (a, y, yBar) => (2 * yBar) * a.Transpose()),
                    RuleGen.PointLike(Mat.Zeros(2, 3)), o),
                RuleCheckKind.Structure),
            NoisyPullback(),
            AccumulatingPullback(),
            Scalar("sin.affinePullback", "pullback with a constant term: ȳ cos x + 10⁻³",
                Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => (yBar * Math.Cos(x)) + 1e-3, (x, y, dx) => Math.Cos(x) * dx),
                RuleCheckKind.PullbackOfZero),
            Scalar("cos.pullbackNotHomogeneous", "pullback −ȳ|ȳ| sin x (quadratic in ȳ)",
                Diff.Create<double, double>("cos", Math.Cos, (x, y, yBar) => -yBar * Math.Abs(yBar) * Math.Sin(x), (x, y, dx) => -Math.Sin(x) * dx),
                RuleCheckKind.PullbackHomogeneity),
            OnVec("norm.wrongScale", "pullback ȳ·x/‖x‖² instead of ȳ·x/‖x‖",
                Diff.Create<Vec, double>("norm", v => v.Norm(), (v, y, yBar) => (yBar / (y * y)) * v, (v, y, dv) => Vec.Dot(v, dv) / y),
                RuleCheckKind.Adjoint),
            OnVec("softmax.missingCrossTerm", "pullback y ⊙ ȳ without the − y⟨y, ȳ⟩ term",
                Diff.Create<Vec, Vec>("softmax", Softmax, (v, y, yBar) => Vec.Hadamard(y, yBar),
                    (v, y, dv) => Vec.Hadamard(y, dv - Vec.Fill(v.Length, Vec.Dot(y, dv)))),
                RuleCheckKind.Adjoint, minLength: 2),
            Scalar("cube.pullbackOnly", "no pushforward; pullback 2x²ȳ instead of 3x²ȳ",
                Diff.Create<double, double>("cube", x => x * x * x, (x, y, yBar) => 2 * x * x * yBar),
                RuleCheckKind.PullbackVsFiniteDifferences),
            DriftingForward(),
            Scalar("exp.affinePushforward", "pushforward with a constant term: y ẋ + 10⁻³",
                Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => yBar * y, (x, y, dx) => (y * dx) + 1e-3),
                RuleCheckKind.PushforwardOfZero),
            Scalar("hypot.nanForNegative", "pullback through √x: NaN for x < 0",
                Diff.Create<double, double>("hypot1", x => Math.Sqrt((x * x) + 1), (x, y, yBar) => yBar * Math.Sqrt(x) * Math.Sqrt(x) / y, (x, y, dx) => x / y * dx),
                RuleCheckKind.NonFinite),
            Scalar("ksin.tinyFivePercent", "10⁻⁶·sin x with both modes 5 % too large (derivatives below the old absolute tolerance)",
                Diff.Create<double, double>("ksin", x => 1e-6 * Math.Sin(x), (x, y, yBar) => yBar * 1e-6 * 1.05 * Math.Cos(x), (x, y, dx) => 1e-6 * 1.05 * Math.Cos(x) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("kexp.tinyPullbackOnly", "10⁻⁹·eˣ, no pushforward, pullback 5 % too large",
                Diff.Create<double, double>("kexp", x => 1e-9 * Math.Exp(x), (x, y, yBar) => 1.05 * yBar * y),
                RuleCheckKind.PullbackVsFiniteDifferences),
            OnVec("ksin.vecTinyFivePercent", "elementwise 10⁻⁸·sin with both modes 5 % too large",
                Diff.Create<Vec, Vec>("ksin", v => v.Map(t => 1e-8 * Math.Sin(t)),
                    (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * 1.05e-8 * Math.Cos(v[i])),
                    (v, y, dv) => Vec.Generate(v.Length, i => 1.05e-8 * Math.Cos(v[i]) * dv[i])),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("ktanh.picoScaleFivePercent", "10⁻¹²·tanh x with both modes 5 % too small",
                Diff.Create<double, double>("ktanh", x => 1e-12 * Math.Tanh(x), (x, y, yBar) => yBar * 0.95e-12 * (1 - (Math.Tanh(x) * Math.Tanh(x))), (x, y, dx) => 0.95e-12 * (1 - (Math.Tanh(x) * Math.Tanh(x))) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("sin.pullbackDoublesNegativeCotangent", "pullback 2ȳ cos x where ȳ < 0 (linear on each half-line only)",
                Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => (yBar < 0 ? 2 : 1) * yBar * Math.Cos(x), (x, y, dx) => Math.Cos(x) * dx),
                RuleCheckKind.PullbackHomogeneity),
            OnVec("tanh.pullbackClipsCotangent", "pullback clips ȳ to [−10, 10] (gradient clipping inside the rule)",
                Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
                    (v, y, yBar) => Vec.Generate(v.Length, i => Math.Clamp(yBar[i], -10, 10) * (1 - (y[i] * y[i]))),
                    (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i])),
                RuleCheckKind.PullbackHomogeneity),
            OnVec("exp.pullbackDeadZone", "pullback zeroes cotangent entries below 10⁻² in size (a sparsifying threshold)",
                Diff.Create<Vec, Vec>("exp", v => v.Map(Math.Exp),
                    (v, y, yBar) => Vec.Generate(v.Length, i => Math.Abs(yBar[i]) < 1e-2 ? 0 : yBar[i] * y[i]),
                    (v, y, dv) => Vec.Generate(v.Length, i => y[i] * dv[i])),
                RuleCheckKind.PullbackHomogeneity),
            Scalar("cos.pushforwardOfMagnitude", "pushforward −sin x·|ẋ| (the sign of ẋ lost)",
                Diff.Create<double, double>("cos", Math.Cos, (x, y, yBar) => -yBar * Math.Sin(x), (x, y, dx) => -Math.Sin(x) * Math.Abs(dx)),
                RuleCheckKind.PushforwardHomogeneity),
            SharedScratchPullback(),
            SharedScratchPushforward(),
            SharedListScratch(),
            new("prod3.wrongCrossEntry", "(v₀v₁, v₁, v₂) with ∂f₀/∂v₁ = v₁ instead of v₀ in both modes (Jacobian entry (0, 1) wrong)",
                o => RuleCheck.Check(
                    Diff.Create<Vec, Vec>("prod3", v => Vec.Of(v[0] * v[1], v[1], v[2]),
                        (v, y, yBar) => Vec.Of(yBar[0] * v[1], (yBar[0] * v[1]) + yBar[1], yBar[2]),
                        (v, y, dv) => Vec.Of((v[1] * dv[0]) + (v[1] * dv[1]), dv[1], dv[2])),

                    // A rule of 3-vectors: checked at length 3 (at other lengths its results are misshapen, a flaw of another kind).
                    RuleGen.Vec(3), o),
                RuleCheckKind.JacobianEntry),
            new("pair.swappedPartials", "a² + 3b with the partials swapped in both modes (3 for ∂/∂a, 2a for ∂/∂b)",
                o => RuleCheck.Check(
                    Diff.Create<(double A, double B), double>("pair", ab => (ab.A * ab.A) + (3 * ab.B),
                        (ab, y, yBar) => (3 * yBar, 2 * ab.A * yBar),
                        (ab, y, d) => (3 * d.A) + (2 * ab.A * d.B)),
                    RuleGen.PointLike((0.0, 0.0)), o),
                RuleCheckKind.JacobianEntry),
            SharedPullbackBuffer(),
            SharedPushforwardBuffer(),
            SharedForwardBuffer(),
            MutatesCotangent(),
            MutatesTangent(),
            MutatesInput(),

            // Coverage: wrong only at large magnitudes, long vectors, overflow, next to a domain's end or a kink.
            Scalar("softsign.zeroBeyondFive", "softsign x/(1 + |x|) whose derivative is taken as 0 (\"saturated\") for |x| > 5",
                Diff.Create<double, double>("softsign", x => x / (1 + Math.Abs(x)),
                    (x, y, yBar) => Math.Abs(x) > 5 ? 0 : yBar / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))),
                    (x, y, dx) => Math.Abs(x) > 5 ? 0 : dx / ((1 + Math.Abs(x)) * (1 + Math.Abs(x)))),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("cube.clampedBeyondHundred", "x³/3 whose derivative squares x clamped to [−100, 100] (an overflow guard copied from elsewhere)",
                Diff.Create<double, double>("cube3", x => x * x * x / 3,
                    (x, y, yBar) => yBar * Math.Clamp(x, -100, 100) * Math.Clamp(x, -100, 100),
                    (x, y, dx) => Math.Clamp(x, -100, 100) * Math.Clamp(x, -100, 100) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            new("softmax.crossTermOverFirstEight", "softmax pullback y ⊙ (ȳ − ⟨y, ȳ⟩) with ⟨y, ȳ⟩ summed over the first 8 entries only (an unrolled block)",
                o => RuleCheck.Check(
                    Diff.Create<Vec, Vec>("softmax", Softmax,
                        (v, y, yBar) => Vec.Hadamard(y, yBar - Vec.Fill(v.Length, FirstEight(y, yBar))),
                        (v, y, dv) => Vec.Hadamard(y, dv - Vec.Fill(v.Length, Vec.Dot(y, dv)))),
                    RuleGen.Vec(), o),
                RuleCheckKind.Adjoint),
            new("exp.pullbackBufferOfSixteen", "elementwise exp whose pullback fills a 16-entry block and leaves later entries 0",
                o => RuleCheck.Check(
                    Diff.Create<Vec, Vec>("exp", v => v.Map(Math.Exp),
                        (v, y, yBar) => Vec.Generate(v.Length, i => i < 16 ? yBar[i] * y[i] : 0),
                        (v, y, dv) => Vec.Generate(v.Length, i => y[i] * dv[i])),
                    RuleGen.Vec(), o),
                RuleCheckKind.Adjoint),
            Scalar("softplus.pullbackOverflows", "softplus computed stably, pullback ȳ·eˣ/(1 + eˣ): ∞/∞ = NaN for x > 709.78 where the derivative is 1",
                Diff.Create<double, double>("softplus", x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))),
                    (x, y, yBar) => yBar * Math.Exp(x) / (1 + Math.Exp(x)),
                    (x, y, dx) => Sigmoid(x) * dx),
                RuleCheckKind.NonFinite),
            new("log.clampedNearZero", "log with its domain declared (Diff.Create(…, Domain.Positive)), derivative 1/max(x, 10⁻³) (a clamp \"for stability\"): wrong only next to the domain's end",
                o => RuleCheck.Check(
                    Diff.Create<double, double>("log", Math.Log, (x, y, yBar) => yBar / Math.Max(x, 1e-3), (x, y, dx) => dx / Math.Max(x, 1e-3), Domain.Positive),
                    0.0, o),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("signedSquare.flatNextToKink", "(x − 1)·|x − 1| whose derivative 2|x − 1| is taken as 0 within 10⁻² of the kink at 1",
                Diff.Create<double, double>("signedSquare", x => (x - 1) * Math.Abs(x - 1),
                    (x, y, yBar) => Math.Abs(x - 1) < 1e-2 ? 0 : 2 * Math.Abs(x - 1) * yBar,
                    (x, y, dx) => Math.Abs(x - 1) < 1e-2 ? 0 : 2 * Math.Abs(x - 1) * dx, Domain.All.Excluding(1)),
                RuleCheckKind.PushforwardVsFiniteDifferences, Domain.All.Excluding(1)),
            Scalar("katan.teraScaleFivePercent", "10¹²·atan x with both modes 5 % too large",
                Diff.Create<double, double>("katan", x => 1e12 * Math.Atan(x), (x, y, yBar) => yBar * 1.05e12 / (1 + (x * x)), (x, y, dx) => 1.05e12 / (1 + (x * x)) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),

            // The detection floor: both modes off alike (adjoint and linearity hold), by less than the default
            // finite-difference tolerance of 10⁻⁶; only the converged verdict can tell.
            Scalar("sin.bothOffByTenToTheMinusEight", "both modes (1 + 10⁻⁸)·cos x",
                Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => yBar * (1 + 1e-8) * Math.Cos(x), (x, y, dx) => (1 + 1e-8) * Math.Cos(x) * dx),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("exp.pullbackOnlyOffByTenToTheMinusEight", "no pushforward, pullback (1 − 10⁻⁸)·eˣ",
                Diff.Create<double, double>("exp", Math.Exp, (x, y, yBar) => (1 - 1e-8) * y * yBar),
                RuleCheckKind.PullbackVsFiniteDifferences, Domain.Interval(-30, 30)),
            OnVec("tanh.bothOffByTenToTheMinusSeven", "elementwise tanh with both modes (1 + 10⁻⁷)·(1 − y²)",
                Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
                    (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (1 + 1e-7) * (1 - (y[i] * y[i]))),
                    (v, y, dv) => Vec.Generate(v.Length, i => (1 + 1e-7) * (1 - (y[i] * y[i])) * dv[i])),
                RuleCheckKind.PushforwardVsFiniteDifferences),
            Scalar("sin.floatPrecision", "both modes computed in float: (float)cos x · (float)ẋ",
                Diff.Create<double, double>("sin", Math.Sin, (x, y, yBar) => (float)yBar * (float)Math.Cos(x), (x, y, dx) => (float)Math.Cos(x) * (float)dx)),
            OnVec("softplus.floatPrecision", "elementwise softplus whose derivative σ(x) is computed in float",
                Diff.Create<Vec, Vec>("softplus", v => v.Map(t => Math.Max(t, 0) + Math.Log(1 + Math.Exp(-Math.Abs(t)))),
                    (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * (float)Sigmoid(v[i])),
                    (v, y, dv) => Vec.Generate(v.Length, i => (float)Sigmoid(v[i]) * dv[i]))),
        };

        return rules;
    }

    /// <summary>The forward saves its input in a captured variable that the pullback reads: a later forward pass (anywhere) changes earlier pullbacks.</summary>
    private static WrongRule StaleResidual()
    {
        var last = new StrongBox<double>(0);
        var rule = Diff.Create<double, double>("sigmoid",
            x =>
            {
                last.Value = x;
                return Sigmoid(x);
            },
            (x, y, yBar) => yBar * Sigmoid(last.Value) * (1 - Sigmoid(last.Value)),
            (x, y, dx) => y * (1 - y) * dx);
        return Scalar("sigmoid.staleResidual", "the pullback reads the input of the latest forward pass from a captured variable", rule, RuleCheckKind.Determinism);
    }

    /// <summary>The writable storage behind a Vec, as a rule can reach it (Vec is immutable only to the public API).</summary>
    private static Span<double> Storage(Vec v) => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(v.AsSpan()), v.Length);

    /// <summary>A Vec of length n kept across calls in <paramref name="box"/>, the one buffer a "fast" rule hands out.</summary>
    private static Vec Shared(StrongBox<Vec?> box, int n) => box.Value is { } v && v.Length == n ? v : box.Value = Vec.Zeros(n);

    /// <summary>The pullback writes into one buffer and returns it on every call: an earlier cotangent takes the later one's values.</summary>
    private static WrongRule SharedPullbackBuffer()
    {
        var box = new StrongBox<Vec?>();
        var rule = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) =>
            {
                var result = Shared(box, v.Length);
                var span = Storage(result);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] = yBar[i] * (1 - (y[i] * y[i]));
                }

                return result;
            },
            (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));
        return OnVec("tanh.sharedPullbackBuffer", "pullback returns the same Vec, overwritten, on every call", rule, RuleCheckKind.Aliasing);
    }

    /// <summary>The pushforward writes into one buffer and returns it on every call.</summary>
    private static WrongRule SharedPushforwardBuffer()
    {
        var box = new StrongBox<Vec?>();
        var rule = Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * Math.Cos(v[i])),
            (v, y, dv) =>
            {
                var result = Shared(box, v.Length);
                var span = Storage(result);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] = Math.Cos(v[i]) * dv[i];
                }

                return result;
            });
        return OnVec("sin.sharedPushforwardBuffer", "pushforward returns the same Vec, overwritten, on every call", rule, RuleCheckKind.Aliasing);
    }

    /// <summary>The forward pass writes into one buffer and returns it: an earlier f(x) takes the values of f at later points.</summary>
    private static WrongRule SharedForwardBuffer()
    {
        var box = new StrongBox<Vec?>();
        var rule = Diff.Create<Vec, Vec>("exp",
            v =>
            {
                var result = Shared(box, v.Length);
                var span = Storage(result);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] = Math.Exp(v[i]);
                }

                return result;
            },
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * Math.Exp(v[i])),
            (v, y, dv) => Vec.Generate(v.Length, i => Math.Exp(v[i]) * dv[i]));
        return OnVec("exp.sharedForwardBuffer", "forward returns the same Vec, overwritten, on every call", rule, RuleCheckKind.Aliasing);
    }

    /// <summary>The pullback computes in place in ȳ's storage and returns a copy: right values, the caller's ȳ destroyed.</summary>
    private static WrongRule MutatesCotangent()
    {
        var rule = Diff.Create<Vec, Vec>("square", v => Vec.Hadamard(v, v),
            (v, y, yBar) =>
            {
                var span = Storage(yBar);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] *= 2 * v[i];
                }

                return Vec.Create(span);
            },
            (v, y, dv) => Vec.Generate(v.Length, i => 2 * v[i] * dv[i]));
        return OnVec("square.mutatesCotangent", "pullback scales ȳ in place (through MemoryMarshal) and returns a copy", rule, RuleCheckKind.Mutation);
    }

    /// <summary>The pushforward computes in place in ẋ's storage and returns a copy.</summary>
    private static WrongRule MutatesTangent()
    {
        var rule = Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * Math.Cos(v[i])),
            (v, y, dv) =>
            {
                var span = Storage(dv);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] *= Math.Cos(v[i]);
                }

                return Vec.Create(span);
            });
        return OnVec("sin.mutatesTangent", "pushforward scales ẋ in place and returns a copy", rule, RuleCheckKind.Mutation);
    }

    /// <summary>The pullback clamps its saved input in place, which is the caller's x.</summary>
    private static WrongRule MutatesInput()
    {
        var rule = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) =>
            {
                var span = Storage(v);
                for (var i = 0; i < v.Length; i++)
                {
                    span[i] = Math.Clamp(span[i], -0.5, 0.5);
                }

                return Vec.Generate(v.Length, i => yBar[i] * (1 - (y[i] * y[i])));
            },
            (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));
        return OnVec("tanh.mutatesInput", "pullback clamps the caller's x in place", rule, RuleCheckKind.Mutation);
    }

    /// <summary>The pullback fills a scratch array shared by all calls, yields, then copies it out: right serially, mixed between threads.</summary>
    private static WrongRule SharedScratchPullback()
    {
        var scratch = new double[64];
        var rule = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) =>
            {
                for (var i = 0; i < v.Length; i++)
                {
                    scratch[i] = yBar[i] * (1 - (y[i] * y[i]));
                }

                Thread.Yield();
                return Vec.Create(scratch.AsSpan(0, v.Length));
            },
            (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));
        return OnVec("tanh.sharedScratchPullback", "pullback computes in a scratch array shared by all calls (a data race under threads)", rule, RuleCheckKind.Concurrency);
    }

    /// <summary>The pushforward's scratch array is shared by all calls.</summary>
    private static WrongRule SharedScratchPushforward()
    {
        var scratch = new double[64];
        var rule = Diff.Create<Vec, Vec>("sin", v => v.Map(Math.Sin),
            (v, y, yBar) => Vec.Generate(v.Length, i => yBar[i] * Math.Cos(v[i])),
            (v, y, dv) =>
            {
                for (var i = 0; i < v.Length; i++)
                {
                    scratch[i] = Math.Cos(v[i]) * dv[i];
                }

                Thread.Yield();
                return Vec.Create(scratch.AsSpan(0, v.Length));
            });
        return OnVec("sin.sharedScratchPushforward", "pushforward computes in a scratch array shared by all calls", rule, RuleCheckKind.Concurrency);
    }

    /// <summary>The pullback gathers terms in a List shared by all calls: threads clear and extend it under each other.</summary>
    private static WrongRule SharedListScratch()
    {
        var terms = new List<double>();
        var rule = Diff.Create<double, double>("softplus", x => Math.Log(1 + Math.Exp(x)),
            (x, y, yBar) =>
            {
                terms.Clear();
                terms.Add(yBar);
                Thread.Yield();
                terms.Add(Sigmoid(x));
                return terms[0] * terms[1];
            },
            (x, y, dx) => Sigmoid(x) * dx);
        return Scalar("softplus.sharedListScratch", "pullback keeps its terms in a List shared by all calls", rule, RuleCheckKind.Concurrency);
    }

    /// <summary>The pullback adds rounding-level noise from a shared random source.</summary>
    private static WrongRule NoisyPullback()
    {
        var random = new Random(42);
        var rule = Diff.Create<double, double>("sin", Math.Sin,
            (x, y, yBar) => yBar * Math.Cos(x) * (1 + (1e-13 * random.NextDouble())),
            (x, y, dx) => Math.Cos(x) * dx);
        return Scalar("sin.noisyPullback", "pullback multiplied by 1 + 10⁻¹³·noise", rule, RuleCheckKind.Determinism);
    }

    /// <summary>The pullback accumulates into a buffer it reuses across calls instead of a fresh one.</summary>
    private static WrongRule AccumulatingPullback()
    {
        var buffer = new double[16];
        var rule = Diff.Create<Vec, Vec>("tanh", v => v.Map(Math.Tanh),
            (v, y, yBar) =>
            {
                for (var i = 0; i < v.Length; i++)
                {
                    buffer[i] += yBar[i] * (1 - (y[i] * y[i]));
                }

                return Vec.Create(buffer.AsSpan(0, v.Length));
            },
            (v, y, dv) => Vec.Generate(v.Length, i => (1 - (y[i] * y[i])) * dv[i]));
        return OnVec("tanh.accumulatingBuffer", "pullback accumulates into a buffer shared across calls", rule, RuleCheckKind.Determinism);
    }

    /// <summary>The forward pass drifts by a rounding-level amount on every call.</summary>
    private static WrongRule DriftingForward()
    {
        var calls = new StrongBox<long>(0);
        var rule = Diff.Create<double, double>("exp",
            x => Math.Exp(x) * (1 + (1e-12 * Interlocked.Increment(ref calls.Value))),
            (x, y, yBar) => yBar * y,
            (x, y, dx) => y * dx);
        return Scalar("exp.driftingForward", "forward pass returns a slightly different value on every call", rule, RuleCheckKind.Primal);
    }
}
