using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>
/// f(x) = W·tanh(x), ℝⁿ → ℝ¹⁰, for n = 10, 100, 1000: one VJP (the baseline) against the full Jacobian
/// by rows (10 VJPs after one forward pass) and by columns (n JVPs after one forward pass). The Jacobian
/// is what reverse mode avoids forming; by columns its cost grows with n, by rows with the 10 outputs.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JacobianBenchmarks
{
    private const string Category = "R^n -> R^10";

    private Diff<Vec, Vec> _f = null!;
    private Vec _x = Vec.Zeros(0);
    private Vec _yBar = Vec.Zeros(0);

    [Params(10, 100, 1_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _f = Workloads.Projection(N);
        _x = Workloads.RandomVec(N, seed: 2);
        _yBar = Workloads.RandomVec(Workloads.JacobianOutputs, seed: 3);

        // The three ways must agree: the yBar-weighted sum of the Jacobian's rows is the VJP.
        var vjp = _f.Vjp(_x, _yBar);
        foreach (var mode in new[] { JacobianMode.Rows, JacobianMode.Columns })
        {
            var j = _f.Jacobian(_x, mode);
            var fromJacobian = Vec.Generate(N, c =>
            {
                var s = 0.0;
                for (var r = 0; r < Workloads.JacobianOutputs; r++)
                {
                    s += _yBar[r] * j[r, c];
                }

                return s;
            });
            Workloads.Agree($"Jacobian ({mode}) against VJP", vjp, fromJacobian);
        }
    }

    [Benchmark, BenchmarkCategory(Category)]
    public Vec Forward() => _f.Invoke(_x);

    [Benchmark(Baseline = true), BenchmarkCategory(Category)]
    public Vec Vjp() => _f.Vjp(_x, _yBar);

    [Benchmark, BenchmarkCategory(Category)]
    public Mat JacobianRows() => _f.Jacobian(_x, JacobianMode.Rows);

    [Benchmark, BenchmarkCategory(Category)]
    public Mat JacobianColumns() => _f.Jacobian(_x, JacobianMode.Columns);
}
