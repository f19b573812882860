using CsCheck;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>
/// One row of the primitive table: a differentiable function, a generator of points on its valid
/// input range, the plain (independently computed) function it must agree with, and how far a point
/// may move before it leaves the range (so finite differences never step over a kink or an edge).
/// </summary>
/// <param name="Name">The row's name, shown by the test runner.</param>
/// <param name="F">The function under test.</param>
/// <param name="Points">Points inside the function's valid range.</param>
/// <param name="Plain">The plain function, computed without the engine.</param>
/// <param name="Room">Given the flat point, the largest coordinate move that stays inside the range.</param>
internal sealed record PrimitiveCase(string Name, IDiff F, Gen<object> Points, Func<object, object> Plain, Func<double[], double> Room)
{
    /// <summary>Tolerance of the forward value against the plain function (relative to max(1, |y|)).</summary>
    public double ForwardTolerance { get; init; } = 1e-12;

    /// <summary>Tolerance of the pushforward against finite differences (relative to max(1, |ẏ|)).</summary>
    public double DerivativeTolerance { get; init; } = 1e-6;

    public override string ToString() => Name;
}
