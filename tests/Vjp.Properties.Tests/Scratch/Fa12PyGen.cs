using System.Globalization;
using Vjp.Combinators;
using Vjp.Properties.Tests.Fuzzing;
using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;

namespace Vjp.Properties.Tests.Scratch;

/// <summary>
/// SCRATCH (helper fa12): <see cref="PipelineGen"/> mirrored draw for draw, so that a pipeline seed gives the same
/// pipeline together with a Python (mpmath) expression of it, with every constant printed exactly (round-trip "R").
/// Used only to compute the true J·ẋ of the soak's false alarms at high precision.
/// </summary>
internal static class Fa12PyGen
{
    private delegate (Diff<Vec, Vec>, string) Unary((Diff<Vec, Vec> D, string P) e, int n);

    private delegate (Diff<Vec, Vec>, string) Binary((Diff<Vec, Vec> D, string P) a, (Diff<Vec, Vec> D, string P) b, int n);

    private static string L(string body, string arg) => $"(lambda e: {body})({arg})";

    private static readonly Unary[] Unaries =
    [
        (e, n) => (Sin(e.D), $"vmap(mp.sin,{e.P})"),
        (e, n) => (Cos(e.D), $"vmap(mp.cos,{e.P})"),
        (e, n) => (Tanh(e.D), $"vmap(mp.tanh,{e.P})"),
        (e, n) => (Sigmoid(e.D), $"vmap(sig,{e.P})"),
        (e, n) => (Softplus(e.D), $"vmap(softplus,{e.P})"),
        (e, n) => (Erf(e.D), $"vmap(mp.erf,{e.P})"),
        (e, n) => (NormalCdf(e.D), $"vmap(ncdf,{e.P})"),
        (e, n) => (Square(Tanh(e.D)), $"vmap(lambda t: mp.tanh(t)**2,{e.P})"),
        (e, n) => (-e.D, $"vmap(lambda t: -t,{e.P})"),
        (e, n) => (Abs(e.D), $"vmap(abs,{e.P})"),
        (e, n) => (Relu(e.D), $"vmap(lambda t: max(t,0),{e.P})"),
        (e, n) => (Exp(Tanh(e.D)), $"vmap(lambda t: mp.exp(mp.tanh(t)),{e.P})"),
        (e, n) => (Log(Square(e.D) + Vec.Ones(n)), $"vmap(lambda t: mp.log(t*t+1),{e.P})"),
        (e, n) => (Sqrt(Square(e.D) + Vec.Ones(n)), $"vmap(lambda t: mp.sqrt(t*t+1),{e.P})"),
        (e, n) => (Log1p(Sigmoid(e.D)), $"vmap(lambda t: mp.log1p(sig(t)),{e.P})"),
        (e, n) => (Expm1(Tanh(e.D)), $"vmap(lambda t: mp.expm1(mp.tanh(t)),{e.P})"),
        (e, n) => (Tan(Tanh(e.D)), $"vmap(lambda t: mp.tan(mp.tanh(t)),{e.P})"),
        (e, n) => (e.D.Then(V.Sin).Then(V.Tanh), $"vmap(lambda t: mp.tanh(mp.sin(t)),{e.P})"),
        (e, n) => (0.5 * e.D, $"vmap(lambda t: t/2,{e.P})"),
        (e, n) => (e.D / 3.0, $"vmap(lambda t: t/3,{e.P})"),
        (e, n) => (e.D.Named("block"), e.P),
        (e, n) => (Diff.Vector([.. Enumerable.Range(0, n).Select(i => Sin(e.D[i]) * e.D[(i + 1) % n])]), L($"[mp.sin(e[i])*e[(i+1)%{n}] for i in range({n})]", e.P)),
        (e, n) => (Slice(Diff.Concat(e.D, Cos(e.D)), n / 2, n), L($"(e+[mp.cos(t) for t in e])[{n / 2}:{n / 2 + n}]", e.P)),
        (e, n) => (Diff.Fanout(e.D, Sigmoid(e.D)).Then(V.Hadamard), $"vmap(lambda t: t*sig(t),{e.P})"),
        (e, n) => (Pow(Sigmoid(Sum(e.D)) + 0.5, 1.5) * e.D, L("[(sig(mp.fsum(e))+0.5)**1.5*t for t in e]", e.P)),
        (e, n) => (Norm(e.D) * Tanh(e.D), L("[mp.sqrt(mp.fsum(t*t for t in e))*mp.tanh(t) for t in e]", e.P)),
        (e, n) => (Layers.Silu(e.D), $"vmap(lambda t: t*sig(t),{e.P})"),
        (e, n) => (Layers.Gelu(e.D), $"vmap(lambda t: t*ncdf(t),{e.P})"),
        (e, n) => (Layers.Softmax(e.D), L("[mp.exp(t)/mp.fsum(mp.exp(u) for u in e) for t in e]", e.P)),
        (e, n) => (Layers.LogSumExp(e.D) * Tanh(e.D), L("[mp.log(mp.fsum(mp.exp(u) for u in e))*mp.tanh(t) for t in e]", e.P)),
        (e, n) => (Sum(e.D).Broadcast(n) * Tanh(e.D), L("[mp.fsum(e)*mp.tanh(t) for t in e]", e.P)),
        (e, n) => (e.D.Then((Tanh(0.8 * Diff.Input<Vec>()) + 0.1 * Diff.Input<Vec>()).Iterate(3)), $"it3({e.P})"),
        (e, n) => (e.D.Then(Sin(Diff.Input<Vec>() * Diff.Input<Vec>()).Checkpoint()), $"vmap(lambda t: mp.sin(t*t),{e.P})"),
        (e, n) => (e.D.Map(S.Sin.Then(S.Tanh)), $"vmap(lambda t: mp.tanh(mp.sin(t)),{e.P})"),
        (e, n) => (e.D.Zip(Cos(e.D), S.Mul.Then(S.Sin)), $"vmap(lambda t: mp.sin(t*mp.cos(t)),{e.P})"),
        (e, n) => (e.D.Then(Vjp.Combinators.Control.Cond<Vec, Vec>(v => v[0] > 0, Sin(Diff.Input<Vec>()), Sin(Diff.Input<Vec>()))), $"vmap(mp.sin,{e.P})"),
    ];

