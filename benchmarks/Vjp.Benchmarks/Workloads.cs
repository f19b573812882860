using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Vjp.Functional;
using static Vjp.Functional.Fn;

namespace Vjp.Benchmarks;

/// <summary>
/// The functions the suite measures, built once, and the hand-written references that compute the
/// same maths with the same kernels. The BenchmarkDotNet classes and the <c>alloc</c> mode share them,
/// so both measure exactly the same work.
/// </summary>
public static class Workloads
{
    // ---------------------------------------------------------------- worked example

    /// <summary>f(x₁, x₂) = [x₁² + x₂, sin x₁, x₁x₂], the README's first example.</summary>
    public static Diff<Vec, Vec> WorkedExample { get; } = BuildWorkedExample();

    /// <summary>The point x = (1, 2) of the worked example.</summary>
    public static Vec WorkedX { get; } = Vec.Of(1, 2);

    /// <summary>The cotangent v = (1, −1, 2) of the worked example.</summary>
    public static Vec WorkedV { get; } = Vec.Of(1, -1, 2);

    private static Diff<Vec, Vec> BuildWorkedExample()
    {
        var x = Diff.Input<Vec>();
        return Diff.Vector(x[0] * x[0] + x[1], Sin(x[0]), x[0] * x[1]);
    }

    /// <summary>The worked example's forward, written by hand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vec WorkedForwardByHand(Vec x)
    {
        double x1 = x[0], x2 = x[1];
        return Vec.Of(x1 * x1 + x2, Math.Sin(x1), x1 * x2);
    }

    /// <summary>
    /// vᵀJ for the worked example, by hand: J = [[2x₁, 1], [cos x₁, 0], [x₂, x₁]]. Like the library's
    /// Vjp it runs the forward pass too (its value is discarded), so both rows do the same work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vec WorkedVjpByHand(Vec x, Vec v)
    {
        double x1 = x[0], x2 = x[1];
        var y = WorkedForwardByHand(x);
        GC.KeepAlive(y);
        return Vec.Of(2 * x1 * v[0] + Math.Cos(x1) * v[1] + x2 * v[2], v[0] + x1 * v[2]);
    }

    // ---------------------------------------------------------------- 100-stage scalar chain

    /// <summary>The number of stages of the scalar chain.</summary>
    public const int ChainStages = 100;

    /// <summary>sin, tanh, sin, tanh, … (100 stages) composed with <c>Then</c>: bounded, no overflow, derivative never 0.</summary>
    public static Diff<double, double> ScalarChain { get; } = BuildScalarChain();

    /// <summary>The chain's input point.</summary>
    public const double ChainX = 0.7;

    private static Diff<double, double> BuildScalarChain()
    {
        var f = ScalarPrimitives.Sin;
        for (var i = 1; i < ChainStages; i++)
        {
            f = f.Then(i % 2 == 0 ? ScalarPrimitives.Sin : ScalarPrimitives.Tanh);
        }

        return f;
    }

    /// <summary>The chain's forward as a plain loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ChainForwardByHand(double x)
    {
        for (var i = 0; i < ChainStages; i += 2)
        {
            x = Math.Tanh(Math.Sin(x));
        }

        return x;
    }

    /// <summary>
    /// The chain's value and derivative as a plain loop: the derivative accumulates the stages'
    /// derivatives (cos x for sin, 1 − y² for tanh) as it goes, the cheapest way to write it by hand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Value, double Derivative) ChainGradientByHand(double x)
    {
        var d = 1.0;
        for (var i = 0; i < ChainStages; i += 2)
        {
            d *= Math.Cos(x);
            x = Math.Sin(x);
            var t = Math.Tanh(x);
            d *= 1 - t * t;
            x = t;
        }

        return (x, d);
    }

    // ---------------------------------------------------------------- vector function

    /// <summary>loss(x) = Σᵢ tanh(xᵢ)·xᵢ + ½⟨x, x⟩, a vector function with elementwise, product, reduction and fan-out.</summary>
    public static Diff<Vec, double> VectorLoss { get; } = BuildVectorLoss();

    private static Diff<Vec, double> BuildVectorLoss()
    {
        var x = Diff.Input<Vec>();
        return Sum(Tanh(x) * x) + 0.5 * Dot(x, x);
    }

    /// <summary>A reproducible input in [−1, 1]ⁿ.</summary>
    public static Vec RandomVec(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = 2 * random.NextDouble() - 1;
        }

