using System.Numerics.Tensors;
using Vjp.Functional.Engine;
using S = Vjp.Functional.ScalarPrimitives;

namespace Vjp.Functional;

/// <summary>
/// The vector primitives: elementwise liftings of the scalar primitives (their maths is the scalar
/// rule's; SIMD kernels from <see cref="TensorPrimitives"/> compute the same thing faster), the
/// arithmetic of ℝⁿ, reductions, indexing, slicing, concatenation and stacking.
/// </summary>
/// <remarks>Lengths must agree where two vectors meet; a mismatch throws <see cref="ShapeException"/> naming the rule's path and both lengths.</remarks>
public static partial class VecPrimitives
{
    // Elementwise -----------------------------------------------------------------------------

    /// <summary>Elementwise negation, <c>yᵢ = −xᵢ</c>.</summary>
    public static Diff<Vec, Vec> Neg { get; } = Elementwise(S.NegRule, TensorPrimitives.Negate, static (x, y, d) => d.Fill(-1));

    /// <summary>Elementwise sine; pullback x̄ = ȳ ⊙ cos x.</summary>
    public static Diff<Vec, Vec> Sin { get; } = Elementwise(S.SinRule, TensorPrimitives.Sin, static (x, y, d) => TensorPrimitives.Cos(x, d));

    /// <summary>Elementwise cosine; pullback x̄ = −ȳ ⊙ sin x.</summary>
    public static Diff<Vec, Vec> Cos { get; } = Elementwise(S.CosRule, TensorPrimitives.Cos, static (x, y, d) =>
    {
        TensorPrimitives.Sin(x, d);
        TensorPrimitives.Negate(d, d);
    });

    /// <summary>Elementwise tangent; pullback x̄ = ȳ ⊙ (1 + y²).</summary>
    public static Diff<Vec, Vec> Tan { get; } = Elementwise(S.TanRule, TensorPrimitives.Tan);

    /// <summary>Elementwise exponential; pullback x̄ = ȳ ⊙ y.</summary>
    public static Diff<Vec, Vec> Exp { get; } = Elementwise(S.ExpRule, Deterministic.Exp, static (x, y, d) => y.CopyTo(d));

    /// <summary>Elementwise natural logarithm (IEEE outside x &gt; 0); pullback x̄ = ȳ ⊘ x.</summary>
    public static Diff<Vec, Vec> Log { get; } = Elementwise(S.LogRule, TensorPrimitives.Log, static (x, y, d) => TensorPrimitives.Divide(1.0, x, d));

    /// <summary>Elementwise ln(1 + x).</summary>
    public static Diff<Vec, Vec> Log1p { get; } = Elementwise(S.Log1pRule);

    /// <summary>Elementwise eˣ − 1.</summary>
    public static Diff<Vec, Vec> Expm1 { get; } = Elementwise(S.Expm1Rule);

    /// <summary>Elementwise square root (NaN for x &lt; 0); pullback x̄ = ȳ ⊘ 2y.</summary>
    public static Diff<Vec, Vec> Sqrt { get; } = Elementwise(S.SqrtRule, TensorPrimitives.Sqrt, static (x, y, d) => TensorPrimitives.Divide(0.5, y, d));

