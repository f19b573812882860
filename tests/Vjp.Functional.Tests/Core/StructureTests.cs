using static Vjp.Functional.Fn;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional.Tests.Core;

/// <summary>The non-generic structure view (Name, Kind, Parts) that tools walk, and the readable ToString.</summary>
public sealed class StructureTests
{
    [Fact]
    public void ThenChain_Parts_AreTheFlattenedStagesInOrder()
    {
        var f = S.Sin.Then(S.Cos).Then(S.Exp.Then(S.Tanh));
        var g = Diff.Compose(S.Tanh, Diff.Compose(S.Exp, S.Sin.Then(S.Cos)));

        foreach (var h in new IDiff[] { f, g })
        {
            Assert.Equal(DiffKind.Composition, h.Kind);
            Assert.Equal(["sin", "cos", "exp", "tanh"], h.Parts.Select(p => p.Name));
            Assert.All(h.Parts, p => Assert.Equal(DiffKind.Primitive, p.Kind));
            Assert.All(h.Parts, p => Assert.Empty(p.Parts));
        }

        Assert.Equal("tanh(exp(cos(sin(x))))", f.ToString());
    }

    [Fact]
    public void ThenChain_WalkedStageByStage_GivesTheWholeFunctionsValueAndVjp()
    {
        IDiff f = S.Sin.Then(S.Square).Then(S.Exp).Then(S.Log1p);
        object value = 0.7;
        var values = new List<object> { value };
        foreach (var stage in f.Parts)
        {
            value = stage.Invoke(value);
            values.Add(value);
        }

        Assert.Equal(f.Invoke(0.7), value);

        object cotangent = 1.0;
        for (var i = f.Parts.Count - 1; i >= 0; i--)
        {
            cotangent = f.Parts[i].Vjp(values[i], cotangent);
        }

        Assert.Equal(f.Vjp(0.7, 1.0), cotangent);
        Assert.Equal(f.Jvp(0.7, 1.0), cotangent); // scalar: the same number either way
    }

    [Fact]
    public void Named_ShowsItsNameKindAndBody()
    {
        var body = S.Sin.Then(S.Cos);
        var layer = body.Named("layer");
        Assert.Equal("layer", layer.Name);
        Assert.Equal(DiffKind.Named, layer.Kind);
        Assert.Equal(["sin", "cos"], Assert.Single(layer.Parts).Parts.Select(p => p.Name));
        Assert.Equal("layer", layer.ToString());

        var model = S.Exp.Then(layer);
        Assert.Equal(["exp", "layer"], ((IDiff)model).Parts.Select(p => p.Name)); // a named stage is kept whole
        Assert.Equal("layer(exp(x))", model.ToString());
        Assert.Equal(body.Invoke(2.0), layer.Invoke(2.0));
        Assert.Throws<ArgumentException>(() => body.Named(" "));
    }

    [Fact]
    public void Kinds_OfTheBuildingBlocks_AreReported()
    {
        var x = Diff.Input<double>();
        Assert.Equal(DiffKind.Identity, x.Kind);
        Assert.Equal(DiffKind.Constant, Diff.Const<double, Vec>(Vec.Of(1)).Kind);
        Assert.Equal(DiffKind.Projection, Diff.Fst<double, Vec>().Kind);
        Assert.Equal("fst", Diff.Fst<double, Vec>().Name);
        Assert.Equal(DiffKind.Rule, Diff.Create<double, double>("r", v => v, (v, y, yBar) => yBar).Kind);
        Assert.Equal(DiffKind.Primitive, S.Sin.Kind);

        var fanout = Diff.Fanout(Sin(x), Cos(x)); // Sin(x) of the input is the primitive itself: no identity stage
        Assert.Equal(DiffKind.Fanout, fanout.Kind);
        Assert.Equal(["sin", "cos"], fanout.Parts.Select(p => p.Name));
        Assert.Equal("⟨sin(x), cos(x)⟩", fanout.ToString());

        var v = Diff.Vector(Sin(x), x * x);
        Assert.Equal(DiffKind.Primitive, v.Kind);
        Assert.Equal(2, v.Parts.Count);
        Assert.Equal("[sin(x), x * x]", v.ToString());
    }

    [Fact]
    public void Parts_CarryDomainsAndSpaces()
    {
        IDiff f = S.Log.Then(S.Sqrt);
        Assert.True(f.Domain.IsAll);
        Assert.Equal(Domain.Positive, f.Parts[0].Domain);
        Assert.Equal(typeof(double), f.InputSpace.Type);
        IDiff g = VecPrimitives.Sum;
        Assert.Equal(typeof(Vec), g.InputSpace.Type);
        Assert.Equal(typeof(double), g.OutputSpace.Type);
        Assert.True(g.HasPushforward);
    }

    [Fact]
    public void LongChain_ToString_IsBoundedAndShowsItsEnds()
    {
        var f = S.Sin;
        for (var i = 1; i < 50_000; i++)
        {
            f = f.Then(i % 2 == 0 ? S.Sin : S.Neg);
        }

        var text = f.ToString();
        Assert.Equal("x ▸ sin ▸ neg ▸ sin ▸ neg ▸ … ▸ sin ▸ neg (50000 stages)", text);
    }

    [Fact]
    public void WideExpression_ToString_IsCappedInLength()
    {
        var x = Diff.Input<Vec>();
        var parts = Enumerable.Range(0, 2_000).Select(i => Sin(x[i]) * x[i + 1]).ToArray();
        var text = Diff.Vector(parts).ToString();
        Assert.True(text.Length <= 2_001, $"length {text.Length}");
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkedExample_Structure_ReachesEveryPrimitive()
    {
        var x = Diff.Input<Vec>();
        IDiff f = Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);
        var names = new List<string>();
        var pending = new Stack<IDiff>([f]);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            if (d.Kind is DiffKind.Primitive && d.Parts.Count == 0)
            {
                names.Add(d.Name);
            }

            foreach (var p in d.Parts)
            {
                pending.Push(p);
            }
        }

        Assert.Equal(["add", "index[0]", "index[1]", "mul", "sin"], names.Distinct().Order());
    }
}
