using System.Numerics.Tensors;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// Cross-entropy of a target distribution <c>t</c> against the softmax of logits <c>z</c>, fused and
/// stable: <c>y = −Σᵢ tᵢ ln softmax(z)ᵢ = (Σᵢ tᵢ)·lse(z) − ⟨t, z⟩</c>. Pullback
/// <c>z̄ = ȳ ((Σt) p − t)</c> and <c>t̄ = ȳ (lse(z) 𝟙 − z) = −ȳ ln p</c>, with <c>p = softmax(z)</c> kept as the
/// residual; pushforward <c>ẏ = ⟨(Σt) p − t, ż⟩ + ⟨lse(z) 𝟙 − z, ṫ⟩</c>.
/// </summary>
internal sealed class CrossEntropyRule() : Rule("cross_entropy", NodeOps.PairSpace(VecSpace.Default, VecSpace.Default), DoubleSpace.Default)
{
    public static readonly CrossEntropyRule Instance = new();

    private sealed record Residuals(double[] P, double Lse, double Mass);

    public override int Arity => 2;

    public override object Forward2(object a, object b, out object? r)
    {
        Vec z = (Vec)a, t = (Vec)b;
        if (z.Length != t.Length)
        {
            throw new ShapeException(Name, $"logits Vec[{z.Length}] and target Vec[{t.Length}] differ in length");
        }

        var (lse, p) = LogSumExpRule.Evaluate(z, Name);
        var mass = t.Sum();
        r = new Residuals(p, lse, mass);
        return mass * lse - Vec.Dot(t, z);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        Vec z = (Vec)a, t = (Vec)b;
        var (p, lse, mass) = (Residuals)r!;
        var s = (double)yBar;
        var zBar = new double[z.Length];
        TensorPrimitives.Multiply(p, mass, zBar);
        TensorPrimitives.Subtract(zBar, t.AsSpan(), zBar);
        TensorPrimitives.Multiply(zBar, s, zBar);
        var tBar = new double[z.Length];
        TensorPrimitives.Subtract(lse, z.AsSpan(), tBar);
        TensorPrimitives.Multiply(tBar, s, tBar);
        aBar = Vec.Wrap(zBar);
        bBar = Vec.Wrap(tBar);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        Vec z = (Vec)a, t = (Vec)b;
        var (p, lse, mass) = (Residuals)r!;
        var dy = 0.0;
        if (da is Vec dz)
        {
            dy += mass * Deterministic.Dot(p, dz.AsSpan()) - Vec.Dot(t, dz);
        }

        if (db is Vec dt)
        {
            dy += lse * dt.Sum() - Vec.Dot(z, dt);
        }

        return dy;
    }

    public override string Format2(string a, string b) => $"cross_entropy({a}, {b})";

    /// <summary>((z, t), ȳ) ↦ (ȳ((Σt)·softmax(z) − t), ȳ(lse(z)𝟙 − z)).</summary>
    public override Node PullbackNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, Out);
            var zt = new ProjectNode(input, 0);
            var seed = new ProjectNode(input, 1);
            var (z, t, mass, p, lse) = Parts(zt);
            var zBar = NodeOps.Apply2(VecPrimitives.ScaleRule, seed, NodeOps.Apply2(VecPrimitives.SubRule, NodeOps.Apply2(VecPrimitives.ScaleRule, mass, p), t));
            var tBar = NodeOps.Apply2(VecPrimitives.ScaleRule, seed, NodeOps.Apply2(VecPrimitives.SubRule, NodeOps.Apply2(ShapedRules.Fill(mean: false), z, lse), z));
            return new FanoutNode([zBar, tBar], In);
        }
    }

    /// <summary>((z, t), (ż, ṫ)) ↦ ⟨(Σt)·softmax(z) − t, ż⟩ + ⟨lse(z)𝟙 − z, ṫ⟩.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, In);
            var zt = new ProjectNode(input, 0);
            var dots = new ProjectNode(input, 1);
            var (z, t, mass, p, lse) = Parts(zt);
            var dz = NodeOps.Project(dots, 0);
            var dt = NodeOps.Project(dots, 1);
            var first = NodeOps.Apply2(VecPrimitives.DotRule, NodeOps.Apply2(VecPrimitives.SubRule, NodeOps.Apply2(VecPrimitives.ScaleRule, mass, p), t), dz);
            var second = NodeOps.Apply2(VecPrimitives.DotRule, NodeOps.Apply2(VecPrimitives.SubRule, NodeOps.Apply2(ShapedRules.Fill(mean: false), z, lse), z), dt);
            return NodeOps.Apply2(ScalarPrimitives.AddRule, first, second);
        }
    }

    private static (Node Z, Node T, Node Mass, Node P, Node Lse) Parts(Node zt)
    {
        var z = NodeOps.Project(zt, 0);
        var t = NodeOps.Project(zt, 1);
        return (z, t, NodeOps.Then(t, new RuleNode(VecPrimitives.SumRule)), NodeOps.Then(z, new RuleNode(SoftmaxRule.Instance)), NodeOps.Then(z, new RuleNode(LogSumExpRule.Instance)));
    }
}

