using System.Numerics.Tensors;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Softmax <c>yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)</c> with <c>m = maxⱼ xⱼ</c> (the shift changes nothing
/// mathematically and keeps every exponent ≤ 0, so nothing overflows). Its Jacobian is
/// <c>diag(y) − y yᵀ</c>, symmetric, so pullback and pushforward have the same fused form:
/// <c>x̄ = y ⊙ (ȳ − ⟨ȳ, y⟩)</c>, <c>ẏ = y ⊙ (ẋ − ⟨y, ẋ⟩)</c>, O(n) with no n×n matrix.
/// </summary>
internal sealed class SoftmaxRule() : Rule("softmax", VecSpace.Default, VecSpace.Default)
{
    public static readonly SoftmaxRule Instance = new();

    public override int Arity => 1;

    internal static double[] Softmax(Vec x, string name)
    {
        if (x.Length == 0)
        {
            throw new ShapeException(name, "the softmax of an empty vector is undefined");
        }

        var y = new double[x.Length];
        TensorPrimitives.Subtract(x.AsSpan(), x.Max(), y);
        Deterministic.Exp(y, y);
        TensorPrimitives.Divide(y, Deterministic.Sum(y), y);
        return y;
    }

    public override object Forward(object x, out object? r)
    {
        r = null;
        return Vec.Wrap(Softmax((Vec)x, Name));
    }

    private static Vec Apply(Vec y, Vec v)
    {
        // y ⊙ (v − ⟨y, v⟩): the product with diag(y) − y yᵀ.
        var d = new double[y.Length];
        TensorPrimitives.Subtract(v.AsSpan(), Vec.Dot(y, v), d);
        TensorPrimitives.Multiply(d, y.AsSpan(), d);
        return Vec.Wrap(d);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => Apply((Vec)y, (Vec)yBar);

    public override object? Pushforward(object x, object y, object? r, object dx) => Apply((Vec)y, (Vec)dx);

    /// <summary>(x, v) ↦ s ⊙ (v − ⟨v, s⟩𝟙) with s = softmax(x); the Jacobian diag(s) − ssᵀ is symmetric, so this is both forms.</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
            var x = new ProjectNode(pair, 0);
            var v = new ProjectNode(pair, 1);
            var s = NodeOps.Then(x, new RuleNode(this));
            var centred = NodeOps.Apply2(VecPrimitives.SubRule, v, NodeOps.Apply2(ShapedRules.Fill(mean: false), v, NodeOps.Apply2(VecPrimitives.DotRule, v, s)));
            return NodeOps.Apply2(VecPrimitives.HadamardRule, s, centred);
        }
    }

    /// <summary>The same form as the pullback (symmetric Jacobian).</summary>
    public override Node PushforwardNode => PullbackNode;
}

/// <summary>
/// LogSumExp <c>y = m + ln Σᵢ e^(xᵢ − m)</c> with <c>m = maxᵢ xᵢ</c>: exact, and stable for inputs of any
/// size (the naive <c>ln Σ eˣ</c> overflows past x ≈ 709). Its gradient is the softmax <c>p</c>, kept as the
/// residual: pullback <c>x̄ = ȳ p</c>, pushforward <c>ẏ = ⟨p, ẋ⟩</c>.
/// </summary>
internal sealed class LogSumExpRule() : Rule("logsumexp", VecSpace.Default, DoubleSpace.Default)
{
    public static readonly LogSumExpRule Instance = new();

    public override int Arity => 1;

    internal static (double Value, double[] Softmax) Evaluate(Vec x, string name)
    {
        if (x.Length == 0)
        {
            throw new ShapeException(name, "the log-sum-exp of an empty vector is undefined");
        }

        var m = x.Max();
        if (double.IsInfinity(m))
        {
            // All −∞ gives −∞; any +∞ gives +∞ (and a gradient concentrated on the largest entries).
            var p = new double[x.Length];
            var count = 0;
            for (var i = 0; i < p.Length; i++)
            {
                count += x[i] == m ? 1 : 0;
            }

            for (var i = 0; i < p.Length; i++)
            {
                p[i] = x[i] == m ? 1.0 / count : 0;
            }

            return (m, p);
        }

        var e = new double[x.Length];
        TensorPrimitives.Subtract(x.AsSpan(), m, e);
        Deterministic.Exp(e, e);
        var sum = Deterministic.Sum(e);
        TensorPrimitives.Divide(e, sum, e);
        return (m + Math.Log(sum), e);
    }

    public override object Run(object x) => Evaluate((Vec)x, Name).Value;

    public override object Forward(object x, out object? r)
    {
        var (y, p) = Evaluate((Vec)x, Name);
        r = p;
        return y;
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => (double)yBar * Vec.Wrap((double[])r!);

    public override object? Pushforward(object x, object y, object? r, object dx) => Vec.Dot(Vec.Wrap((double[])r!), (Vec)dx);

    /// <summary>(x, ȳ) ↦ ȳ·softmax(x).</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(VecSpace.Default, DoubleSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRule.Instance));
            return NodeOps.Apply2(VecPrimitives.ScaleRule, new ProjectNode(pair, 1), softmax);
        }
    }

    /// <summary>(x, ẋ) ↦ ⟨softmax(x), ẋ⟩.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
            var softmax = NodeOps.Then(new ProjectNode(pair, 0), new RuleNode(SoftmaxRule.Instance));
            return NodeOps.Apply2(VecPrimitives.DotRule, softmax, new ProjectNode(pair, 1));
        }
    }
}

public static partial class Layers
{
    /// <summary>
    /// The softmax <c>yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)</c>, computed with the max shift so it never overflows.
    /// Jacobian <c>diag(y) − y yᵀ</c>; pullback <c>x̄ = y ⊙ (ȳ − ⟨ȳ, y⟩)</c>; pushforward <c>ẏ = y ⊙ (ẋ − ⟨y, ẋ⟩)</c>.
    /// </summary>
    /// <exception cref="ShapeException">At call time, for an empty vector.</exception>
    public static Diff<Vec, Vec> Softmax() => new(new RuleNode(SoftmaxRule.Instance));

    /// <summary>The softmax of a vector expression; see <see cref="Softmax()"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The logits.</param>
    public static Diff<X, Vec> Softmax<X>(Diff<X, Vec> x) where X : notnull => x.NotNull().Then(Softmax());

    /// <summary>
    /// The log-sum-exp <c>y = ln Σᵢ e^(xᵢ)</c>, computed as <c>m + ln Σᵢ e^(xᵢ − m)</c> with <c>m = maxᵢ xᵢ</c>, so
    /// it is exact for inputs of any magnitude. Gradient: the softmax <c>p</c>; pullback <c>x̄ = ȳ p</c>;
    /// pushforward <c>ẏ = ⟨p, ẋ⟩</c>.
    /// </summary>
    /// <exception cref="ShapeException">At call time, for an empty vector.</exception>
    public static Diff<Vec, double> LogSumExp() => new(new RuleNode(LogSumExpRule.Instance));

    /// <summary>The log-sum-exp of a vector expression; see <see cref="LogSumExp()"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="x">The vector expression.</param>
    public static Diff<X, double> LogSumExp<X>(Diff<X, Vec> x) where X : notnull => x.NotNull().Then(LogSumExp());
}
