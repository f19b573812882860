namespace Vjp.Properties.Tests.Checks;

/// <summary>The concurrency law: several threads on one Diff give the serial results; it never fails a correct rule.</summary>
public class ConcurrencyTests
{
    private static Diff<Vec, Vec> SharedScratch()
    {
        var scratch = new double[64];
        return Diff.Create<Vec, Vec>("scaled", v => 3 * v,
            (v, y, yBar) =>
            {
                for (var i = 0; i < v.Length; i++)
                {
                    scratch[i] = 3 * yBar[i];
                }

                Thread.Yield();
                return Vec.Create(scratch.AsSpan(0, v.Length));
            },
            (v, y, dv) => 3 * dv);
    }

    [Fact]
    public void SharedScratchBuffer_PassesSeriallyButFailsUnderThreads()
    {
        var serial = RuleCheck.Check(SharedScratch(), RuleGen.Vec(4), new RuleCheckOptions { ConcurrencyThreads = 0 });
        var threaded = RuleCheck.Check(SharedScratch(), RuleGen.Vec(4));

        Assert.True(serial.Passed, serial.Report);
        Assert.False(threaded.Passed);
        Assert.Equal(RuleCheckKind.Concurrency, threaded.Culprit!.Kind);
        Assert.Contains("shared mutable state", threaded.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrectRules_ManyThreads_NoFalseAlarm()
    {
        var options = new RuleCheckOptions { ConcurrencyThreads = 8, ConcurrencyRounds = 8, ConcurrencySamples = 100 };
        var mlp = Vjp.Combinators.Layers.Softmax();

        Assert.True(RuleCheck.Check(mlp, RuleGen.Vec(1, 30), options).Passed);
        Assert.True(RuleCheck.Check(Vjp.Functional.VecPrimitives.Tanh, RuleGen.Vec(0, 40), options).Passed);
        Assert.True(RuleCheck.Check(Vjp.Functional.ScalarPrimitives.Sin, RuleGen.Scalar(), options).Passed);
    }

    [Fact]
    public void Options_NegativeThreads_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleCheck.Check(Vjp.Functional.ScalarPrimitives.Sin, RuleGen.Scalar(), new RuleCheckOptions { ConcurrencyThreads = -1 }));
    }
}
