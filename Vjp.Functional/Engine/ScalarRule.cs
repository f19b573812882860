namespace Vjp.Functional.Engine;

/// <summary>
/// A scalar primitive <c>y = f(x)</c> declared by its derivative <c>f′(x)</c> as a function of
/// <see cref="Real"/> values of <c>x</c> and <c>y</c>. Both modes come from it: pushforward
/// <c>ẏ = f′(x)·ẋ</c>, pullback <c>x̄ = ȳ·f′(x)</c>; and, evaluated on expressions, so do the
/// differentiable forms used for derivatives of derivatives.
/// </summary>
internal sealed class ScalarRule(
    string name,
    Domain domain,
    Func<double, double> f,
    Func<Real, Real, Real> derivative,
    Func<string, string>? format = null,
    Func<Real, Real, Real>? second = null)
    : Rule(name, DoubleSpace.Default, DoubleSpace.Default)
{
    private Node? _pullbackNode;

    public Func<double, double> F { get; } = f;

    public Func<Real, Real, Real> Derivative { get; } = derivative;

    public override Domain Domain => domain;

    public override int Arity => 1;

    public double D(double x, double y) => Derivative(x, y).Value;

    public override object Forward(object x, out object? r)
    {
        r = null;
        return F((double)x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar) => (double)yBar * D((double)x, (double)y);

    public override object? Pushforward(object x, object y, object? r, object dx) => D((double)x, (double)y) * (double)dx;

    public override string Format(string arg) => format?.Invoke(arg) ?? base.Format(arg);

    /// <summary>(x, ȳ) ↦ ȳ·f′(x); the same form serves as the pushforward (x, ẋ) ↦ f′(x)·ẋ.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildLinearForm();

    public override Node PushforwardNode => PullbackNode;

    private ScalarRule? _derivativeRule;
    private Node? _secondDerivative;

    /// <summary>
    /// The derivative f′ as a scalar rule of its own, <c>x ↦ f′(x)</c>, whose derivative f″ is the gradient of
    /// <see cref="DerivativeNode"/> (so it nests to any order). Its vector lifting keeps derivatives of
    /// derivatives of elementwise rules on SIMD kernels instead of a per-element tape.
    /// </summary>
    /// <remarks>
    /// A rule may also declare f″ as a function of (x, y = f(x)) — an optional fast path for the hot
    /// activations, checked against finite differences of f′ by the primitive table tests; without it, f″ is
    /// the compiled gradient of <see cref="DerivativeNode"/>.
    /// </remarks>
    public ScalarRule DerivativeRule => _derivativeRule ??= new ScalarRule(
        $"{Name}′",
        Domain,
        x => D(x, F(x)),
        second is not null
            ? (x, _) => second(x, x.IsSymbolic ? new Real(NodeOps.Apply(this, x.Expression!)) : F(x.Value))
            : (x, _) => x.IsSymbolic
                ? new Real(NodeOps.Then(x.Expression!, SecondDerivative))
                : (double)SecondDerivative.Tape.Run(x.Value));

    private Node SecondDerivative => _secondDerivative ??=
        Emitter.Pullback(DerivativeNode(), new IdNode(DoubleSpace.Default), NodeOps.Const(DoubleSpace.Default, 1.0));

    /// <summary>The derivative x ↦ f′(x) as a differentiable function.</summary>
    public Node DerivativeNode()
    {
        var x = new IdNode(DoubleSpace.Default);
        var y = new RuleNode(this);
        return Derivative(new Real(x), new Real(y)).ToNode(DoubleSpace.Default);
    }

    private Node BuildLinearForm()
    {
        var pair = NodeOps.PairSpace(DoubleSpace.Default, DoubleSpace.Default);
        var x = new ProjectNode(pair, 0);
        var seed = new ProjectNode(pair, 1);
        var d = Derivative(new Real(x), new Real(NodeOps.Apply(this, x)));
        return (new Real(seed) * d).ToNode(pair);
    }
}

/// <summary>
/// A scalar primitive of two arguments <c>y = f(a, b)</c> declared by its partial derivatives
/// <c>∂f/∂a</c> and <c>∂f/∂b</c> as functions of <see cref="Real"/> values of <c>a</c>, <c>b</c>, <c>y</c>:
/// pushforward <c>ẏ = ∂ₐf·ȧ + ∂_bf·ḃ</c>, pullback <c>(ā, b̄) = (ȳ·∂ₐf, ȳ·∂_bf)</c>.
/// </summary>
internal sealed class ScalarBinaryRule(
    string name,
    Domain domain,
    Func<double, double, double> f,
    Func<Real, Real, Real, Real> da,
    Func<Real, Real, Real, Real> db,
    Func<string, string, string>? format = null)
    : Rule(name, NodeOps.PairSpace(DoubleSpace.Default, DoubleSpace.Default), DoubleSpace.Default)
{
    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    public Func<double, double, double> F { get; } = f;

    public Func<Real, Real, Real, Real> Da { get; } = da;

    public Func<Real, Real, Real, Real> Db { get; } = db;

    public override Domain Domain => domain;

    public override int Arity => 2;

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return F((double)a, (double)b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar) =>
        Pullback2(a, b, y, r, yBar, needA: true, needB: true, out aBar, out bBar);

    public override void Pullback2(object a, object b, object y, object? r, object yBar, bool needA, bool needB, out object? aBar, out object? bBar)
    {
        double pa = (double)a, pb = (double)b, py = (double)y, s = (double)yBar;
        aBar = needA ? s * Da(pa, pb, py).Value : null;
        bBar = needB ? s * Db(pa, pb, py).Value : null;
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? dA, object? dB)
    {
        double pa = (double)a, pb = (double)b, py = (double)y;
        var dy = 0.0;
        if (dA is not null)
        {
            dy += Da(pa, pb, py).Value * (double)dA;
        }

        if (dB is not null)
        {
            dy += Db(pa, pb, py).Value * (double)dB;
        }

        return dy;
    }

    public override string Format2(string a, string b) => format?.Invoke(a, b) ?? base.Format2(a, b);

    /// <summary>((a, b), ȳ) ↦ (ȳ·∂ₐf, ȳ·∂_bf).</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildPullback();

    /// <summary>((a, b), (ȧ, ḃ)) ↦ ∂ₐf·ȧ + ∂_bf·ḃ.</summary>
    public override Node PushforwardNode => _pushforwardNode ??= BuildPushforward();

    private (Real A, Real B, Real Y, Node Seed0, Node Seed1, VectorSpace Input) Parts(bool tangentPair)
    {
        var input = NodeOps.PairSpace(In, tangentPair ? In : Out);
        var ab = new ProjectNode(input, 0);
        var a = NodeOps.Project(ab, 0);
        var b = NodeOps.Project(ab, 1);
        var y = NodeOps.Then(ab, new RuleNode(this));
        var seed = new ProjectNode(input, 1);
        return tangentPair
            ? (new Real(a), new Real(b), new Real(y), NodeOps.Project(seed, 0), NodeOps.Project(seed, 1), input)
            : (new Real(a), new Real(b), new Real(y), seed, seed, input);
    }

    private Node BuildPullback()
    {
        var (a, b, y, seed, _, input) = Parts(tangentPair: false);
        var s = new Real(seed);
        return NodeOps.Fanout((s * Da(a, b, y)).ToNode(input), (s * Db(a, b, y)).ToNode(input));
    }

    private Node BuildPushforward()
    {
        var (a, b, y, da, db, input) = Parts(tangentPair: true);
        return (Da(a, b, y) * new Real(da) + Db(a, b, y) * new Real(db)).ToNode(input);
    }
}
