using Vjp.Combinators;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of random pipelines <c>Vec → Vec</c> (or <c>→ double</c>) built from the library's
/// primitives, operators, Fn functions, core combinators (Then, Fanout, Vector, Concat, Named, indexing) and
/// Vjp.Combinators' layers, loops, checkpoints, conditionals, maps and zips,
/// nested up to depth 8.
/// </summary>
public static class PipelineGen
{
    private const int MaxDepth = 8;

    private delegate Diff<Vec, Vec> Unary(Diff<Vec, Vec> e, int n);

    private delegate Diff<Vec, Vec> Binary(Diff<Vec, Vec> a, Diff<Vec, Vec> b, int n);

    private static readonly Unary[] Unaries =
    [
        (e, n) => Sin(e),
        (e, n) => Cos(e),
        (e, n) => Tanh(e),
        (e, n) => Sigmoid(e),
        (e, n) => Softplus(e),
        (e, n) => Erf(e),
        (e, n) => NormalCdf(e),
        (e, n) => Square(Tanh(e)),
        (e, n) => -e,
        (e, n) => Abs(e),
        (e, n) => Relu(e),
        (e, n) => Exp(Tanh(e)),
        (e, n) => Log(Square(e) + Vec.Ones(n)),
        (e, n) => Sqrt(Square(e) + Vec.Ones(n)),
        (e, n) => Log1p(Sigmoid(e)),
        (e, n) => Expm1(Tanh(e)),
        (e, n) => Tan(Tanh(e)),
        (e, n) => e.Then(V.Sin).Then(V.Tanh),
        (e, n) => 0.5 * e,
        (e, n) => e / 3.0,
        (e, n) => e.Named("block"),
        (e, n) => Diff.Vector([.. Enumerable.Range(0, n).Select(i => Sin(e[i]) * e[(i + 1) % n])]),
        (e, n) => Slice(Diff.Concat(e, Cos(e)), n / 2, n),
        (e, n) => Diff.Fanout(e, Sigmoid(e)).Then(V.Hadamard),
        (e, n) => Pow(Sigmoid(Sum(e)) + 0.5, 1.5) * e,
        (e, n) => Norm(e) * Tanh(e),

        // Combinators of Vjp.Combinators.
        (e, n) => Layers.Silu(e),
        (e, n) => Layers.Gelu(e),
        (e, n) => Layers.Softmax(e),
        (e, n) => Layers.LogSumExp(e) * Tanh(e),
        (e, n) => Sum(e).Broadcast(n) * Tanh(e),
        (e, n) => e.Then((Tanh(0.8 * Diff.Input<Vec>()) + 0.1 * Diff.Input<Vec>()).Iterate(3)),
        (e, n) => e.Then(Sin(Diff.Input<Vec>() * Diff.Input<Vec>()).Checkpoint()),
        (e, n) => e.Map(S.Sin.Then(S.Tanh)),
        (e, n) => e.Zip(Cos(e), S.Mul.Then(S.Sin)),
        (e, n) => e.Then(Vjp.Combinators.Control.Cond<Vec, Vec>(v => v[0] > 0, Sin(Diff.Input<Vec>()), Sin(Diff.Input<Vec>()))),
    ];

    private static readonly Binary[] Binaries =
    [
        (a, b, n) => a + b,
        (a, b, n) => a - (0.5 * b),
        (a, b, n) => a * b,
        (a, b, n) => a / (Square(b) + Vec.Ones(n)),
        (a, b, n) => Mean(a) * b,
        (a, b, n) => Dot(a, b) * Tanh(b),
        (a, b, n) => MatVec(Outer(Tanh(a), b), Sigmoid(a)),
        (a, b, n) => MatVec(Transpose(Outer(a, Sin(b))), Cos(b)),
        (a, b, n) => Diff.Fanout(a, Tanh(b)).Then(V.Sub),
    ];

    /// <summary>Pipelines on vectors of length 1 to 4, nested up to depth 8.</summary>
    public static Gen<Pipeline> Pipelines { get; } =
        from n in Gen.Int[1, 4]
        from depth in Gen.Int[1, MaxDepth]
        from body in Expr(n, depth)
        from scalar in Gen.Bool
        from stream in Gen.UInt
        from state in Gen.ULong
        select new Pipeline(n, depth, body, scalar, new PCG(stream, state).ToString());

    /// <summary>
    /// The range of the pipelines' constants (offsets, scales, matrices): a model's weights, of order 1. The
    /// pipelines' inputs come from the default draw (six decades, round numbers and edges).
    /// </summary>
    private static readonly Domain Weights = Domain.Interval(-3, 3);

    private static Gen<Diff<Vec, Vec>> Expr(int n, int depth)
    {
        var x = Diff.Input<Vec>();
        if (depth == 0)
        {
            return Gen.Frequency(
                (3, Gen.Const(x)),
                (1, RuleGen.Vec(n, Weights).Select(c => x + c)),
                (1, RuleGen.Vec(n, Weights).Select(c => x * Fn.Const<Vec, Vec>(c))));
        }

        var sub = Expr(n, depth - 1);
        return Gen.Frequency(
            (7, from i in Gen.Int[0, Unaries.Length - 1] from e in sub select Unaries[i](e, n)),
            (2, from i in Gen.Int[0, Binaries.Length - 1]
                from shallow in Gen.Int[0, Math.Min(2, depth - 1)]
                from a in sub
                from b in Expr(n, shallow)
                select Binaries[i](a, b, n)),
            (1, from m in RuleGen.Mat(n, n, Weights) from e in sub select MatVec(Fn.Const<Vec, Mat>(m), e)));
    }
}