/// <summary>
/// The ridge (L2) penalty <c>y = (λ/2)‖p‖²</c> on any differentiable type (the inner product of its vector
/// space, so a parameter record is penalised as a whole). Pullback <c>p̄ = ȳ λ p</c>; pushforward <c>ẏ = λ⟨p, ṗ⟩</c>.
/// </summary>
internal sealed class L2Rule<P>(double lambda) : Rule(FormattableString.Invariant($"l2[{lambda}]"), VectorSpace<P>.Instance, DoubleSpace.Default)
    where P : notnull
{
    private static VectorSpace<P> Space => VectorSpace<P>.Instance;

    public override int Arity => 1;

    public override object Forward(object x, out object? r)
    {
        r = null;
        var p = (P)x;
        return 0.5 * lambda * Space.Inner(p, p);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => Space.Scale((double)yBar * lambda, (P)x);

    public override object? Pushforward(object x, object y, object? r, object dx) => lambda * Space.Inner((P)x, (P)dx);

    /// <summary>(p, ȳ) ↦ (λȳ)·p.</summary>
    public override Node PullbackNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, Out);
            var weight = NodeOps.Apply2(ScalarPrimitives.MulRule, NodeOps.Const(input, lambda), new ProjectNode(input, 1));
            return NodeOps.Apply2(new SpaceScaleRule(In), weight, new ProjectNode(input, 0));
        }
    }

    /// <summary>(p, ṗ) ↦ λ⟨p, ṗ⟩.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var input = NodeOps.PairSpace(In, In);
            var inner = NodeOps.Apply2(new SpaceInnerRule(In), new ProjectNode(input, 0), new ProjectNode(input, 1));
            return NodeOps.Apply2(ScalarPrimitives.MulRule, NodeOps.Const(input, lambda), inner);
        }
    }
}

/// <summary>
/// Losses as differentiable functions: cross-entropy from logits (fused with a stable log-sum-exp),
/// mean squared error and the L2 penalty. Combine them with the DSL's arithmetic:
/// <c>Losses.CrossEntropy(logits, label) + Losses.L2(p.Get(m =&gt; m.W1), 1e-4)</c>.
/// </summary>
public static partial class Losses
{
    /// <summary>
    /// The cross-entropy of a target distribution against the softmax of the logits,
    /// <c>(z, t) ↦ −Σᵢ tᵢ ln softmax(z)ᵢ = (Σᵢ tᵢ) lse(z) − ⟨t, z⟩</c>, computed from the logits without
    /// forming <c>ln softmax</c> (no overflow, no log of zero). Differentiable in both: <c>∂/∂z = (Σt) softmax(z) − t</c>,
    /// <c>∂/∂t = lse(z) − z</c>.
    /// </summary>
    /// <exception cref="ShapeException">At call time, when logits and target differ in length, or are empty.</exception>
    public static Diff<(Vec Logits, Vec Target), double> CrossEntropy() => new(new RuleNode(CrossEntropyRule.Instance));

    /// <summary>The cross-entropy of logits against a target, both expressions; see <see cref="CrossEntropy()"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <param name="target">The target distribution (usually summing to 1).</param>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Vec> logits, Diff<X, Vec> target) where X : notnull =>
        new(NodeOps.Apply2(CrossEntropyRule.Instance, logits.CheckedNode(), target.CheckedNode()));

    /// <summary>The cross-entropy of logits against a fixed target distribution.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <param name="target">The target distribution.</param>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Vec> logits, Vec target) where X : notnull =>
        CrossEntropy(logits.NotNull(), Fn.Const<X, Vec>(target.NotNull()));

    /// <summary>The cross-entropy of logits against a class label, <c>lse(z) − z_label</c> (the one-hot target).</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <param name="label">The class index.</param>
    /// <param name="classes">The number of classes (the logits' length).</param>
    public static Diff<X, double> CrossEntropy<X>(Diff<X, Vec> logits, int label, int classes) where X : notnull
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        return CrossEntropy(logits, Vec.Basis(classes, label));
    }

    /// <summary>The mean squared error <c>(1/n) Σᵢ (xᵢ − tᵢ)²</c> against a fixed target; pullback <c>x̄ = (2ȳ/n)(x − t)</c>.</summary>
    /// <param name="target">The target.</param>
    public static Diff<Vec, double> Mse(Vec target) => Mse(Diff.Input<Vec>(), Fn.Const<Vec, Vec>(target.NotNull()));

    /// <summary>The mean squared error of two vector expressions, <c>(1/n) Σᵢ (aᵢ − bᵢ)²</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    /// <exception cref="ShapeException">At call time, when the lengths differ.</exception>
    public static Diff<X, double> Mse<X>(Diff<X, Vec> prediction, Diff<X, Vec> target) where X : notnull =>
        Fn.Mean(Fn.Square(prediction.NotNull() - target.NotNull()));

    /// <summary>The mean squared error of a vector expression against a fixed target.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    public static Diff<X, double> Mse<X>(Diff<X, Vec> prediction, Vec target) where X : notnull =>
        Mse(prediction, Fn.Const<X, Vec>(target.NotNull()));

    /// <summary>
    /// The L2 penalty <c>(λ/2)‖p‖²</c> of any differentiable value (a parameter record as a whole, or one
    /// member: <c>L2(p.Get(m =&gt; m.W1), 1e-4)</c>); its gradient is <c>λ p</c>, i.e. weight decay.
    /// </summary>
    /// <typeparam name="P">The penalised type.</typeparam>
    /// <param name="lambda">The strength λ ≥ 0.</param>
    public static Diff<P, double> L2<P>(double lambda) where P : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lambda);
        return new(new RuleNode(new L2Rule<P>(lambda)));
    }

    /// <summary>The L2 penalty <c>(λ/2)‖p‖²</c> of an expression; see <see cref="L2{P}(double)"/>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="P">The penalised type.</typeparam>
    /// <param name="p">The expression.</param>
    /// <param name="lambda">The strength λ ≥ 0.</param>
    public static Diff<X, double> L2<X, P>(Diff<X, P> p, double lambda) where X : notnull where P : notnull => p.NotNull().Then(L2<P>(lambda));
}
