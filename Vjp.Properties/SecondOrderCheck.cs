using System.Globalization;
using System.Text;
using CsCheck;

namespace Vjp.Properties;

/// <summary>
/// Second-order checks of a scalar function <c>f : X → ℝ</c>, for rules that claim to be twice
/// differentiable: at generated points x with random directions u, v,
/// <list type="number">
/// <item><description><b>symmetry</b>: the Hessian is symmetric, <c>⟨u, H v⟩ = ⟨v, H u⟩</c>, with <c>H v</c> by forward over reverse;</description></item>
/// <item><description><b>HVP vs finite differences</b>: <c>H v</c> equals Richardson-extrapolated central differences of the gradient along v;</description></item>
/// <item><description><b>reverse over reverse vs forward over reverse</b>: the pullback of the gradient function, <c>Hᵀu</c>, equals its pushforward <c>H u</c>.</description></item>
/// </list>
/// </summary>
/// <remarks>Every report prints the seed; passing it back as <see cref="RuleCheckOptions.Seed"/> replays the run.</remarks>
public static partial class SecondOrderCheck
{
    /// <summary>Runs the second-order checks and returns the result.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function built from twice-differentiable rules.</param>
    /// <param name="inputs">The points to check at.</param>
    /// <param name="options">Samples, seed and finite-difference tolerance; <see cref="RuleCheckOptions.Samples"/> defaults to 100.</param>
    /// <returns>The result, with a readable report.</returns>
    /// <exception cref="Vjp.Functional.NotTwiceDifferentiableException">When a rule inside has no differentiable pullback.</exception>
    public static SecondOrderResult Check<TIn>(Diff<TIn, double> f, Gen<TIn> inputs, RuleCheckOptions? options = null) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? new RuleCheckOptions();
        var pcg = Checks.Seeds.For(o.Seed, "second order: " + f.Name);
        var seed = pcg.ToString();
        var gradient = Diff.Gradient(f);
        var space = VectorSpace<TIn>.Instance;
        var failures = new List<string>();
        var checkedCount = 0;
        for (var i = 0; i < o.Samples && failures.Count == 0; i++)
        {
            var x = inputs.Generate(pcg, null, out _);
            var u = RuleGen.TangentLike(x).Generate(pcg, null, out _);
            var v = RuleGen.TangentLike(x).Generate(pcg, null, out _);
            var hv = gradient.Jvp(x, v);
            var hu = gradient.Jvp(x, u);
            if (!AllFinite(space, hv) || !AllFinite(space, hu))
            {
                continue;
            }

            checkedCount++;
            var at = $"x = {space.Shape(x)} {Show(space, x)}, u = {Show(space, u)}, v = {Show(space, v)}";

            // 1. Symmetry of the Hessian.
            double uhv = space.Inner(u, hv), vhu = space.Inner(v, hu);
            var scale = (space.Norm(u) * space.Norm(hv)) + (space.Norm(v) * space.Norm(hu)) + 1e-300;
            if (Math.Abs(uhv - vhu) > 1e-9 * scale)
            {
                failures.Add($"Hessian not symmetric: ⟨u, Hv⟩ = {uhv:G10}, ⟨v, Hu⟩ = {vhu:G10} at {at}");
            }

            // 2. HVP against finite differences of the gradient.
            var fd = FiniteDifferences.Jvp(gradient.Invoke, x, v, f.Domain);
            if (fd.Error <= 1e-4 * (1 + space.Norm(fd.Value)))
            {
                var diff = space.Norm(space.Subtract(fd.Value, hv));
                var tol = o.FiniteDifferenceTolerance.Bound(space.Norm(fd.Value)) + (4 * fd.Error);
                if (diff > tol)
                {
                    failures.Add($"HVP against finite differences of the gradient: ‖FD − Hv‖ = {diff:G4} > tolerance {tol:G3}; FD = {Show(space, fd.Value)}, Hv = {Show(space, hv)} at {at}");
                }
            }

            // 3. Reverse over reverse (pullback of the gradient) against forward over reverse.
            var reverse = gradient.Vjp(x, u);
            var gap = space.Norm(space.Subtract(reverse, hu));
            if (gap > 1e-9 * (1 + space.Norm(hu)))
            {
                failures.Add($"gradient of gradient against pushforward of gradient: ‖Hᵀu − Hu‖ = {gap:G4}; Hᵀu = {Show(space, reverse)}, Hu = {Show(space, hu)} at {at}");
            }
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Second-order check {(failures.Count == 0 && checkedCount > 0 ? "passed" : "failed")}: {f.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"  samples    {checkedCount} (symmetry, HVP vs finite differences, reverse over reverse vs forward over reverse)")
            .AppendLine(CultureInfo.InvariantCulture, $"  seed       {seed}  (as RuleCheckOptions.Seed, replays this run)");
        foreach (var failure in failures)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  failure    {failure}");
        }

        if (checkedCount == 0)
        {
            report.AppendLine("  failure    no sample gave finite second derivatives");
        }

        return new SecondOrderResult(failures.Count == 0 && checkedCount > 0, f.Name, seed, checkedCount, failures, report.ToString());
    }

    /// <summary>Runs the second-order checks and throws <see cref="RuleCheckException"/> with the report when one fails.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function built from twice-differentiable rules.</param>
    /// <param name="inputs">The points to check at.</param>
    /// <param name="options">Samples, seed and tolerances.</param>
    /// <exception cref="RuleCheckException">When a check fails.</exception>
    public static void Verify<TIn>(Diff<TIn, double> f, Gen<TIn> inputs, RuleCheckOptions? options = null) where TIn : notnull
    {
        var result = Check(f, inputs, options);
        if (!result.Passed)
        {
            throw new RuleCheckException(result.Report);
        }
    }

    private static bool AllFinite<T>(VectorSpace<T> space, T x) where T : notnull => space.ToArray(x).All(double.IsFinite);

    private static string Show<T>(VectorSpace<T> space, T x) where T : notnull
    {
        var a = space.ToArray(x);
        var shown = string.Join(", ", a.Take(6).Select(d => d.ToString("G6", CultureInfo.InvariantCulture)));
        return a.Length > 6 ? $"[{shown}, …]" : $"[{shown}]";
    }
}

/// <summary>The outcome of <see cref="SecondOrderCheck.Check{TIn}"/>.</summary>
/// <param name="Passed">Whether every check held at every sample (and at least one sample was checked).</param>
/// <param name="Rule">The function's name.</param>
/// <param name="Seed">The seed that replays the run.</param>
/// <param name="SamplesChecked">How many samples were checked.</param>
/// <param name="Failures">What failed, with the point and directions.</param>
/// <param name="Report">A readable report.</param>
public sealed record SecondOrderResult(bool Passed, string Rule, string Seed, int SamplesChecked, IReadOnlyList<string> Failures, string Report);
