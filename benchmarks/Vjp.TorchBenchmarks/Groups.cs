using Vjp.Benchmarks;
using Vjp.Functional;
using static TorchSharp.torch;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The groups this project measures, each built only when the filter selects it and checked before it is
/// timed: every row of a group must compute the same numbers (to a relative 1e-9), or the comparison would
/// be of different work.
/// </summary>
public static class Groups
{
    /// <summary>The hidden widths of the grid.</summary>
    public static IReadOnlyList<int> GridHidden { get; } = [32, 128, 512];

    /// <summary>The batch sizes of the grid.</summary>
    public static IReadOnlyList<int> GridBatch { get; } = [1, 64, 256];

    /// <summary>Every group, by name, built on demand.</summary>
    public static IEnumerable<(string Name, Func<PeerGroup> Build)> All()
    {
        yield return ("MLP 784-128-10, B = 64: gradient", () => MlpGradient(128, 64, perSample: true, "MLP 784-128-10, B = 64: gradient"));
        foreach (var hidden in GridHidden)
        {
            foreach (var batch in GridBatch)
            {
                var name = $"MLP grid: hidden {hidden}, B = {batch}";
                yield return (name, () => MlpGradient(hidden, batch, perSample: false, name));
            }
        }

        yield return ("MLP 784-128-10, B = 64: HVP", () => MlpHvp(128, 64, "MLP 784-128-10, B = 64: HVP"));
        yield return ("GEMM A·B, 512×512 · 512×512", () => Gemm("GEMM A·B, 512×512 · 512×512", GemmForm.AB, 512, 512, 512));
        yield return ("GEMM A·B, 64×784 · 784×128", () => Gemm("GEMM A·B, 64×784 · 784×128", GemmForm.AB, 64, 784, 128));
        yield return ("GEMM Aᵀ·B, (64×128)ᵀ · 64×784", () => Gemm("GEMM Aᵀ·B, (64×128)ᵀ · 64×784", GemmForm.ATB, 128, 64, 784));
        yield return ("GEMM A·Bᵀ, 64×784 · (128×784)ᵀ", () => Gemm("GEMM A·Bᵀ, 64×784 · (128×784)ᵀ", GemmForm.ABT, 64, 784, 128));
        yield return ("Black–Scholes price and gradient", BlackScholesGroup);
    }

    private static PeerGroup MlpGradient(int hidden, int batch, bool perSample, string name)
    {
        var problem = MlpProblem.Create(hidden, batch, seed: 1000 + hidden + batch);
        var at = problem.Parameters;
        var (x, y) = (problem.X, MlpBatched.Targets(problem));
        var loss = MlpBatched.Loss;
        var torch = new TorchMlp(problem);
        var (handValue, handGradient) = MlpByHand.ValueAndGradient(at, problem.X, problem.Labels);
        double[][] hand = [[handValue], .. MlpProblem.Flatten(handGradient)];
        var (torchValue, torchGradient) = torch.ValueAndGradientArrays();
        Check.Agree($"{name}: hand-written vs TorchSharp", [[torchValue], .. torchGradient], hand);
        var (value, gradient) = loss.ValueAndGradientOfFirst(at, x, y);
        Check.Agree($"{name}: Vjp batched vs hand-written", hand, [[value], .. MlpProblem.Flatten(gradient)]);

        var rows = new List<PeerRow> { new("Vjp batched (Layers.Dense on the batch, ∂/∂P only)", Peer.Vjp, () => loss.ValueAndGradientOfFirst(at, x, y)) };
        if (perSample)
        {
            var perSampleLoss = MlpPerSample.Loss(problem);
            var (perSampleValue, perSampleGradient) = perSampleLoss.ValueAndGradient(at);
            Check.Agree($"{name}: Vjp per-sample vs hand-written", hand, [[perSampleValue], .. MlpProblem.Flatten(perSampleGradient)]);
            rows.Add(new("Vjp per-sample (one term per sample)", Peer.Vjp, () => perSampleLoss.ValueAndGradient(at)));
        }

        // The by-hand form's tape grows with the batch (a term per sample): a secondary row where it is cheap to build.
        if (batch <= 64)
        {
            var byHand = MlpBatchedByHand.Loss(problem);
            var (byHandValue, byHandGradient) = byHand.ValueAndGradient(at);
            Check.Agree($"{name}: Vjp batched by hand vs hand-written", hand, [[byHandValue], .. MlpProblem.Flatten(byHandGradient)]);
            rows.Add(new("Vjp batched by hand (W₁Xᵀ, then columns)", Peer.Vjp, () => byHand.ValueAndGradient(at)));
        }

        rows.Add(new("by hand on Mat kernels", Peer.Hand, () => MlpByHand.ValueAndGradient(at, problem.X, problem.Labels)));
        rows.Add(new("TorchSharp autograd", Peer.Torch, torch.Gradient));
        return new(name, [.. rows], torch);
    }