    /// <summary>Elementwise hyperbolic tangent; pullback x̄ = ȳ ⊙ (1 − y²).</summary>
    /// <remarks>
    /// y is the scalar rule's <see cref="Math.Tanh"/> element by element, not <c>TensorPrimitives.Tanh</c>: the bits
    /// of the latter depend on which compiled version of it runs (its precompiled code and the JIT's tier-1 code
    /// group lanes differently (by all signs different vector widths), and a vector with a lane out of the polynomial's range is computed
    /// by <c>Math.Tanh</c>), so two forward passes at the same x, before and after tier-up, differed by an ulp.
    /// </remarks>
    public static Diff<Vec, Vec> Tanh { get; } = Elementwise(S.TanhRule, static (x, d) =>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = Math.Tanh(x[i]);
        }
    }, static (x, y, d) =>
    {
        TensorPrimitives.Multiply(y, y, d);
        TensorPrimitives.Subtract(1.0, d, d);
    }, second: static (x, y, d) =>
    {
        // f″ = −2y(1 − y²)
        TensorPrimitives.Multiply(y, y, d);
        TensorPrimitives.Subtract(1.0, d, d);
        TensorPrimitives.Multiply(d, y, d);
        TensorPrimitives.Multiply(d, -2.0, d);
    });

    /// <summary>Elementwise logistic sigmoid; pullback x̄ = ȳ ⊙ y ⊙ (1 − y).</summary>
    public static Diff<Vec, Vec> Sigmoid { get; } = Elementwise(S.SigmoidRule, static (x, d) =>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = S.SigmoidRule.F(x[i]);
        }
    }, static (x, y, d) =>
    {
        TensorPrimitives.Subtract(1.0, y, d);
        TensorPrimitives.Multiply(d, y, d);
    }, second: static (x, y, d) =>
    {
        // f″ = y(1 − y)(1 − 2y)
        TensorPrimitives.Subtract(1.0, y, d);
        TensorPrimitives.Multiply(d, y, d);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] *= 1 - 2 * y[i];
        }
    });

    /// <summary>Elementwise softplus ln(1 + eˣ); pullback x̄ = ȳ ⊙ sigmoid(x).</summary>
    public static Diff<Vec, Vec> Softplus { get; } = Elementwise(S.SoftplusRule);

    /// <summary>Elementwise absolute value (subgradient 0 at 0).</summary>
    public static Diff<Vec, Vec> Abs { get; } = Elementwise(S.AbsRule, TensorPrimitives.Abs);

    /// <summary>Elementwise rectified linear unit max(x, 0) (subgradient 0 at 0).</summary>
    public static Diff<Vec, Vec> Relu { get; } = Elementwise(S.ReluRule, static (x, d) => TensorPrimitives.Max(x, 0.0, d), static (x, y, d) =>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = x[i] > 0 ? 1 : 0;
        }
    });

    /// <summary>Elementwise error function.</summary>
    public static Diff<Vec, Vec> Erf { get; } = Elementwise(S.ErfRule);

    /// <summary>Elementwise standard normal CDF.</summary>
    public static Diff<Vec, Vec> NormalCdf { get; } = Elementwise(S.NormalCdfRule);

    /// <summary>Elementwise square; pullback x̄ = 2 ȳ ⊙ x.</summary>
    public static Diff<Vec, Vec> Square { get; } = Elementwise(S.SquareRule, static (x, d) => TensorPrimitives.Multiply(x, x, d), static (x, y, d) => TensorPrimitives.Multiply(x, 2.0, d));

    /// <summary>The elementwise lifting of a scalar primitive made with <see cref="ScalarPrimitives.Create"/> (or any library scalar primitive).</summary>
    /// <param name="scalar">A scalar primitive.</param>
    /// <returns>The primitive applied to every element.</returns>
    /// <exception cref="ArgumentException">When <paramref name="scalar"/> is not a scalar primitive; use a map combinator for composite functions.</exception>
    public static Diff<Vec, Vec> Lift(Diff<double, double> scalar) =>
        scalar.CheckedNode() is RuleNode { Rule: ScalarRule s }
            ? Elementwise(s)
            : new(new RuleNode(new MapRule(scalar.Node)));

    // Arithmetic ------------------------------------------------------------------------------

    // The partial kernels are the scalar rules' partial derivatives, vectorised: ∂(a ± b) = (1, ±1),
    // ∂(a·b) = (b, a), ∂(a/b) = (1/b, −y/b).
    internal static readonly ZipRule AddRule = new(S.AddRule, static (a, b) => a + b, static (a, b) => $"({a} + {b})", new(
        PullA: static (a, b, y, s) => s,
        PullB: static (a, b, y, s) => s,
        PushA: static (a, b, y, da) => da,
        PushB: static (a, b, y, db) => db)
    {
        IntoA = static (s, aBar) => TensorPrimitives.Add(aBar.AsSpan(), s.AsSpan(), Flat.Owned(aBar)),
        IntoB = static (s, bBar) => TensorPrimitives.Add(bBar.AsSpan(), s.AsSpan(), Flat.Owned(bBar)),
    });

    internal static readonly ZipRule SubRule = new(S.SubRule, static (a, b) => a - b, static (a, b) => $"({a} - {b})", new(
        PullA: static (a, b, y, s) => s,
        PullB: static (a, b, y, s) => -s,
        PushA: static (a, b, y, da) => da,
        PushB: static (a, b, y, db) => -db)
    {
        IntoA = static (s, aBar) => TensorPrimitives.Add(aBar.AsSpan(), s.AsSpan(), Flat.Owned(aBar)),
        IntoB = static (s, bBar) => TensorPrimitives.Subtract(bBar.AsSpan(), s.AsSpan(), Flat.Owned(bBar)),
    });

    internal static readonly ZipRule HadamardRule = new(S.MulRule, Vec.Hadamard, static (a, b) => $"{a} ⊙ {b}", new(
        PullA: static (a, b, y, s) => Vec.Hadamard(s, b),
        PullB: static (a, b, y, s) => Vec.Hadamard(s, a),
        PushA: static (a, b, y, da) => Vec.Hadamard(da, b),
        PushB: static (a, b, y, db) => Vec.Hadamard(a, db)));

    internal static readonly ZipRule DivRule = new(S.DivRule, Vec.Divide, static (a, b) => $"{a} ⊘ {b}", new(
        PullA: static (a, b, y, s) => Vec.Divide(s, b),
        PullB: static (a, b, y, s) => NegatedProductOver(s, y, b),
        PushA: static (a, b, y, da) => Vec.Divide(da, b),
        PushB: static (a, b, y, db) => NegatedProductOver(db, y, b)));

    /// <summary>−(s ⊙ y) ⊘ b in one buffer.</summary>
    private static Vec NegatedProductOver(Vec s, Vec y, Vec b)
    {
        var result = GC.AllocateUninitializedArray<double>(s.Length);
        TensorPrimitives.Multiply(s.AsSpan(), y.AsSpan(), result);
        TensorPrimitives.Divide(result, b.AsSpan(), result);
        TensorPrimitives.Negate(result, result);
        return Vec.Wrap(result);
    }

    /// <summary>Sum <c>a + b</c>; pullback (ȳ, ȳ).</summary>
    public static Diff<(Vec A, Vec B), Vec> Add { get; } = new(new RuleNode(AddRule));

    /// <summary>Difference <c>a − b</c>; pullback (ȳ, −ȳ).</summary>
    public static Diff<(Vec A, Vec B), Vec> Sub { get; } = new(new RuleNode(SubRule));

    /// <summary>Hadamard product <c>a ⊙ b</c>; pullback (ȳ ⊙ b, ȳ ⊙ a).</summary>
    public static Diff<(Vec A, Vec B), Vec> Hadamard { get; } = new(new RuleNode(HadamardRule));

    /// <summary>Elementwise quotient <c>a ⊘ b</c>; pullback (ȳ ⊘ b, −ȳ ⊙ y ⊘ b).</summary>
    public static Diff<(Vec A, Vec B), Vec> Div { get; } = new(new RuleNode(DivRule));

    internal static readonly TypedRule2<double, Vec, Vec> ScaleRule = new(
        "scale",
        static (s, v) => s * v,
        static (s, v, y, yBar) => Vec.Dot(yBar, v),
        static (s, v, y, yBar) => s * yBar,
        static (s, v, y, ds) => ds * v,
        static (s, v, y, dv) => s * dv,
        static (s, v) => $"{s} * {v}",
        pullbackNode: static () =>
        {
            var (sv, yBar) = Diff.Input<((double, Vec), Vec)>();
            var (s, v) = sv;
            return Diff.Fanout(Fn.Dot(yBar, v), s * yBar).Node;
        },
        pushforwardNode: static () =>
        {
            var (sv, d) = Diff.Input<((double, Vec), (double, Vec))>();
            var (s, v) = sv;
            var (ds, dv) = d;
            return (ds * v + s * dv).Node;
        },
        fresh: true,
        intoB: static (s, v, y, yBar, vBar) => TensorPrimitives.MultiplyAdd(yBar.AsSpan(), s, vBar.AsSpan(), Flat.Owned(vBar)));

    /// <summary>Scaling <c>y = s·v</c>; pullback (⟨ȳ, v⟩, s·ȳ).</summary>
    public static Diff<(double S, Vec V), Vec> Scale { get; } = new(new RuleNode(ScaleRule));

    internal static readonly TypedRule2<Vec, Vec, double> DotRule = new(
        "dot",
        static (a, b) => Vec.Dot(a, b),
        static (a, b, y, yBar) => yBar * b,
        static (a, b, y, yBar) => yBar * a,
        static (a, b, y, da) => Vec.Dot(da, b),
        static (a, b, y, db) => Vec.Dot(a, db),
        static (a, b) => $"⟨{a}, {b}⟩",
        pullbackNode: static () =>
        {
            var (ab, yBar) = Diff.Input<((Vec, Vec), double)>();
            var (a, b) = ab;
            return Diff.Fanout(yBar * b, yBar * a).Node;
        },
        pushforwardNode: static () =>
        {
            var (ab, d) = Diff.Input<((Vec, Vec), (Vec, Vec))>();
            var (a, b) = ab;
            var (da, db) = d;
            return (Fn.Dot(da, b) + Fn.Dot(a, db)).Node;
        });

    /// <summary>Inner product <c>y = ⟨a, b⟩</c>; pullback (ȳ·b, ȳ·a).</summary>
    public static Diff<(Vec A, Vec B), double> Dot { get; } = new(new RuleNode(DotRule));

    // Reductions ------------------------------------------------------------------------------

    internal static readonly TypedRule<Vec, double> SumRule = new(
        "sum", DiffKind.Primitive, Domain.All,
        static x => (x.Sum(), null),
        static (x, y, r, yBar) => Vec.Fill(x.Length, yBar),
        static (x, y, r, dx) => dx.Sum(),
        pullbackNode: static () => Forms.Linear<Vec, double, Vec>(ShapedRules.Fill(mean: false)),
        pushforwardNode: static () => Forms.OfTangent<Vec, double>(SumRule!));

    /// <summary>Sum of elements <c>y = Σᵢ xᵢ</c>; pullback x̄ = ȳ·𝟙.</summary>
    public static Diff<Vec, double> Sum { get; } = new(new RuleNode(SumRule));

    internal static readonly TypedRule<Vec, double> MeanRule = new(
        "mean", DiffKind.Primitive, Domain.All,
        static x => x.Length == 0 ? throw new ShapeException("Vec.Mean", "the mean of an empty vector is undefined") : (x.Mean(), null),
        static (x, y, r, yBar) => Vec.Fill(x.Length, yBar / x.Length),
        static (x, y, r, dx) => dx.Mean(),
        pullbackNode: static () => Forms.Linear<Vec, double, Vec>(ShapedRules.Fill(mean: true)),
        pushforwardNode: static () => Forms.OfTangent<Vec, double>(MeanRule!));

    /// <summary>Mean of elements <c>y = (1/n) Σᵢ xᵢ</c>; pullback x̄ = (ȳ/n)·𝟙.</summary>
    public static Diff<Vec, double> Mean { get; } = new(new RuleNode(MeanRule));

    internal static readonly TypedRule<Vec, double> NormRule = new(
        "norm", DiffKind.Primitive, Domain.All.Excluding(0), // kink at x = 0; checked elementwise away from it
        static x => (x.Norm(), null),
        static (x, y, r, yBar) => y == 0 ? Vec.Zeros(x.Length) : (yBar / y) * x,
        static (x, y, r, dx) => y == 0 ? 0 : Vec.Dot(x, dx) / y,
        static a => $"‖{a}‖",
        pullbackNode: static () =>
        {
            var (x, yBar) = Diff.Input<(Vec, double)>();
            return ((yBar / Fn.Norm(x)) * x).Node;
        },
        pushforwardNode: static () =>
        {
            var (x, dx) = Diff.Input<(Vec, Vec)>();
            return (Fn.Dot(x, dx) / Fn.Norm(x)).Node;
        });

    /// <summary>Euclidean norm <c>y = ‖x‖₂</c>; pullback x̄ = ȳ·x/‖x‖ (subgradient 0 at x = 0).</summary>
    public static Diff<Vec, double> Norm { get; } = new(new RuleNode(NormRule));

    // Structure -------------------------------------------------------------------------------

    internal static TypedRule<Vec, double> IndexRule(int index) => new(
        $"index[{index}]", DiffKind.Primitive, Domain.All,
        x => index < x.Length
            ? (x[index], null)
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Vec.Index: index {index} is outside Vec[{x.Length}]"),
        (x, y, r, yBar) => Scatter(yBar, index, x.Length),
        (x, y, r, dx) => dx[index],
        a => $"{a}[{index}]",
        pullbackNode: () => Forms.Linear<Vec, double, Vec>(ShapedRules.Scatter(index)),
        pushforwardNode: () => Forms.OfTangent<Vec, double>(IndexRule(index)))
    {
        VecIndex = index,
    };

    /// <summary>Component <c>y = xᵢ</c>; the pullback scatters ȳ into a zero vector at i.</summary>
    /// <param name="index">The index i.</param>
    public static Diff<Vec, double> Index(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(new RuleNode(IndexRule(index)));
    }

    /// <summary>The slice <c>y = x[start .. start + length]</c>; the pullback pads ȳ with zeros.</summary>
    /// <param name="start">The first index.</param>
    /// <param name="length">The number of elements.</param>
    public static Diff<Vec, Vec> Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(new RuleNode(new TypedRule<Vec, Vec>(
            $"slice[{start}..{start + length}]", DiffKind.Primitive, Domain.All,
            x => start + length <= x.Length
                ? (x.Slice(start, length), null)
                : throw new ShapeException("Vec.Slice", $"slice [{start}..{start + length}) is outside Vec[{x.Length}]"),
            (x, y, r, yBar) => Pad(yBar, start, x.Length),
            (x, y, r, dx) => dx.Slice(start, length),
            a => $"{a}[{start}..{start + length}]",
            pullbackNode: () => Forms.Linear<Vec, Vec, Vec>(ShapedRules.Pad(start, length)),
            pushforwardNode: () => NodeOps.Then(new ProjectNode(VectorSpace<(Vec, Vec)>.Instance, 1), Slice(start, length).Node))));
    }

    /// <summary>ȳ at <paramref name="index"/> of a zero vector: one buffer, and exact zeros elsewhere even for a non-finite ȳ.</summary>
    private static Vec Scatter(double yBar, int index, int length)
    {
        var a = new double[length];
        a[index] = yBar;
        return Vec.Wrap(a);
    }

    private static Vec Pad(Vec part, int start, int length)
    {
        var a = new double[length];
        part.AsSpan().CopyTo(a.AsSpan(start));
        return Vec.Wrap(a);
    }

    /// <summary>Stacks n scalars into a vector: <c>y = [x₁, …, xₙ]</c>; pullback x̄ᵢ = ȳᵢ.</summary>
    internal sealed class StackRule(int n) : NaryRule("vector", [.. Enumerable.Repeat<VectorSpace>(DoubleSpace.Default, n)], VecSpace.Default)
    {
        public override object Forward(object[] args)
        {
            var y = new double[args.Length];
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = (double)args[i];
            }

            return Vec.Wrap(y);
        }

        public override void Pullback(object[] args, object y, object yBar, object?[] argBars)
        {
            var s = (Vec)yBar;
            for (var i = 0; i < argBars.Length; i++)
            {
                argBars[i] = s[i];
            }
        }

        public override object Pushforward(object[] args, object y, object?[] argDots)
        {
            var d = new double[args.Length];
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = argDots[i] is double t ? t : 0;
            }

            return Vec.Wrap(d);
        }

        public override string Format(IReadOnlyList<string> args) => $"[{string.Join(", ", args)}]";

        public override Node?[] PullbackForms(Node[] args, Node yBar) =>
            [.. args.Select((_, i) => (Node?)NodeOps.Then(yBar, new RuleNode(IndexRule(i))))];

        public override Node PushforwardForm(Node[] args, Node[] dots) => new NaryNode(this, dots);
    }

    /// <summary>Concatenates vectors: <c>y = [a; b; …]</c>; the pullback slices ȳ back into parts.</summary>
    internal sealed class ConcatRule(int n) : NaryRule("concat", [.. Enumerable.Repeat<VectorSpace>(VecSpace.Default, n)], VecSpace.Default)
    {
        public override object Forward(object[] args) => Vec.Concat([.. args.Cast<Vec>()]);

        public override void Pullback(object[] args, object y, object yBar, object?[] argBars)
        {
            var s = (Vec)yBar;
            var offset = 0;
            for (var i = 0; i < args.Length; i++)
            {
                var len = ((Vec)args[i]).Length;
                argBars[i] = s.Slice(offset, len);
                offset += len;
            }
        }

        public override object Pushforward(object[] args, object y, object?[] argDots) =>
            Vec.Concat([.. args.Select((a, i) => argDots[i] as Vec ?? Vec.Zeros(((Vec)a).Length))]);

        public override Node?[] PullbackForms(Node[] args, Node yBar) =>
            [.. args.Select((_, i) => (Node?)new NaryNode(new ConcatPartRule(i, args.Length, pad: false), [yBar, .. args]))];

        public override Node PushforwardForm(Node[] args, Node[] dots) => new NaryNode(this, dots);
    }

    private static Diff<Vec, Vec> Elementwise(ScalarRule rule, SpanMap? kernel = null, SpanDerivative? derivative = null, SpanDerivative? second = null) =>
        new(new RuleNode(new ElementwiseRule(rule, kernel, derivative, secondKernel: second)));
}
