using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Docs;

/// <summary>The README's "Errors" examples, compiled and run: each asserts the exception and the message text the README shows.</summary>
public sealed class ErrorSnippetTests
{
    [Fact]
    public void Errors_Snippet_ThrowsTheDocumentedExceptionsWithTheirMessages()
    {
        // snippet: errors
        var x = Diff.Input<Vec>();
        var e1 = Assert.Throws<ArgumentNullException>(() => Sin(x).Then<double>(null!));
        Assert.Equal("next", e1.ParamName);

        var p = Diff.Input<Layer>();                                         // record Layer(Mat W, Vec B)
        var e2 = Assert.Throws<ArgumentNullException>(() => Sum(p.Get(l => l.B)).Gradient(new Layer(null!, Vec.Of(1))));
        Assert.StartsWith("x.W is null: every member of Layer must hold a value", e2.Message, StringComparison.Ordinal);

        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => x[5].Invoke(Vec.Zeros(3)));
        Assert.StartsWith("Vec.Index: index 5 is outside Vec[3] (in forward of pipeline of 2 stages ▸ index[5]) (Parameter 'index')", e3.Message, StringComparison.Ordinal);

        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => Tanh(x).Jacobian(Vec.Zeros(50_000), JacobianMode.Rows));
        Assert.StartsWith("A (50000×50000) Jacobian of 'tanh' has 2,500,000,000 elements (20,000,000,000 bytes, 18.6 GiB)", e4.Message, StringComparison.Ordinal);

        var e5 = Assert.Throws<ShapeException>(() => (x + Vec.Of(1, 2)).Named("model").Invoke(Vec.Zeros(3)));
        Assert.Equal("Vec.add: lengths 3 and 2 differ (in forward of model ▸ add)", e5.Message);

        var e6 = Assert.Throws<MissingVectorSpaceException>(Diff.Input<Labelled>);       // record Labelled(Vec W, string Label)
        Assert.StartsWith("Type 'Labelled' is not differentiable: its member 'Label' of type 'String' is not differentiable", e6.Message, StringComparison.Ordinal);

        var cube = Diff.Create<double, double>("cube", v => v * v * v, (v, y, yBar) => 3 * v * v * yBar);
        var e7 = Assert.Throws<NotTwiceDifferentiableException>(() => Diff.Gradient(cube));
        Assert.StartsWith("The rule 'cube' has no differentiable pullback", e7.Message, StringComparison.Ordinal);

        var boom = Diff.Create<double, double>("boom", v => 2 * v, (v, y, yBar) => throw new InvalidOperationException("no pullback today"));
        var e8 = Assert.Throws<RuleException>(() => ScalarPrimitives.Sin.Then(boom).Named("model").Gradient(0.5));
        Assert.Equal("The pullback of rule 'boom' threw InvalidOperationException (at model ▸ boom; x: double, y: double, ȳ: double): no pullback today", e8.Message);
        Assert.IsType<InvalidOperationException>(e8.InnerException);

        var e9 = Assert.Throws<InvalidOperationException>(() => Diff.Input<double>()[0]);
        Assert.Equal("Indexing 'id' needs a Vec output, but it outputs double.", e9.Message);
        // end snippet
    }
}
