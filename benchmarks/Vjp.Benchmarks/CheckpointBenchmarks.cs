using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vjp.LanguageExt;
using Vjp.Combinators;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Benchmarks;

/// <summary>
/// Memory of reverse mode through a long loop: the gradient of a loss over an RNN-like scan of
/// n = 10⁴ steps, <c>hᵢ = tanh(W hᵢ₋₁ + aᵢ)</c> with a 16×16 W, with every step's residuals kept (plain)
/// and with checkpoints every ⌈√n⌉ steps and segments recomputed in the pullback (checkpointed).
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet's "Allocated" counts every byte allocated during a gradient, which checkpointing
/// raises (it runs the forward pass twice). What checkpointing lowers is the memory <i>alive at once</i>:
/// the residuals held between the forward and the backward pass. The column "Residuals" measures them
/// directly: the managed heap held by the pullback closure after the forward pass, after a full GC.
/// </para>
/// <para>Fold keeps only the last state, so its residuals fall from O(n) to O(√n); Scan also returns all n states, which bounds it below by n carries.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class CheckpointBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RetainedResidualsColumn());
    }

    public const int Steps = 10_000;
    private const int Width = 16;

    private (Mat W, Vec H0) _point;
    private Diff<(Mat W, Vec H0), double> _foldPlain = null!;
    private Diff<(Mat W, Vec H0), double> _foldCheckpointed = null!;
    private Diff<(Mat W, Vec H0), double> _scanPlain = null!;
    private Diff<(Mat W, Vec H0), double> _scanCheckpointed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var w = Mat.Generate(Width, Width, (_, _) => (rng.NextDouble() - 0.5) / Width);
        var xs = Enumerable.Range(0, Steps).Select(_ => Vec.Generate(Width, _ => rng.NextDouble() - 0.5)).ToArray();
        _point = (w, Vec.Generate(Width, _ => rng.NextDouble()));
        var (p, h, a) = Diff.Input<(Mat, Vec, Vec)>();
        var step = Tanh(p * h + a);
        var v = Diff.Input<Vec>();
        var sumSquares = Sum(v * v);
        _foldPlain = Vjp.Combinators.Control.Fold(step, xs).Then(sumSquares);
        _foldCheckpointed = Vjp.Combinators.Control.Fold(step, xs, checkpoint: true).Then(sumSquares);
        _scanPlain = Vjp.Combinators.Control.Scan(step, xs).ToSeq().Then(SeqDiff.Lift(sumSquares)).Then(SeqDiff.Sum<double>());
        _scanCheckpointed = Vjp.Combinators.Control.Scan(step, xs, checkpoint: true).ToSeq().Then(SeqDiff.Lift(sumSquares)).Then(SeqDiff.Sum<double>());
    }

    [Benchmark(Baseline = true)]
    public (Mat, Vec) FoldPlain() => _foldPlain.Gradient(_point);

    [Benchmark]
    public (Mat, Vec) FoldCheckpointed() => _foldCheckpointed.Gradient(_point);

    [Benchmark]
    public (Mat, Vec) ScanPlain() => _scanPlain.Gradient(_point);

    [Benchmark]
    public (Mat, Vec) ScanCheckpointed() => _scanCheckpointed.Gradient(_point);

    /// <summary>The bytes the pullback of benchmark <paramref name="method"/> holds after the forward pass.</summary>
    public static long RetainedResiduals(string method)
    {
        var b = new CheckpointBenchmarks();
        b.Setup();
        var f = method switch
        {
            nameof(FoldPlain) => b._foldPlain,
            nameof(FoldCheckpointed) => b._foldCheckpointed,
            nameof(ScanPlain) => b._scanPlain,
            nameof(ScanCheckpointed) => b._scanCheckpointed,
            _ => throw new ArgumentException($"Unknown benchmark '{method}'.", nameof(method)),
        };
        _ = f.Gradient(b._point); // compile the tapes first, so only residuals are counted
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (_, pullback) = f.ValueWithPullback(b._point);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(pullback);
        return after - before;
    }
}
