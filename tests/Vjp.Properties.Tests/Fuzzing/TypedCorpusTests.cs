using Vjp.Functional.Engine.Typed;

namespace Vjp.Properties.Tests.Fuzzing;

/// <summary>
/// The fuzzer's fixed corpus of pipelines (the generator of <see cref="RandomPipelineTests"/>, from its corpus seed)
/// run with the typed compiled fast path and with the interpreter (the opt-out, on this thread): value, VJP and
/// JVP must agree bit for bit. The pipelines are on vectors, whose tapes stay interpreted, so what this compares
/// is every scalar tape compiled inside them (maps, zips and lifts of scalar functions run one per element) and
/// the compiler's choice to leave the rest alone.
/// </summary>
public class TypedCorpusTests
{
    private const string CorpusSeed = "0N0XIzNsQ0O2";

    [Fact]
    public void Corpus_CompiledAndInterpreted_AreBitIdentical()
    {
        var pcg = PCG.Parse(CorpusSeed);
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var p = PipelineGen.Pipelines.Generate(pcg, null, out _);
            var x = Vec.Generate(p.Length, _ => random.NextDouble() * 2 - 1);
            var dx = Vec.Generate(p.Length, _ => random.NextDouble() * 2 - 1);
            if (p.ScalarOutput)
            {
                var f = Fn.Sum(p.Body);
                Same(i, p, "value", Interpret(() => Vec.Of(f.Invoke(x))), Vec.Of(f.Invoke(x)));
                Same(i, p, "gradient", Interpret(() => f.Gradient(x)), f.Gradient(x));
                Same(i, p, "jvp", Interpret(() => Vec.Of(f.Jvp(x, dx))), Vec.Of(f.Jvp(x, dx)));
            }
            else
            {
                var f = p.Body;
                var yBar = Vec.Generate(p.Length, _ => random.NextDouble() * 2 - 1);
                Same(i, p, "value", Interpret(() => f.Invoke(x)), f.Invoke(x));
                Same(i, p, "vjp", Interpret(() => f.Vjp(x, yBar)), f.Vjp(x, yBar));
                Same(i, p, "jvp", Interpret(() => f.Jvp(x, dx)), f.Jvp(x, dx));
            }
        }
    }

    private static Vec Interpret(Func<Vec> f)
    {
        using (TypedEngine.InterpretHere())
        {
            return f();
        }
    }

    private static void Same(int index, Pipeline p, string what, Vec expected, Vec actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            double e = expected[k], a = actual[k];
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || (double.IsNaN(e) && double.IsNaN(a)),
                $"corpus pipeline {index} ({p}), {what}[{k}]: interpreted {e:R}, compiled {a:R}");
        }
    }
}
