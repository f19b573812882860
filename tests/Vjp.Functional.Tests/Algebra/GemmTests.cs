namespace Vjp.Functional.Tests.Algebra;

/// <summary>
/// The packed GEMM behind <see cref="LinearKernels"/>' three products: every hardware path against every
/// other bit for bit, and against a naive fused triple loop, exactly where the kernel promises the same
/// chain of roundings and within Higham's bound elsewhere.
/// </summary>
public class GemmTests
{
    public enum Variant
    {
        AB,
        AtB,
        ABt,
    }

    /// <summary>Edge lengths around every tile edge (4, 6, 8, 24), with primes and ones.</summary>
    private static readonly int[] SmallDims = [1, 2, 3, 5, 7, 8, 9, 12, 13, 16, 17, 20, 23, 24, 25, 31];

    public static TheoryData<Variant, bool> VariantsAndModes => new()
    {
        { Variant.AB, false },
        { Variant.AB, true },
        { Variant.AtB, false },
        { Variant.AtB, true },
        { Variant.ABt, false },
        { Variant.ABt, true },
    };

    /// <summary>The paths this machine runs in hardware (the portable one always).</summary>
    private static GemmPath[] Paths =>
        Enum.GetValues<GemmPath>().Where(Gemm.IsAccelerated).ToArray();

