using System.Globalization;
using Vjp.Properties.Tests.Fuzzing;

namespace Vjp.Properties.Tests.Scratch;

/// <summary>
/// SCRATCH (helper fa12): at each false alarm's x and ẋ, f's values along the line on the noise stencil
/// (τ = 10⁻⁹·h₀) and on the tableau's steps, and under an ulp-level dither of x (each xᵢ moved by a few ulps):
/// evidence for fa12-analysis.md. Asserts only that the probe ran.
/// </summary>
public class Fa12ProbeTests
{
    [Theory(Skip = "evidence probe: run by hand on main's checker (0a5bc07~1); its output is /work/notes/s16/fa12/probe.txt")]
    [InlineData("5lEFVo3iaEI3-Yfg3", "8bUtT3Pb2H9qnZ", 0.098754)]
    [InlineData("dEMSzoGdk8Z3-Yfg3", "cwdgpcjcjqi0", 0.1)]
    [InlineData("3HumrbZtIF33-Yfg3", "20iRBtyeIgNKIQuW", 0.179423)]
    [InlineData("0S-xVop3A6N3-Yfg3", "00000000x5p85", 0.163025)]
    [InlineData("0OtQ_OtMX013-Yfg3", "aOoTa2dvUETzsxd1", 0.0795623)]
    public void Fa12_Probe(string pipelineSeed, string checkSeed, double h0)
    {
        var pipeline = PipelineGen.Pipelines.Generate(PCG.Parse(pipelineSeed), null, out _);
        var options = RandomPipelineTests.Options with { Seed = checkSeed };
        Func<Vec, double[]> f = pipeline.ScalarOutput ? v => [Fn.Sum(pipeline.Body).Invoke(v)] : v => pipeline.Body.Invoke(v).ToArray();
        var result = pipeline.ScalarOutput
            ? RuleCheck.Check(Fn.Sum(pipeline.Body), RuleGen.Vec(pipeline.Length, Pipeline.Inputs), options)
            : RuleCheck.Check(pipeline.Body, RuleGen.Vec(pipeline.Length, Pipeline.Inputs), options);
        var failure = result.Culprit!;
        var x = ((Vec)failure.Input).ToArray();
        var dx = ((Vec)failure.Tangent!).ToArray();
        double[] At(double t) => f(Vec.Create(x.Select((v, i) => v + (t * dx[i])).ToArray()));
        var lines = new List<string> { $"# {pipelineSeed}: f(x) = {S(At(0))}" };
        var tau = h0 * 1e-9;
        lines.Add($"noise stencil τ = {tau:G3}: " + string.Join(" ", Enumerable.Range(-4, 9).Select(k => S(At(k * tau)))));
        lines.Add("tableau rows h, (f(x+h)−f(x−h))/2h: " + string.Join("  ", Enumerable.Range(0, 10).Select(j =>
        {
            var h = h0 / Math.Pow(2, j);
            var (p, m) = (At(h), At(-h));
            return $"{h:G3}:{S(p.Select((v, i) => (v - m[i]) / (2 * h)).ToArray())}";
        })));
        var rng = new Random(12);
        var dither = Enumerable.Range(0, 64).Select(_ => f(Vec.Create(x.Select(v => v * (1 + (rng.Next(-4, 5) * double.Epsilon * 0 + (rng.Next(-4, 5) * 1.1102230246251565e-16)))).ToArray()))).ToList();
        var y0 = At(0);
        var spread = Enumerable.Range(0, y0.Length).Select(i => Math.Sqrt(dither.Average(d => (d[i] - y0[i]) * (d[i] - y0[i])))).ToArray();
        lines.Add($"ulp dither (64 draws, xᵢ·(1 + kε/2), |k| ≤ 4): rms change {S(spread)}; distinct values {dither.Select(d => d[0]).Distinct().Count()}");
        File.AppendAllLines("/work/notes/s16/fa12/probe.txt", lines);
        Assert.NotEmpty(lines);
    }

    private static string S(double[] v) => "[" + string.Join(",", v.Select(d => d.ToString("G6", CultureInfo.InvariantCulture))) + "]";
}