    private static PeerGroup MlpHvp(int hidden, int batch, string name)
    {
        var problem = MlpProblem.Create(hidden, batch, seed: 2000 + hidden + batch);
        MlpParams at = problem.Parameters, v = problem.Direction;
        var batched = MlpBatched.LossAt(problem);
        var (x, y) = (problem.X, MlpBatched.Targets(problem));
        var byHand = MlpBatchedByHand.Loss(problem);
        var perSample = MlpPerSample.Loss(problem);
        var torch = new TorchMlp(problem);
        var expected = torch.HvpArrays();
        Check.Agree($"{name}: Vjp batched Hvp vs TorchSharp", expected, MlpProblem.Flatten(batched.Hvp(at, v)));
        Check.Agree($"{name}: Vjp batched by hand Hvp vs TorchSharp", expected, MlpProblem.Flatten(byHand.Hvp(at, v)));
        Check.Agree($"{name}: Vjp per-sample Hvp vs TorchSharp", expected, MlpProblem.Flatten(perSample.Hvp(at, v)));
        var (handValue, handGradient) = MlpByHand.ValueAndGradient(at, problem.X, problem.Labels);
        var (value, gradient) = MlpBatched.Loss.ValueAndGradientOfFirst(at, x, y);
        Check.Agree($"{name}: Vjp batched gradient vs hand-written", [[handValue], .. MlpProblem.Flatten(handGradient)], [[value], .. MlpProblem.Flatten(gradient)]);
        return new(name, [
            new("Vjp Hvp, batched (batch as constants)", Peer.Vjp, () => batched.Hvp(at, v)),
            new("Vjp Hvp, batched by hand", Peer.Vjp, () => byHand.Hvp(at, v)),
            new("Vjp Hvp, per-sample form", Peer.Vjp, () => perSample.Hvp(at, v)),
            new("Vjp gradient, batched (for scale)", Peer.Vjp, () => MlpBatched.Loss.ValueAndGradientOfFirst(at, x, y)),
            new("TorchSharp double backward", Peer.Torch, torch.Hvp),
        ], torch);
    }

    private enum GemmForm
    {
        AB,
        ATB,
        ABT,
    }

    /// <summary>C (m×n) = op(A) op(B) with inner dimension k; A and B stored as the pullback stores them.</summary>
    private static PeerGroup Gemm(string name, GemmForm form, int m, int k, int n)
    {
        var random = new Random(3000 + m + k + n);
        var (aRows, aCols) = form == GemmForm.ATB ? (k, m) : (m, k);
        var (bRows, bCols) = form == GemmForm.ABT ? (n, k) : (k, n);
        var a = Mat.Generate(aRows, aCols, (_, _) => 2 * random.NextDouble() - 1);
        var b = Mat.Generate(bRows, bCols, (_, _) => 2 * random.NextDouble() - 1);
        var ta = tensor(a.AsSpan().ToArray(), [aRows, aCols], float64);
        var tb = tensor(b.AsSpan().ToArray(), [bRows, bCols], float64);
        Func<Mat> vjp = form switch
        {
            GemmForm.AB => () => Mat.MatMul(a, b),
            GemmForm.ATB => () => Mat.MatMulTransposeA(a, b),
            _ => () => Mat.MatMulTransposeB(a, b),
        };
        Func<Tensor> torch = form switch
        {
            GemmForm.AB => () => ta.mm(tb),
            GemmForm.ATB => () => ta.t().mm(tb),
            _ => () => ta.mm(tb.t()),
        };
        using (var c = torch())
        {
            Check.Agree(name, [c.contiguous().data<double>().ToArray()], [vjp().AsSpan().ToArray()]);
        }

        var flops = 2.0 * m * k * n;
        var vjpName = form switch { GemmForm.AB => "Mat.MatMul", GemmForm.ATB => "Mat.MatMulTransposeA", _ => "Mat.MatMulTransposeB" };
        var torchName = form switch { GemmForm.AB => "torch.mm(a, b)", GemmForm.ATB => "torch.mm(a.t(), b)", _ => "torch.mm(a, b.t())" };
        // The same product through the span kernel into one reused C: the GEMM's own rate, without the
        // allocation of a fresh result (784 KB for the Aᵀ·B shape lands on the large-object heap, whose
        // collections the process CPU time counts).
        var reused = new double[m * n];
        Action kernel = form switch
        {
            GemmForm.AB => () => LinearKernels.MatMul(a.AsSpan(), b.AsSpan(), reused, m, k, n),
            GemmForm.ATB => () => LinearKernels.MatMulTransposeA(a.AsSpan(), b.AsSpan(), reused, m, k, n),
            _ => () => LinearKernels.MatMulTransposeB(a.AsSpan(), b.AsSpan(), reused, m, k, n),
        };
        kernel();
        Check.Agree(name + " (span kernel)", [vjp().AsSpan().ToArray()], [reused]);
        var kernelName = form switch { GemmForm.AB => "LinearKernels.MatMul", GemmForm.ATB => "LinearKernels.MatMulTransposeA", _ => "LinearKernels.MatMulTransposeB" };
        return new(name, [
            new(vjpName, Peer.Vjp, () => vjp(), flops),
            new($"{kernelName} into a reused C", Peer.Vjp, kernel, flops),
            new(torchName, Peer.Torch, () =>
            {
                using var c = torch();
            }, flops),
        ], new Disposables(ta, tb));
    }

    private static PeerGroup BlackScholesGroup()
    {
        var price = BlackScholes.Price;
        var o = BlackScholes.Point;
        var (handPrice, hand) = BlackScholes.ByHand(o);
        var (torchPrice, torch) = BlackScholes.Torch(o);
        var (vjpPrice, vjp) = price.ValueAndGradient(o);
        double[] Flat(double p, OptionInputs g) => [p, g.Spot, g.Strike, g.Rate, g.Volatility, g.Time];
        Check.Agree("Black–Scholes: TorchSharp vs closed forms", [Flat(handPrice, hand)], [Flat(torchPrice, torch)]);
        Check.Agree("Black–Scholes: Vjp vs closed forms", [Flat(handPrice, hand)], [Flat(vjpPrice, vjp)]);
        return new("Black–Scholes price and gradient", [
            new("Vjp ValueAndGradient", Peer.Vjp, () => price.ValueAndGradient(o)),
            new("closed forms by hand", Peer.Hand, () => BlackScholes.ByHand(o)),
            new("TorchSharp autograd, 0-d tensors", Peer.Torch, () => BlackScholes.Torch(o)),
        ]);
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