        return Vec.FromArray(values);
    }

    /// <summary>The loss by hand with the same TensorPrimitives kernels: t = tanh x; ⟨t, x⟩ + ½⟨x, x⟩.</summary>
    public static double VectorLossByHand(Vec vx)
    {
        var x = vx.AsSpan();
        var t = GC.AllocateUninitializedArray<double>(x.Length);
        TensorPrimitives.Tanh(x, t);
        return TensorPrimitives.Dot<double>(t, x) + 0.5 * TensorPrimitives.Dot(x, x);
    }

    /// <summary>
    /// Value and gradient by hand with the same kernels: t = tanh x, value ⟨t, x⟩ + ½⟨x, x⟩,
    /// gradient g = t + x ⊙ (1 − t²) + x. Two arrays of n doubles, like the smallest a caller could use
    /// (the intermediate t and the returned gradient).
    /// </summary>
    public static (double Value, Vec Gradient) VectorGradientByHand(Vec vx)
    {
        var x = vx.AsSpan();
        var t = GC.AllocateUninitializedArray<double>(x.Length);
        TensorPrimitives.Tanh(x, t);
        var value = TensorPrimitives.Dot<double>(t, x) + 0.5 * TensorPrimitives.Dot(x, x);
        var g = GC.AllocateUninitializedArray<double>(x.Length);
        TensorPrimitives.Multiply(t, t, g);          // t²
        TensorPrimitives.Subtract(1.0, g, g);         // 1 − t²
        TensorPrimitives.Multiply(g, x, g);           // x ⊙ (1 − t²)
        TensorPrimitives.Add(g, t, g);                // + t
        TensorPrimitives.Add(g, x, g);                // + x
        return (value, Vec.Wrap(g));
    }

    // ---------------------------------------------------------------- R^n → R^10

    /// <summary>The output dimension of the Jacobian benchmark.</summary>
    public const int JacobianOutputs = 10;

    /// <summary>f(x) = W·tanh(x) with a fixed 10×n matrix W: every output depends on every input.</summary>
    public static Diff<Vec, Vec> Projection(int n)
    {
        var random = new Random(17);
        var w = new double[JacobianOutputs * n];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (2 * random.NextDouble() - 1) / Math.Sqrt(n);
        }

        var x = Diff.Input<Vec>();
        return Const<Vec, Mat>(Mat.Create(JacobianOutputs, n, w)) * Tanh(x);
    }

    // ---------------------------------------------------------------- second order (issue 6)

    /// <summary>The worked example seen through its cotangent, x ↦ ⟨v, f(x)⟩, whose gradient is the VJP vᵀJ.</summary>
    public static Diff<Vec, double> WorkedExampleScalar { get; } = Dot(Const<Vec, Vec>(WorkedV), WorkedExample);

    /// <summary>The sizes of the MLP: inputs, hidden units, outputs.</summary>
    public const int MlpIn = 32, MlpHidden = 64, MlpOut = 10;

    /// <summary>
    /// The squared-error loss of a one-hidden-layer perceptron on one fixed sample, as a function of its
    /// parameters: p ↦ ½‖W₂ tanh(W₁ x + b₁) + b₂ − t‖².
    /// </summary>
    public static Diff<MlpParams, double> MlpLoss { get; } = BuildMlpLoss();

    private static Diff<MlpParams, double> BuildMlpLoss()
    {
        var p = Diff.Input<MlpParams>();
        var x = Const<MlpParams, Vec>(RandomVec(MlpIn, 31));
        var target = Const<MlpParams, Vec>(RandomVec(MlpOut, 32));
        var h = Tanh(p.Get(m => m.W1) * x + p.Get(m => m.B1));
        var e = p.Get(m => m.W2) * h + p.Get(m => m.B2) - target;
        return 0.5 * Dot(e, e);
    }

    /// <summary>Reproducible MLP parameters (or a direction in parameter space), scaled like a 1/√fan-in initialisation.</summary>
    public static MlpParams RandomMlp(int seed) => new(
        (1 / Math.Sqrt(MlpIn)) * Mat.Create(MlpHidden, MlpIn, RandomVec(MlpHidden * MlpIn, seed).AsSpan()),
        RandomVec(MlpHidden, seed + 1),
        (1 / Math.Sqrt(MlpHidden)) * Mat.Create(MlpOut, MlpHidden, RandomVec(MlpOut * MlpHidden, seed + 2).AsSpan()),
        RandomVec(MlpOut, seed + 3));

    /// <summary>
    /// Throws unless the HVP agrees with central differences of gradients, (∇f(x + hv) − ∇f(x − hv)) / 2h,
    /// over the flat view (relative 1e-5, the finite-difference error at this h).
    /// </summary>
    public static void AgreeWithGradientDifferences<T>(string what, Diff<T, double> f, T x, T v, T hvp) where T : notnull
    {
        const double h = 1e-5;
        var space = VectorSpace<T>.Instance;
        var plus = space.ToArray(f.Gradient(space.Add(x, space.Scale(h, v))));
        var minus = space.ToArray(f.Gradient(space.Add(x, space.Scale(-h, v))));
        var actual = space.ToArray(hvp);
        var scale = actual.Max(Math.Abs) + 1;
        for (var i = 0; i < actual.Length; i++)
        {
            var expected = (plus[i] - minus[i]) / (2 * h);
            if (Math.Abs(expected - actual[i]) > 1e-5 * scale)
            {
                throw new InvalidOperationException($"{what}: HVP component {i} is {actual[i]}, finite differences of gradients give {expected}.");
            }
        }
    }

    // ---------------------------------------------------------------- checks

    /// <summary>Throws unless <paramref name="actual"/> agrees with <paramref name="expected"/> to a relative 1e-10.</summary>
    public static void Agree(string what, Vec expected, Vec actual)
    {
        if (!expected.ApproxEquals(actual, absTol: 1e-10, relTol: 1e-10))
        {
            throw new InvalidOperationException($"{what}: the library gives {actual}, the reference {expected}; the benchmark would compare different work.");
        }
    }

    /// <summary>Throws unless two numbers agree to a relative 1e-10.</summary>
    public static void Agree(string what, double expected, double actual)
    {
        if (Math.Abs(expected - actual) > 1e-10 * Math.Max(1, Math.Abs(expected)))
        {
            throw new InvalidOperationException($"{what}: the library gives {actual}, the reference {expected}; the benchmark would compare different work.");
        }
    }
}
