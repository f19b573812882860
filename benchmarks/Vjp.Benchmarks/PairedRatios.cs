using System.Globalization;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>ratios</c> mode: the suite's ratios measured by interleaving, for a shared or noisy machine.
/// </summary>
/// <remarks>
/// BenchmarkDotNet measures one benchmark after another, so when other work on the machine comes and
/// goes, rows of one table are measured under different load and their ratio drifts. Here the rows of a
/// group take turns: each round times a batch of every row back to back, the ratio of each row to the
/// group's baseline is taken within the round, and the median over rounds is reported. Load that changes
/// slowly compared with a round cancels out of each ratio; and time is the process's CPU time where the
/// platform has a precise clock for it (<see cref="ProcessCpuClock"/>), so waiting to be scheduled is
/// not counted at all. It measures the same workloads as the
/// BenchmarkDotNet classes (<see cref="Workloads"/>) but is a quick check, not a replacement: no
/// outlier analysis, no allocation columns (see the <c>alloc</c> mode).
/// </remarks>
public static class PairedRatios
{
    private const int Rounds = 21;

    private sealed record Row(string Name, Action Op);

    private sealed record Group(string Name, Row[] Rows);

    public static int Run(TextWriter output)
    {
        var clock = ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time";
        output.WriteLine($"Ratios to each group's first row: median over {Rounds} rounds of paired measurements (rows interleaved), timed by {clock}.");
        output.WriteLine();
        output.WriteLine("| group | row | ratio | median time/call |");
        output.WriteLine("|---|---|---:|---:|");
        foreach (var group in Groups())
        {
            Measure(output, group);
        }

        return 0;
    }

    private static IEnumerable<Group> Groups()
    {
        var worked = Workloads.WorkedExample;
        Vec x = Workloads.WorkedX, v = Workloads.WorkedV;
        yield return new("Worked example", [
            new("Forward", () => worked.Invoke(x)),
            new("Vjp", () => worked.Vjp(x, v)),
            new("ForwardByHand", () => Workloads.WorkedForwardByHand(x)),
            new("VjpByHand", () => Workloads.WorkedVjpByHand(x, v))]);

        var chain = Workloads.ScalarChain;
        yield return new("Scalar chain (100 stages)", [
            new("Forward", () => chain.Invoke(Workloads.ChainX)),
            new("Gradient", () => chain.Gradient(Workloads.ChainX)),
            new("ForwardByHand", () => Workloads.ChainForwardByHand(Workloads.ChainX)),
            new("GradientByHand", () => Workloads.ChainGradientByHand(Workloads.ChainX))]);

        var loss = Workloads.VectorLoss;
        foreach (var n in new[] { 1_000, 100_000, 1_000_000 })
        {
            var xn = Workloads.RandomVec(n, 1);
            yield return new($"Vector loss, n = {n}", [
                new("Forward", () => loss.Invoke(xn)),
                new("Gradient", () => loss.Gradient(xn)),
                new("ForwardByHand", () => Workloads.VectorLossByHand(xn)),
                new("GradientByHand", () => Workloads.VectorGradientByHand(xn))]);
        }

        foreach (var n in new[] { 10, 100, 1_000 })
        {
            var f = Workloads.Projection(n);
            var xn = Workloads.RandomVec(n, 2);
            var yBar = Workloads.RandomVec(Workloads.JacobianOutputs, 3);
            yield return new($"R^{n} -> R^10", [
                new("Vjp", () => f.Vjp(xn, yBar)),
                new("Forward", () => f.Invoke(xn)),
                new("JacobianRows", () => f.Jacobian(xn, JacobianMode.Rows)),
                new("JacobianColumns", () => f.Jacobian(xn, JacobianMode.Columns))]);
        }

        var workedScalar = Workloads.WorkedExampleScalar;
        var direction = Vec.Of(0.3, -0.8);
        yield return new("HVP: worked example ⟨v, f(x)⟩", [
            new("Gradient", () => workedScalar.Gradient(x)),
            new("Hvp", () => workedScalar.Hvp(x, direction))]);
        yield return new("HVP: scalar chain (100 stages)", [
            new("Gradient", () => chain.Gradient(Workloads.ChainX)),
            new("Hvp", () => chain.Hvp(Workloads.ChainX, 1.0))]);
        var mlp = Workloads.MlpLoss;
        MlpParams at = Workloads.RandomMlp(40), towards = Workloads.RandomMlp(50);
        yield return new("HVP: MLP loss (32-64-10)", [
            new("Gradient", () => mlp.Gradient(at)),
            new("Hvp", () => mlp.Hvp(at, towards))]);

        // GEMM: the packed kernel's time over its predecessor's (below 1 is faster); GFLOP/s in the 'gemm' mode.
        foreach (var g in GemmCase.All)
        {
            yield return new($"GEMM {g.Name}", [
                new("Old", () => g.Old()),
                new("New", () => g.New()),
                new("NewAccumulate", () => g.New(accumulate: true))]);
        }
    }

    private static void Measure(TextWriter output, Group group)
    {
        var rows = group.Rows;
        var batch = rows.Select(r => BatchSize(r.Op)).ToArray();
        var perCall = rows.Select(_ => new double[Rounds]).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var op = rows[i].Op;
                var start = ProcessCpuClock.Now();
                for (var k = 0; k < batch[i]; k++)
                {
                    op();
                }

                perCall[i][round] = (ProcessCpuClock.Now() - start) / batch[i];
            }
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var ratio = Median(Enumerable.Range(0, Rounds).Select(r => perCall[i][r] / perCall[0][r]));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Name} | {rows[i].Name} | {ratio:0.00} | {Format(Median(perCall[i]))} |"));
        }
    }

    /// <summary>Calls per batch so that a batch takes about 20 ms, after warming the JIT up.</summary>
    private static int BatchSize(Action op)
    {
        var start = ProcessCpuClock.Now();
        var calls = 0;
        while (calls < 50 || ProcessCpuClock.Now() - start < 200e6)
        {
            op();
            calls++;
        }

        var perCallMs = (ProcessCpuClock.Now() - start) / 1e6 / calls;
        return (int)Math.Clamp(20 / perCallMs, 1, 1_000_000);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(double ns) => ns switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.00} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
    };
}
