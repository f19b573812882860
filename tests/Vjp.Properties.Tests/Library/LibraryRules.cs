using S = Vjp.Functional.ScalarPrimitives;
using V = Vjp.Functional.VecPrimitives;
using M = Vjp.Functional.MatPrimitives;

namespace Vjp.Properties.Tests.Library;

/// <summary>One correct rule of the library with the inputs it is checked on.</summary>
public sealed record LibraryRule(string Name, Func<RuleCheckOptions, RuleCheckResult> Check)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every primitive of ScalarPrimitives, VecPrimitives and MatPrimitives, and the core's structural
/// combinators, each with a generator over its own domain (the rule's Domain applies to every coordinate).
/// </summary>
public static class LibraryRules
{
    private static readonly Gen<int> Lengths = Gen.Int[1, 5];

    private static LibraryRule Scalar(Diff<double, double> f) => new($"scalar.{f.Name}", o => RuleCheck.Check(f, 0.0, o));

    private static LibraryRule Pair(string name, Diff<(double A, double B), double> f) => new($"scalar.{name}", o => RuleCheck.Check(f, (0.0, 0.0), o));

    private static LibraryRule Elementwise(string name, Diff<Vec, Vec> f) =>
        new($"vec.{name}", o => RuleCheck.Check(f, RuleGen.Shaped(Lengths.Select(Vec.Zeros), f.Domain), o));

    private static LibraryRule VecPair<TOut>(string name, Diff<(Vec A, Vec B), TOut> f) where TOut : notnull =>
        new($"vec.{name}", o => RuleCheck.Check(f, RuleGen.Shaped(Lengths.Select(n => (Vec.Zeros(n), Vec.Zeros(n))), f.Domain), o));

    private static LibraryRule VecOf<TOut>(string name, Diff<Vec, TOut> f, int minLength = 1) where TOut : notnull =>
        new($"vec.{name}", o => RuleCheck.Check(f, RuleGen.Vec(minLength, minLength + 4, f.Domain), o));