    private static readonly Binary[] Binaries =
    [
        (a, b, n) => (a.D + b.D, $"vzip(lambda s,t: s+t,{a.P},{b.P})"),
        (a, b, n) => (a.D - (0.5 * b.D), $"vzip(lambda s,t: s-t/2,{a.P},{b.P})"),
        (a, b, n) => (a.D * b.D, $"vzip(lambda s,t: s*t,{a.P},{b.P})"),
        (a, b, n) => (a.D / (Square(b.D) + Vec.Ones(n)), $"vzip(lambda s,t: s/(t*t+1),{a.P},{b.P})"),
        (a, b, n) => (Mean(a.D) * b.D, $"(lambda A,B: [mp.fsum(A)/len(A)*t for t in B])({a.P},{b.P})"),
        (a, b, n) => (Dot(a.D, b.D) * Tanh(b.D), $"(lambda A,B: [mp.fsum(s*t for s,t in zip(A,B))*mp.tanh(t) for t in B])({a.P},{b.P})"),
        (a, b, n) => (MatVec(Outer(Tanh(a.D), b.D), Sigmoid(a.D)), $"(lambda A,B: [mp.tanh(s)*mp.fsum(t*sig(u) for t,u in zip(B,A)) for s in A])({a.P},{b.P})"),
        (a, b, n) => (MatVec(Transpose(Outer(a.D, Sin(b.D))), Cos(b.D)), $"(lambda A,B: [mp.sin(t)*mp.fsum(s*mp.cos(u) for s,u in zip(A,B)) for t in B])({a.P},{b.P})"),
        (a, b, n) => (Diff.Fanout(a.D, Tanh(b.D)).Then(V.Sub), $"vzip(lambda s,t: s-mp.tanh(t),{a.P},{b.P})"),
    ];

    public static Gen<(Pipeline Pipeline, string Python)> Pipelines { get; } =
        from n in Gen.Int[1, 4]
        from depth in Gen.Int[1, 8]
        from body in Expr(n, depth)
        from scalar in Gen.Bool
        from stream in Gen.UInt
        from state in Gen.ULong
        select (new Pipeline(n, depth, body.D, scalar, new PCG(stream, state).ToString()), scalar ? $"[mp.fsum({body.P})]" : body.P);

    private static readonly Domain Weights = Domain.Interval(-3, 3);

    public static string R(double v) => $"mp.mpf('{v.ToString("R", CultureInfo.InvariantCulture)}')";

    public static string R(Vec v) => "[" + string.Join(",", v.ToArray().Select(R)) + "]";

    private static string R(Mat m) =>
        "[" + string.Join(",", Enumerable.Range(0, m.Rows).Select(i => "[" + string.Join(",", Enumerable.Range(0, m.Cols).Select(j => R(m[i, j]))) + "]")) + "]";

    private static Gen<(Diff<Vec, Vec> D, string P)> Expr(int n, int depth)
    {
        var x = Diff.Input<Vec>();
        if (depth == 0)
        {
            return Gen.Frequency(
                (3, Gen.Const((x, "x"))),
                (1, RuleGen.Vec(n, Weights).Select(c => (x + c, $"vzip(lambda s,t: s+t,x,{R(c)})"))),
                (1, RuleGen.Vec(n, Weights).Select(c => (x * Fn.Const<Vec, Vec>(c), $"vzip(lambda s,t: s*t,x,{R(c)})"))));
        }

        var sub = Expr(n, depth - 1);
        return Gen.Frequency(
            (7, from i in Gen.Int[0, Unaries.Length - 1] from e in sub select Unaries[i](e, n)),
            (2, from i in Gen.Int[0, Binaries.Length - 1]
                from shallow in Gen.Int[0, Math.Min(2, depth - 1)]
                from a in sub
                from b in Expr(n, shallow)
                select Binaries[i](a, b, n)),
            (1, from m in RuleGen.Mat(n, n, Weights) from e in sub select ((Diff<Vec, Vec>)MatVec(Fn.Const<Vec, Mat>(m), e.D), $"matvec({R(m)},{e.P})")));
    }
}
