using CsCheck;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Combinators.Tests.Structural;

/// <summary>Random smooth functions ℝ³ → ℝ³ and points, for the combinator laws.</summary>
internal static class Pool
{
    public const int N = 3;

    public static Gen<Vec> Points { get; } = Checks.Like(Vec.Zeros(N));

    private static Gen<Mat> Matrices { get; } = Gen.Double[-1, 1].Array[N * N].Select(a => Mat.Create(N, N, a));

    /// <summary>A random function from a small family of nonlinear maps with random weights.</summary>
    public static Gen<Diff<Vec, Vec>> Functions { get; } = Gen.Select(Gen.Int[0, 4], Matrices, Checks.Like(Vec.Zeros(N))).Select(Build);

    private static Diff<Vec, Vec> Build(int kind, Mat w, Vec b)
    {
        var x = Diff.Input<Vec>();
        return kind switch
        {
            0 => Sin(x),
            1 => Tanh(Fn.Const<Vec, Mat>(w) * x + b),
            2 => x * x + x,
            3 => Exp(Fn.Const<Vec, Mat>(w) * Sin(x)),
            _ => Sigmoid(x) * (Fn.Const<Vec, Mat>(w) * x),
        };
    }
}
