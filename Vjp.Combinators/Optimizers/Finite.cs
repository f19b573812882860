using Vjp.Functional;

namespace Vjp.Combinators;

/// <summary>Finiteness checks shared by the optimizers: free (one inner product) unless a value is not finite.</summary>
internal static class Finite
{
    /// <summary>Whether every coordinate of <paramref name="x"/> is finite; the norm decides unless it is not finite (NaN, ∞, or an overflow of huge finite entries).</summary>
    public static bool All<P>(P x) where P : notnull
    {
        var space = VectorSpace<P>.Instance;
        return double.IsFinite(space.Norm(x)) || space.ToArray(x).All(double.IsFinite);
    }

    /// <summary>"NaN" or "infinite", with the first offending coordinate.</summary>
    public static string Describe<P>(P x) where P : notnull
    {
        var flat = VectorSpace<P>.Instance.ToArray(x);
        var i = Array.FindIndex(flat, v => !double.IsFinite(v));
        return i < 0 ? "finite" : FormattableString.Invariant($"{(double.IsNaN(flat[i]) ? "NaN" : "infinite")} (coordinate {i} of {flat.Length} is {flat[i]})");
    }

    /// <summary>A hyper-parameter that must be positive and finite.</summary>
    public static double Positive(double value, string name, string what) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{what} must be positive and finite.");

    /// <summary>A hyper-parameter in [0, 1) (NaN is not).</summary>
    public static double Decay(double value, string name, string what) =>
        value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{what} must lie in [0, 1).");

    /// <summary>Throws <see cref="NonFiniteException"/> when the parameters a step produced are not finite.</summary>
    public static P Checked<P>(P parameters, P from, P gradient, IOptimizer optimizer, int step) where P : notnull =>
        All(parameters) ? parameters
        : throw new NonFiniteException(optimizer.ToString()!, step, "parameters",
            $"the step produced parameters that are {Describe(parameters)}, from parameters that are {(All(from) ? "finite" : Describe(from))} and a gradient that is {(All(gradient) ? "finite" : Describe(gradient))}");
}
