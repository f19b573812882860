using Vjp.Functional;

namespace Vjp.Benchmarks;

/// <summary>The three GEMM variants the pullbacks need.</summary>
public enum GemmVariant
{
    /// <summary>C = A·B, A (m×k), B (k×n).</summary>
    AB,

    /// <summary>C = Aᵀ·B, A (k×m), B (k×n): a weight gradient xᵀȳ.</summary>
    AtB,

    /// <summary>C = A·Bᵀ, A (m×k), B (n×k): an input gradient ȳWᵀ.</summary>
    ABt,
}

/// <summary>
/// One GEMM workload: a variant at C (m×n) with depth k, its operands built once from fixed seeds, and
/// the packed kernel (<see cref="LinearKernels"/>) and its predecessor (<see cref="LinearKernels.Reference"/>) on them.
/// </summary>
public sealed class GemmCase
{
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _c;

    public GemmCase(GemmVariant variant, int m, int k, int n)
    {
        (Variant, M, K, N) = (variant, m, k, n);
        _a = Workloads.RandomVec(m * k, seed: 11).AsSpan().ToArray();
        _b = Workloads.RandomVec(k * n, seed: 12).AsSpan().ToArray();
        _c = new double[m * n];
    }

    public GemmVariant Variant { get; }

    public int M { get; }

    public int K { get; }

    public int N { get; }

    /// <summary>Floating-point operations of one product, 2mkn.</summary>
    public double Flops => 2.0 * M * K * N;

    /// <summary>A plain-text key, variant then m×k×n, e.g. <c>AtB 784x64x128</c> (a BenchmarkDotNet parameter value).</summary>
    public string Key => $"{Variant} {M}x{K}x{N}";

    /// <summary>The case with the given <see cref="Key"/>.</summary>
    public static GemmCase Parse(string key) => All.Single(g => g.Key == key);

    /// <summary>2mkn for a <see cref="Key"/>.</summary>
    public static double FlopsOf(string key)
    {
        var mkn = key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..].Split('x').Select(double.Parse).ToArray();
        return 2 * mkn[0] * mkn[1] * mkn[2];
    }

    public string Name => Variant switch
    {
        GemmVariant.AB => $"A·B {M}×{K}·{K}×{N}",
        GemmVariant.AtB => $"Aᵀ·B ({K}×{M})ᵀ·{K}×{N}",
        _ => $"A·Bᵀ {M}×{K}·({N}×{K})ᵀ",
    };

    /// <summary>Throws unless the old and new kernels agree on this case (so that a benchmark compares the same work).</summary>
    public void Check()
    {
        Old();
        var expected = Vec.Create(_c);
        New();
        Workloads.Agree(Name, expected, Vec.Create(_c));
    }

    /// <summary>The packed, register-tiled kernel.</summary>
    public void New(bool accumulate = false)
    {
        switch (Variant)
        {
            case GemmVariant.AB:
                LinearKernels.MatMul(_a, _b, _c, M, K, N, accumulate);
                break;
            case GemmVariant.AtB:
                LinearKernels.MatMulTransposeA(_a, _b, _c, M, K, N, accumulate);
                break;
            default:
                LinearKernels.MatMulTransposeB(_a, _b, _c, M, K, N, accumulate);
                break;
        }
    }

    /// <summary>The packed kernel forced onto one micro-kernel path.</summary>
    internal void NewOn(GemmPath path, bool accumulate = false)
    {
        switch (Variant)
        {
            case GemmVariant.AB:
                LinearKernels.MatMul(_a, _b, _c, M, K, N, accumulate, path);
                break;
            case GemmVariant.AtB:
                LinearKernels.MatMulTransposeA(_a, _b, _c, M, K, N, accumulate, path);
                break;
            default:
                LinearKernels.MatMulTransposeB(_a, _b, _c, M, K, N, accumulate, path);
                break;
        }
    }

    /// <summary>The blocked TensorPrimitives kernels the packed one replaced.</summary>
    public void Old(bool accumulate = false)
    {
        switch (Variant)
        {
            case GemmVariant.AB:
                LinearKernels.Reference.MatMul(_a, _b, _c, M, K, N, accumulate);
                break;
            case GemmVariant.AtB:
                LinearKernels.Reference.MatMulTransposeA(_a, _b, _c, M, K, N, accumulate);
                break;
            default:
                LinearKernels.Reference.MatMulTransposeB(_a, _b, _c, M, K, N, accumulate);
                break;
        }
    }

    /// <summary>
    /// The workloads: every variant at 512³, and the products of a 784-128-10 MLP on a batch of 64
    /// (forward x·W, weight gradient xᵀȳ, input gradient ȳWᵀ, for both layers), and the first layer's three
    /// at batch 1 (row vector, rank-one update, row vector).
    /// </summary>
    public static IReadOnlyList<GemmCase> All { get; } =
    [
        new(GemmVariant.AB, 512, 512, 512),
        new(GemmVariant.AtB, 512, 512, 512),
        new(GemmVariant.ABt, 512, 512, 512),
        new(GemmVariant.AB, 64, 784, 128),
        new(GemmVariant.AtB, 784, 64, 128),
        new(GemmVariant.AtB, 128, 64, 784),
        new(GemmVariant.ABt, 64, 128, 784),
        new(GemmVariant.AB, 64, 128, 10),
        new(GemmVariant.AtB, 128, 64, 10),
        new(GemmVariant.ABt, 64, 10, 128),
        new(GemmVariant.AB, 1, 784, 128),
        new(GemmVariant.AtB, 784, 1, 128),
        new(GemmVariant.ABt, 1, 128, 784),
    ];
}