    [Theory]
    [MemberData(nameof(VariantsAndModes))]
    public void SmallShapes_EveryPath_EqualsNaiveFusedLoopBitForBit(Variant variant, bool accumulate)
    {
        foreach (var m in SmallDims)
        {
            foreach (var k in SmallDims)
            {
                foreach (var n in SmallDims)
                {
                    var p = Problem.Random(variant, m, k, n, seed: (m * 100 + k) * 100 + n);
                    var naive = p.NaiveFused(accumulate);
                    // A·B and A·Bᵀ with a column-vector result go to MatVec, whose TensorPrimitives.Dot sums in its own
                    // order; every other product (row vectors, rank-one k = 1) keeps the fused chain bit for bit.
                    var dotRoute = variant switch
                    {
                        Variant.AB => n == 1,
                        Variant.ABt => m == 1 || n == 1,
                        _ => false,
                    };
                    foreach (var path in Paths)
                    {
                        var c = p.Run(accumulate, path);
                        if (dotRoute)
                        {
                            p.AssertWithinBound(c, naive, accumulate, $"{variant} {m}×{k}×{n} {path}");
                        }
                        else
                        {
                            AssertBitIdentical(naive, c, $"{variant} {m}×{k}×{n} {path} accumulate={accumulate}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(VariantsAndModes))]
    public void LargeShape_SpanningBlocks_PathsAgreeBitForBitWithinBoundOfNaive(Variant variant, bool accumulate)
    {
        // k = 517 gives three depth blocks, m = 300 several row blocks, n = 259 two column panels and ragged edges everywhere.
        var p = Problem.Random(variant, 300, 517, 259, seed: 42);
        var naive = p.NaiveFused(accumulate);
        var first = p.Run(accumulate, GemmPath.Portable);
        p.AssertWithinBound(first, naive, accumulate, $"{variant} portable");
        foreach (var path in Paths)
        {
            AssertBitIdentical(first, p.Run(accumulate, path), $"{variant} {path}");
        }
    }

    [Theory]
    [InlineData(Variant.AB)]
    [InlineData(Variant.AtB)]
    [InlineData(Variant.ABt)]
    public void DeepInnerDimension_DepthBlocksOnEveryPath_WithinBoundOfNaive(Variant variant)
    {
        var p = Problem.Random(variant, 9, 2000, 30, seed: 7);
        var naive = p.NaiveFused(accumulate: false);
        var first = p.Run(accumulate: false, GemmPath.Portable);
        p.AssertWithinBound(first, naive, accumulate: false, $"{variant}");
        foreach (var path in Paths)
        {
            AssertBitIdentical(first, p.Run(accumulate: false, path), $"{variant} {path}");
        }
    }

    [Theory]
    [InlineData(Variant.AB)]
    [InlineData(Variant.AtB)]
    [InlineData(Variant.ABt)]
    public void NaNInA_EveryPath_ReachesItsWholeRowOfC(Variant variant)
    {
        foreach (var path in Paths)
        {
            var p = Problem.Random(variant, 37, 29, 41, seed: 3);
            p.SetA(11, 17, double.NaN);
            var c = p.Run(accumulate: false, path);
            for (var i = 0; i < 37; i++)
            {
                for (var j = 0; j < 41; j++)
                {
                    Assert.True(double.IsNaN(c[i * 41 + j]) == (i == 11), $"{variant} {path} C[{i},{j}] = {c[i * 41 + j]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(Variant.AB)]
    [InlineData(Variant.AtB)]
    [InlineData(Variant.ABt)]
    public void InfinityInB_TimesZeroA_EveryPath_GivesNaNNotSkippedZero(Variant variant)
    {
        foreach (var path in Paths)
        {
            // A is all zeros, so a kernel that skipped zero blocks would leave C = 0; IEEE says 0·∞ = NaN.
            var p = Problem.Random(variant, 30, 26, 50, seed: 5);
            p.FillA(0);
            p.SetB(3, 33, double.PositiveInfinity);
            var c = p.Run(accumulate: false, path);
            for (var i = 0; i < 30; i++)
            {
                for (var j = 0; j < 50; j++)
                {
                    var expected = j == 33 ? double.NaN : 0.0;
                    Assert.True(expected.Equals(c[i * 50 + j]), $"{variant} {path} C[{i},{j}] = {c[i * 50 + j]}");
                }
            }
        }
    }

    [Fact]
    public void InfinityInA_EveryPath_PropagatesAsInfinity()
    {
        foreach (var path in Paths)
        {
            var p = Problem.Random(Variant.AB, 20, 20, 20, seed: 6);
            p.FillB(1);
            p.SetA(4, 2, double.PositiveInfinity);
            var c = p.Run(accumulate: false, path);
            for (var j = 0; j < 20; j++)
            {
                Assert.Equal(double.PositiveInfinity, c[4 * 20 + j]);
            }
        }
    }

    [Fact]
    public void ConcurrentCalls_ManyThreadsAndShapes_MatchSequentialResults()
    {
        var problems = Enumerable.Range(0, 24)
            .Select(s => Problem.Random((Variant)(s % 3), 20 + 13 * s, 30 + 7 * s, 25 + 11 * s, seed: 100 + s))
            .ToArray();
        var sequential = problems.Select(p => p.Run(accumulate: false, Gemm.Best)).ToArray();

        var concurrent = new double[problems.Length][];
        Parallel.For(0, problems.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var s = t % problems.Length;
            concurrent[s] = problems[s].Run(accumulate: false, Gemm.Best);
        });

        for (var s = 0; s < problems.Length; s++)
        {
            AssertBitIdentical(sequential[s], concurrent[s], $"problem {s}");
        }
    }

    [Fact]
    public void RepeatedCalls_AfterTheFirst_AllocateNothing()
    {
        // One buffer of 300·517 serves as A (300×517) and as A stored transposed (517×300); B likewise.
        var a = new double[300 * 517];
        var b = new double[517 * 259];
        var c = new double[300 * 259];
        LinearKernels.MatMul(a, b, c, 300, 517, 259, accumulate: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var call = 0; call < 3; call++)
        {
            LinearKernels.MatMul(a, b, c, 300, 517, 259, accumulate: call > 0);
            LinearKernels.MatMulTransposeA(a, b, c, 300, 517, 259, accumulate: true);
            LinearKernels.MatMulTransposeB(a, b, c, 300, 517, 259, accumulate: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0, 5, 7)]
    [InlineData(5, 0, 7)]
    [InlineData(5, 7, 0)]
    public void EmptyDimensions_EveryPath_GiveZeroOrKeepC(int m, int k, int n)
    {
        foreach (var variant in Enum.GetValues<Variant>())
        {
            foreach (var path in Paths)
            {
                var p = Problem.Random(variant, m, k, n, seed: 9);
                Assert.All(p.Run(accumulate: false, path), x => Assert.Equal(0.0, x));
                AssertBitIdentical(p.C0, p.Run(accumulate: true, path), $"{variant} {path}");
            }
        }
    }

    private static void AssertBitIdentical(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} bit for bit");
            }
        }
    }

    /// <summary>One product: operands stored as the variant stores them, and a starting C for accumulation.</summary>
    private sealed class Problem
    {
        private readonly double[] _a;
        private readonly double[] _b;

        private Problem(Variant variant, int m, int k, int n, double[] a, double[] b, double[] c0)
        {
            (V, M, K, N, _a, _b, C0) = (variant, m, k, n, a, b, c0);
        }

        public Variant V { get; }

        public int M { get; }

        public int K { get; }

        public int N { get; }

        public double[] C0 { get; }

        public static Problem Random(Variant variant, int m, int k, int n, int seed)
        {
            var random = new Random(seed);
            double[] Fill(int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            return new Problem(variant, m, k, n, Fill(m * k), Fill(k * n), Fill(m * n));
        }

        /// <summary>A(i, p) of op(A), wherever the variant stores it.</summary>
        private ref double A(int i, int p) => ref V == Variant.AtB ? ref _a[p * M + i] : ref _a[i * K + p];

        /// <summary>B(p, j) of op(B), wherever the variant stores it.</summary>
        private ref double B(int p, int j) => ref V == Variant.ABt ? ref _b[j * K + p] : ref _b[p * N + j];

        public void SetA(int i, int p, double value) => A(i, p) = value;

        public void SetB(int p, int j, double value) => B(p, j) = value;

        public void FillA(double value) => Array.Fill(_a, value);

        public void FillB(double value) => Array.Fill(_b, value);

        public double[] Run(bool accumulate, GemmPath path)
        {
            var c = accumulate ? (double[])C0.Clone() : Enumerable.Repeat(double.NaN, M * N).ToArray();
            switch (V)
            {
                case Variant.AB:
                    LinearKernels.MatMul(_a, _b, c, M, K, N, accumulate, path);
                    break;
                case Variant.AtB:
                    LinearKernels.MatMulTransposeA(_a, _b, c, M, K, N, accumulate, path);
                    break;
                default:
                    LinearKernels.MatMulTransposeB(_a, _b, c, M, K, N, accumulate, path);
                    break;
            }

            return c;
        }

        /// <summary>Cᵢⱼ as one chain of fused multiply-adds in increasing p, from 0 or from C0ᵢⱼ.</summary>
        public double[] NaiveFused(bool accumulate)
        {
            var c = new double[M * N];
            for (var i = 0; i < M; i++)
            {
                for (var j = 0; j < N; j++)
                {
                    var acc = accumulate ? C0[i * N + j] : 0.0;
                    for (var p = 0; p < K; p++)
                    {
                        acc = Math.FusedMultiplyAdd(A(i, p), B(p, j), acc);
                    }

                    c[i * N + j] = acc;
                }
            }

            return c;
        }

        /// <summary>
        /// |ĉᵢⱼ − naiveᵢⱼ| ≤ 2γₖ₊₁ (|C0ᵢⱼ| + Σₚ |Aᵢₚ||Bₚⱼ|): each is within γₖ₊₁ of the exact value
        /// (Higham, Accuracy and Stability of Numerical Algorithms, §3.5), whatever order either summed in.
        /// </summary>
        public void AssertWithinBound(double[] c, double[] naive, bool accumulate, string what)
        {
            var u = Math.ScaleB(1.0, -53);
            var gamma = (K + 1) * u / (1 - (K + 1) * u);
            for (var i = 0; i < M; i++)
            {
                for (var j = 0; j < N; j++)
                {
                    var scale = accumulate ? Math.Abs(C0[i * N + j]) : 0.0;
                    for (var p = 0; p < K; p++)
                    {
                        scale += Math.Abs(A(i, p) * B(p, j));
                    }

                    var error = Math.Abs(c[i * N + j] - naive[i * N + j]);
                    Assert.True(error <= 2 * gamma * scale, $"{what}: C[{i},{j}] = {c[i * N + j]:R}, naive {naive[i * N + j]:R}, |Δ| = {error:G3} > {2 * gamma * scale:G3}");
                }
            }
        }
    }
}
