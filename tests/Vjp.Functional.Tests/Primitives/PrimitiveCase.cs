using CsCheck;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>
/// One row of the primitive table: a differentiable function, a generator of points on its valid
/// input range, the plain (independently computed) function it must agree with, and the domain its
/// leading flat coordinates lie in (so finite differences never step over a kink or an edge).
/// </summary>
/// <param name="Name">The row's name, shown by the test runner.</param>
/// <param name="F">The function under test.</param>
/// <param name="Points">Points inside the function's valid range.</param>
/// <param name="Plain">The plain function, computed without the engine.</param>
/// <param name="Domain">The domain of the primitive (elementwise).</param>
/// <param name="Constrained">Given a point, how many of its leading flat coordinates lie in <paramref name="Domain"/> (all, or the primal part of a form's input).</param>
internal sealed record PrimitiveCase(string Name, IDiff F, Gen<object> Points, Func<object, object> Plain, Domain Domain, Func<object, int> Constrained)
{
    /// <summary>Tolerance of the forward value against the plain function (relative to max(1, |y|)).</summary>
    public double ForwardTolerance { get; init; } = 1e-12;

    /// <summary>Tolerance of the pushforward against finite differences (relative to max(1, |ẏ|)).</summary>
    public double DerivativeTolerance { get; init; } = 1e-6;

    public override string ToString() => Name;
}
