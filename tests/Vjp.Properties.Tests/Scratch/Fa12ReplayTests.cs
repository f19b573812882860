using Vjp.Properties.Tests.Fuzzing;

namespace Vjp.Properties.Tests.Scratch;

/// <summary>
/// SCRATCH (helper fa12, issue #12): the five false alarms of the 10⁶-pipeline soak of session 16, replayed from their
/// pipeline seeds with the check seed each report printed (passed directly: <see cref="Pipeline.Check"/> would replace
/// it by the pipeline's own). Before a checker fix they fail. Each replay also writes the pipeline as an mpmath
/// expression with its exact constants, the failing x and ẋ and the library's J·ẋ to /work/notes/s16/fa12/ for
/// the independent high-precision check (fa12-analysis.md).
/// </summary>
public class Fa12ReplayTests
{
    [Theory]
    [InlineData("5lEFVo3iaEI3-Yfg3", "8bUtT3Pb2H9qnZ")]
    [InlineData("dEMSzoGdk8Z3-Yfg3", "cwdgpcjcjqi0")]
    [InlineData("3HumrbZtIF33-Yfg3", "20iRBtyeIgNKIQuW")]
    [InlineData("0S-xVop3A6N3-Yfg3", "00000000x5p85")]
    [InlineData("0OtQ_OtMX013-Yfg3", "aOoTa2dvUETzsxd1")]
    public void Fa12_SoakFalseAlarm_Replayed(string pipelineSeed, string checkSeed)
    {
        var pipeline = PipelineGen.Pipelines.Generate(PCG.Parse(pipelineSeed), null, out _);
        var (mirror, python) = Fa12PyGen.Pipelines.Generate(PCG.Parse(pipelineSeed), null, out _);
        Assert.Equal(pipeline.ToString(), mirror.ToString());

        var options = RandomPipelineTests.Options with { Seed = checkSeed };
        var result = pipeline.ScalarOutput
            ? RuleCheck.Check(Fn.Sum(pipeline.Body), RuleGen.Vec(pipeline.Length, Pipeline.Inputs), options)
            : RuleCheck.Check(pipeline.Body, RuleGen.Vec(pipeline.Length, Pipeline.Inputs), options);

        if (result.Culprit is { } failure)
        {
            Directory.CreateDirectory("/work/notes/s16/fa12");
            var lines = new List<string>
            {
                $"# {pipeline}",
                $"# check: {failure.Check}",
                $"f = lambda x: {python}",
                $"x = {Fa12PyGen.R((Vec)failure.Input)}",
                $"dx = {(failure.Tangent is Vec t ? Fa12PyGen.R(t) : "None")}",
                $"left = [{string.Join(",", failure.Left.Select(Fa12PyGen.R))}]",
                $"right = [{string.Join(",", failure.Right.Select(Fa12PyGen.R))}]",
                $"tol = {Fa12PyGen.R(failure.Tolerance)}",
            };
            File.WriteAllLines($"/work/notes/s16/fa12/{pipelineSeed}.py", lines);
        }

        File.AppendAllLines("/work/notes/s16/fa12/replay-verdicts.txt", [$"{pipelineSeed}: passed {result.Passed}, samples {result.SamplesChecked}, inconclusive {result.InconclusiveFiniteDifferences}: {result.InconclusiveReason}"]);
        Assert.True(result.Passed, $"{pipeline}\n{result.Report}");
    }

    /// <summary>The same five as the soak ran them: the pipeline's own check seed, from the first sample.</summary>
    [Theory]
    [InlineData("5lEFVo3iaEI3-Yfg3")]
    [InlineData("dEMSzoGdk8Z3-Yfg3")]
    [InlineData("3HumrbZtIF33-Yfg3")]
    [InlineData("0S-xVop3A6N3-Yfg3")]
    [InlineData("0OtQ_OtMX013-Yfg3")]
    public void Fa12_SoakFalseAlarm_AsTheSoakRanIt(string pipelineSeed)
    {
        var pipeline = PipelineGen.Pipelines.Generate(PCG.Parse(pipelineSeed), null, out _);

        var result = pipeline.Check(RandomPipelineTests.Options);

        Assert.True(result.Passed, $"{pipeline}\n{result.Report}");
    }
}
