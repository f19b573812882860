namespace Vjp.Functional.Tests.Engine;

/// <summary>An argument error raised inside a tape carries the rule's path on the first line of its message, ahead of the framework's text.</summary>
public sealed class PathMessageTests
{
    [Fact]
    public void IndexOutsideInput_Message_HasThePathOnItsFirstLine()
    {
        var x = Diff.Input<Vec>();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x[5].Invoke(Vec.Zeros(3)));

        var firstLine = e.Message.Split(Environment.NewLine)[0];
        Assert.Equal("Vec.Index: index 5 is outside Vec[3] (in forward of pipeline of 2 stages ▸ index[5]) (Parameter 'index')", firstLine);
        Assert.Equal("index", e.ParamName);
        Assert.Equal(5, e.ActualValue);
        Assert.Contains("VecPrimitives", e.StackTrace, StringComparison.Ordinal); // where the original was thrown
    }

    [Fact]
    public void IndexOutsideInput_InsideAPipeline_PathPrecedesTheParameterName()
    {
        var x = Diff.Input<Vec>();
        var f = Fn.Sin(x[5]).Named("model");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => f.Gradient(Vec.Zeros(3)));

        Assert.StartsWith("Vec.Index: index 5 is outside Vec[3] (in forward of model ▸ index[5]) (Parameter 'index')", e.Message, StringComparison.Ordinal);
    }
}
