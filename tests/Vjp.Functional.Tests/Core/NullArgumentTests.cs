using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Core;

/// <summary>The cases of a null argument named in the issue: each throws <see cref="ArgumentNullException"/> naming the parameter (or the record member), never a <see cref="NullReferenceException"/>.</summary>
public sealed class NullArgumentTests
{
    private sealed record Layer(Mat W, Vec B);

    private static string? Param(Action call) => Assert.Throws<ArgumentNullException>(call).ParamName;

    [Fact]
    public void NullArguments_AtTheEntryPointsOfTheIssue_NameTheParameter()
    {
        var x = Diff.Input<double>();
        var f = Sin(x);
        var v = Diff.Input<Vec>();
        var g = Sum(v);

        Assert.Equal("next", Param(() => Sin(x).Then<double>(null!)));
        Assert.Equal("inner", Param(() => Diff.Compose(f, (Diff<double, double>)null!)));
        Assert.Equal("outer", Param(() => Diff.Compose((Diff<double, double>)null!, f)));
        Assert.Equal("g", Param(() => Diff.Fanout(f, (Diff<double, double>)null!)));
        Assert.Equal("x", Param(() => Sin((Diff<double, double>)null!)));
        Assert.Equal("x", Param(() => g.Invoke(null!)));
        Assert.Equal("x", Param(() => g.Gradient(null!)));
        Assert.Equal("yBar", Param(() => Tanh(v).Vjp(Vec.Of(1, 2), null!)));
        Assert.Equal("dx", Param(() => Tanh(v).Jvp(Vec.Of(1, 2), null!)));
        Assert.Equal("v", Param(() => g.Hvp(Vec.Of(1, 2), null!)));
        Assert.Equal("b", Param(() => _ = x + (Diff<double, double>)null!));
        Assert.Equal("b", Param(() => _ = v + (Vec)null!));
    }

    [Fact]
    public void RecordWithNullMember_Gradient_NamesTheMember()
    {
        var p = Diff.Input<Layer>();
        var loss = Sum(p.Get(l => l.W) * Diff.Const<Layer, Vec>(Vec.Of(1, 1)) + p.Get(l => l.B));

        var e = Assert.Throws<ArgumentNullException>(() => loss.Gradient(new Layer(null!, Vec.Of(0, 0))));

        Assert.Equal("x", e.ParamName);
        Assert.StartsWith("x.W is null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedTupleWithNullMember_Invoke_NamesThePathToTheMember()
    {
        var p = Diff.Input<(double, Layer)>();
        var (_, layer) = p;
        var f = Sum(layer.Get(l => l.B));

        var e = Assert.Throws<ArgumentNullException>(() => f.Invoke((1.0, new Layer(Mat.Identity(2), null!))));

        Assert.StartsWith("x.Item2.B is null", e.Message, StringComparison.Ordinal);
    }
}