    private static Gen<(int R, int C)> Shapes => Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4]);

    public static IReadOnlyList<LibraryRule> All { get; } =
    [
        Scalar(S.Neg), Scalar(S.Sin), Scalar(S.Cos), Scalar(S.Tan), Scalar(S.Exp), Scalar(S.Log), Scalar(S.Log1p),
        Scalar(S.Expm1), Scalar(S.Sqrt), Scalar(S.Tanh), Scalar(S.Sigmoid), Scalar(S.Softplus), Scalar(S.Abs),
        Scalar(S.Relu), Scalar(S.Erf), Scalar(S.NormalCdf), Scalar(S.NormalPdf), Scalar(S.Square), Scalar(S.Reciprocal),
        Scalar(S.PowConst(2.5)), Scalar(S.PowConst(-1.5)), Scalar(S.PowConst(3)),
        Pair("add", S.Add), Pair("sub", S.Sub), Pair("mul", S.Mul), Pair("div", S.Div), Pair("pow", S.Pow),

        Elementwise("neg", V.Neg), Elementwise("sin", V.Sin), Elementwise("cos", V.Cos), Elementwise("tan", V.Tan),
        Elementwise("exp", V.Exp), Elementwise("log", V.Log), Elementwise("log1p", V.Log1p), Elementwise("expm1", V.Expm1),
        Elementwise("sqrt", V.Sqrt), Elementwise("tanh", V.Tanh), Elementwise("sigmoid", V.Sigmoid),
        Elementwise("softplus", V.Softplus), Elementwise("abs", V.Abs), Elementwise("relu", V.Relu), Elementwise("erf", V.Erf),
        Elementwise("normcdf", V.NormalCdf), Elementwise("square", V.Square), Elementwise("lift(normpdf)", V.Lift(S.NormalPdf)),
        VecPair("add", V.Add), VecPair("sub", V.Sub), VecPair("hadamard", V.Hadamard), VecPair("div", V.Div), VecPair("dot", V.Dot),
        new("vec.scale", o => RuleCheck.Check(V.Scale, RuleGen.Shaped(Lengths.Select(n => (0.0, Vec.Zeros(n)))), o)),
        VecOf("sum", V.Sum), VecOf("mean", V.Mean), VecOf("norm", V.Norm), VecOf("index[2]", V.Index(2), minLength: 3),
        VecOf("slice[1..3]", V.Slice(1, 2), minLength: 3),

        new("mat.matvec", o => RuleCheck.Check(M.MatVec, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Vec.Zeros(s.C)))), o)),
        new("mat.matmul", o => RuleCheck.Check(M.MatMul, RuleGen.Shaped(Gen.Select(Shapes, Gen.Int[1, 4]).Select(s => (Mat.Zeros(s.Item1.R, s.Item1.C), Mat.Zeros(s.Item1.C, s.Item2)))), o)),
        new("mat.transpose", o => RuleCheck.Check(M.Transpose, RuleGen.MatUpTo(4, 4), o)),
        new("mat.add", o => RuleCheck.Check(M.Add, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Mat.Zeros(s.R, s.C)))), o)),
        new("mat.sub", o => RuleCheck.Check(M.Sub, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Mat.Zeros(s.R, s.C)))), o)),
        new("mat.scale", o => RuleCheck.Check(M.Scale, RuleGen.Shaped(Shapes.Select(s => (0.0, Mat.Zeros(s.R, s.C)))), o)),
        new("mat.outer", o => RuleCheck.Check(M.Outer, RuleGen.Shaped(Shapes.Select(s => (Vec.Zeros(s.R), Vec.Zeros(s.C)))), o)),
        new("mat.row[1]", o => RuleCheck.Check(M.Row(1), RuleGen.Shaped(Gen.Select(Gen.Int[2, 4], Gen.Int[1, 4]).Select(s => Mat.Zeros(s.Item1, s.Item2))), o)),
        new("mat.column[0]", o => RuleCheck.Check(M.Column(0), RuleGen.MatUpTo(4, 4), o)),
        new("mat.tanh", o => RuleCheck.Check(M.Elementwise(V.Tanh), RuleGen.MatUpTo(4, 4), o)),
        new("mat.sigmoid", o => RuleCheck.Check(M.Elementwise(V.Sigmoid), RuleGen.MatUpTo(4, 4), o)),
        new("mat.exp", o => RuleCheck.Check(M.Elementwise(V.Exp), RuleGen.MatUpTo(4, 4), o)),
        new("mat.hadamard", o => RuleCheck.Check(M.Hadamard, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Mat.Zeros(s.R, s.C)))), o)),
        new("mat.div", o => RuleCheck.Check(M.Div, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Mat.Zeros(s.R, s.C))), M.Div.Domain), o)),
        new("mat.sum", o => RuleCheck.Check(M.Sum, RuleGen.MatUpTo(4, 4), o)),
        new("mat.mean", o => RuleCheck.Check(M.Mean, RuleGen.MatUpTo(4, 4), o)),
        new("mat.rowSums", o => RuleCheck.Check(M.RowSums, RuleGen.MatUpTo(4, 4), o)),
        new("mat.columnSums", o => RuleCheck.Check(M.ColumnSums, RuleGen.MatUpTo(4, 4), o)),
        new("mat.addToRows", o => RuleCheck.Check(M.AddToRows, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Vec.Zeros(s.C)))), o)),
        new("mat.addToColumns", o => RuleCheck.Check(M.AddToColumns, RuleGen.Shaped(Shapes.Select(s => (Mat.Zeros(s.R, s.C), Vec.Zeros(s.R)))), o)),
        new("mat.flatten", o => RuleCheck.Check(M.Flatten, RuleGen.MatUpTo(4, 4), o)),
        new("mat.reshape[2×3]", o => RuleCheck.Check(M.Reshape(2, 3), Vec.Zeros(6), o)),
        new("mat.matmulTransposeB", o => RuleCheck.Check(M.MatMulTransposeB, RuleGen.Shaped(Gen.Select(Shapes, Gen.Int[1, 4]).Select(s => (Mat.Zeros(s.Item1.R, s.Item1.C), Mat.Zeros(s.Item2, s.Item1.C)))), o)),
        new("mat.matmulTransposeA", o => RuleCheck.Check(M.MatMulTransposeA, RuleGen.Shaped(Gen.Select(Shapes, Gen.Int[1, 4]).Select(s => (Mat.Zeros(s.Item1.R, s.Item1.C), Mat.Zeros(s.Item1.R, s.Item2)))), o)),

        new("core.id", o => RuleCheck.Check(Diff.Id<Vec>(), RuleGen.Vec(1, 5), o)),
        new("core.const", o => RuleCheck.Check(Diff.Const<Vec, double>(2.5), RuleGen.Vec(1, 5), o)),
        new("core.fst", o => RuleCheck.Check(Diff.Fst<double, Vec>(), RuleGen.Shaped(Lengths.Select(n => (0.0, Vec.Zeros(n)))), o)),
        new("core.snd", o => RuleCheck.Check(Diff.Snd<double, Vec>(), RuleGen.Shaped(Lengths.Select(n => (0.0, Vec.Zeros(n)))), o)),
        new("core.then", o => RuleCheck.Check(V.Sin.Then(V.Tanh).Then(V.Sum), RuleGen.Vec(1, 5), o)),
        new("core.fanout", o => RuleCheck.Check(Diff.Fanout(V.Sin, V.Norm), RuleGen.Vec(1, 5), o)),
        new("core.fanout3", o => RuleCheck.Check(Diff.Fanout(V.Sum, V.Tanh, Diff.Id<Vec>()), RuleGen.Vec(1, 5), o)),
        new("core.vector", o => RuleCheck.Check(Diff.Vector(V.Sum, V.Norm, V.Index(0)), RuleGen.Vec(1, 5), o)),
        new("core.concat", o => RuleCheck.Check(Diff.Concat(V.Sin, Diff.Id<Vec>(), V.Sqrt), RuleGen.Vec(1, 5, Domain.Positive), o)),
        new("core.named", o => RuleCheck.Check(S.Tanh.Named("squash"), 0.0, o)),
        new("core.indexer", o => RuleCheck.Check(V.Exp[1], RuleGen.Vec(2, 5), o)),
    ];
}
