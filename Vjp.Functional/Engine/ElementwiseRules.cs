using System.Numerics.Tensors;

namespace Vjp.Functional.Engine;

/// <summary>A span kernel <c>destination[i] = f(x[i])</c>.</summary>
internal delegate void SpanMap(ReadOnlySpan<double> x, Span<double> destination);

/// <summary>A span kernel <c>destination[i] = f′(x[i])</c> given <c>x</c> and <c>y = f(x)</c>.</summary>
internal delegate void SpanDerivative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination);

/// <summary>
/// The elementwise lifting of a scalar rule to a flat space (<see cref="Vec"/>, and through <see cref="OnMat"/>
/// <see cref="Mat"/>): <c>yᵢ = f(xᵢ)</c>, pullback <c>x̄ = ȳ ⊙ f′(x)</c>, pushforward <c>ẏ = f′(x) ⊙ ẋ</c>. The maths
/// is the scalar rule's; the optional kernels only make the same computation SIMD. One declaration gives
/// every shape: the matrix lifting is derived from the vector one, kernels and all. The optional
/// <c>secondKernel</c> computes f″(x) given x and y = f(x), a SIMD twin of the scalar rule's declared f″ for the
/// derivative of the derivative (checked against finite differences by the primitive table's form rows).
/// </summary>
internal sealed class ElementwiseRule(ScalarRule scalar, SpanMap? kernel = null, SpanDerivative? derivativeKernel = null, Flat? flat = null, SpanDerivative? secondKernel = null)
    : Rule(scalar.Name, (flat ?? Flat.Vector).Space, (flat ?? Flat.Vector).Space)
{
    private readonly Flat _flat = flat ?? Flat.Vector;
    private readonly SpanMap? _kernel = Deterministic.Chunked(kernel);
    private readonly SpanDerivative? _derivativeKernel = Deterministic.Chunked(derivativeKernel);
    private readonly SpanDerivative? _secondKernel = Deterministic.Chunked(secondKernel);
    private Node? _pullbackNode;
    private ElementwiseRule? _onMat;

    public ScalarRule Scalar { get; } = scalar;

    public override int Arity => 1;

    public override Domain Domain => Scalar.Domain;

    /// <summary>The pullback always returns a new buffer, so the sweep may add later contributions into it.</summary>
    public override bool FreshCotangents => true;

    /// <summary>The same rule over matrices (a batch is a matrix whose rows are samples): same scalar rule, same kernels.</summary>
    public ElementwiseRule OnMat => ReferenceEquals(_flat, Flat.Matrix) ? this : _onMat ??= new ElementwiseRule(Scalar, kernel, derivativeKernel, Flat.Matrix, secondKernel);

    public override object Forward(object x, out object? r)
    {
        r = null;
        var xs = _flat.Read(x);
        var y = GC.AllocateUninitializedArray<double>(xs.Length); // every element is written below
        if (_kernel is not null)
        {
            _kernel(xs, y);
        }
        else
        {
            var f = Scalar.F;
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = f(xs[i]);
            }
        }

        return _flat.Wrap(x, y);
    }

    private double[] Derivative(object x, object y)
    {
        var xs = _flat.Read(x);
        var ys = _flat.Read(y);
        var d = GC.AllocateUninitializedArray<double>(xs.Length); // every element is written below
        if (_derivativeKernel is not null)
        {
            _derivativeKernel(xs, ys, d);
        }
        else
        {
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = Scalar.D(xs[i], ys[i]);
            }
        }

        return d;
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var d = Derivative(x, y);
        TensorPrimitives.Multiply(d, _flat.Read(yBar), d);
        return _flat.Wrap(x, d);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var d = Derivative(x, y);
        TensorPrimitives.Multiply(d, _flat.Read(dx), d);
        return _flat.Wrap(x, d);
    }

    /// <summary>(x, ȳ) ↦ ȳ ⊙ map(f′)(x), with f′ the scalar rule's derivative as a differentiable function.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildLinearForm();

    public override Node PushforwardNode => PullbackNode;

    private Node BuildLinearForm()
    {
        var pair = NodeOps.PairSpace(_flat.Space, _flat.Space);
        var x = new ProjectNode(pair, 0);
        var seed = new ProjectNode(pair, 1);
        var d = Scalar.DerivativeNode();
        if (d is ConstNode { Value: double c })
        {
            // A constant derivative (negation): the form is the scaling c·ȳ.
            return NodeOps.Apply2(_flat.Scale, NodeOps.Const(pair, c), seed);
        }

        // f′ lifted elementwise as a rule of its own: SIMD kernels when f has them (y = f(x), then f′(x, y)).
        SpanMap? derivativeMap = _kernel is not null && _derivativeKernel is not null
            ? (xs, destination) =>
            {
                var y = new double[xs.Length];
                _kernel(xs, y);
                _derivativeKernel(xs, y, destination);
            }
            : null;
        // f″ as the derivative kernel of f′ when the rule declares one (the hot activations), so that
        // forward-over-reverse products stay on SIMD kernels too.
        SpanDerivative? derivativeOfDerivative = _kernel is not null && _secondKernel is not null
            ? (xs, _, destination) =>
            {
                var y = new double[xs.Length];
                _kernel(xs, y);
                _secondKernel(xs, y, destination);
            }
            : null;
        var derivative = NodeOps.Apply(new ElementwiseRule(Scalar.DerivativeRule, derivativeMap, derivativeOfDerivative, _flat), x);
        return NodeOps.Apply2(_flat.Hadamard, seed, derivative);
    }
}

/// <summary>
/// SIMD kernels for the partial pullbacks <c>ā = PullA(a, b, y, ȳ)</c>, <c>b̄ = PullB(a, b, y, ȳ)</c> and
/// partial pushforwards <c>PushA(a, b, y, ȧ)</c>, <c>PushB(a, b, y, ḃ)</c> of a <see cref="ZipRule"/>: the
/// scalar rule's partial derivatives, vectorised. A kernel may return its cotangent or tangent argument
/// itself (values are immutable).
/// </summary>
internal sealed record ZipKernels(
    Func<Vec, Vec, Vec, Vec, Vec> PullA,
    Func<Vec, Vec, Vec, Vec, Vec> PullB,
    Func<Vec, Vec, Vec, Vec, Vec> PushA,
    Func<Vec, Vec, Vec, Vec, Vec> PushB)
{
    /// <summary>Optional: adds ā into an owned accumulator, <c>(ȳ, accumulator)</c>, for a partial that depends on ȳ alone (ā = ±ȳ).</summary>
    public Action<Vec, Vec>? IntoA { get; init; }

    /// <summary>Optional: adds b̄ into an owned accumulator, <c>(ȳ, accumulator)</c>, for a partial that depends on ȳ alone (b̄ = ±ȳ).</summary>
    public Action<Vec, Vec>? IntoB { get; init; }
}

/// <summary>
/// The elementwise lifting of a scalar binary rule: <c>yᵢ = f(aᵢ, bᵢ)</c> with pullback
/// <c>(ā, b̄) = (ȳ ⊙ ∂ₐf, ȳ ⊙ ∂_bf)</c>. Lengths must agree. The maths is the scalar rule's; the
/// optional kernels only make the same computation SIMD (without them every element calls the
/// scalar rule's partial derivatives).
/// </summary>
internal sealed class ZipRule(ScalarBinaryRule scalar, Func<Vec, Vec, Vec>? kernel = null, Func<string, string, string>? format = null, ZipKernels? partials = null)
    : Rule(scalar.Name, NodeOps.PairSpace(VecSpace.Default, VecSpace.Default), VecSpace.Default)
{
    public ScalarBinaryRule Scalar { get; } = scalar;

    public override int Arity => 2;

    /// <summary>The scalar rule's domain, elementwise (b ≠ 0 for division).</summary>
    public override Domain Domain => Scalar.Domain;

    private void Check(Vec a, Vec b)
    {
        if (a.Length != b.Length)
        {
            throw new ShapeException($"Vec.{Name}", $"lengths {a.Length} and {b.Length} differ");
        }
    }

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        Vec va = (Vec)a, vb = (Vec)b;
        Check(va, vb);
        if (kernel is not null)
        {
            return kernel(va, vb);
        }

        var y = new double[va.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = Scalar.F(va[i], vb[i]);
        }

        return Vec.Wrap(y);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar) =>
        Pullback2(a, b, y, r, yBar, needA: true, needB: true, out aBar, out bBar);

    public override void Pullback2(object a, object b, object y, object? r, object yBar, bool needA, bool needB, out object? aBar, out object? bBar)
    {
        Vec va = (Vec)a, vb = (Vec)b, vy = (Vec)y, s = (Vec)yBar;
        if (partials is not null)
        {
            aBar = needA ? partials.PullA(va, vb, vy, s) : null;
            bBar = needB ? partials.PullB(va, vb, vy, s) : null;
            return;
        }

        aBar = needA ? PartialPullback(Scalar.Da, va, vb, vy, s) : null;
        bBar = needB ? PartialPullback(Scalar.Db, va, vb, vy, s) : null;
    }

    /// <summary>Adds ±ȳ straight into an owned accumulator where the kernels say how (sums and differences).</summary>
    public override void Pullback2Into(object a, object b, object y, object? r, object yBar, bool needA, bool needB, object? aInto, object? bInto, out object? aBar, out object? bBar)
    {
        var s = (Vec)yBar;
        var intoA = partials?.IntoA is { } ia && aInto is Vec accA && accA.Length == s.Length ? (ia, accA) : default;
        var intoB = partials?.IntoB is { } ib && bInto is Vec accB && accB.Length == s.Length ? (ib, accB) : default;
        Pullback2(a, b, y, r, yBar, needA && intoA.ia is null, needB && intoB.ib is null, out aBar, out bBar);
        if (needA && intoA.ia is not null)
        {
            intoA.ia(s, intoA.accA);
            aBar = intoA.accA;
        }

        if (needB && intoB.ib is not null)
        {
            intoB.ib(s, intoB.accB);
            bBar = intoB.accB;
        }
    }

    private static Vec PartialPullback(Func<Real, Real, Real, Real> partial, Vec a, Vec b, Vec y, Vec s)
    {
        var result = new double[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = s[i] * partial(a[i], b[i], y[i]).Value;
        }

        return Vec.Wrap(result);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        Vec va = (Vec)a, vb = (Vec)b, vy = (Vec)y;
        if (partials is not null)
        {
            var fromA = da is Vec ta ? partials.PushA(va, vb, vy, ta) : null;
            var fromB = db is Vec tb ? partials.PushB(va, vb, vy, tb) : null;
            return fromA is null ? fromB : fromB is null ? fromA : fromA + fromB;
        }

        var d = new double[va.Length];
        for (var i = 0; i < d.Length; i++)
        {
            var t = 0.0;
            if (da is Vec ta)
            {
                t += Scalar.Da(va[i], vb[i], vy[i]).Value * ta[i];
            }

            if (db is Vec tb)
            {
                t += Scalar.Db(va[i], vb[i], vy[i]).Value * tb[i];
            }

            d[i] = t;
        }

        return Vec.Wrap(d);
    }

    public override string Format2(string a, string b) => format?.Invoke(a, b) ?? base.Format2(a, b);

    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    /// <summary>((a, b), ȳ) ↦ (ȳ ⊙ ∂ₐf(a, b), ȳ ⊙ ∂_bf(a, b)), the partials mapped elementwise.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildPullback();

    /// <summary>((a, b), (ȧ, ḃ)) ↦ ∂ₐf(a, b) ⊙ ȧ + ∂_bf(a, b) ⊙ ḃ.</summary>
    public override Node PushforwardNode => _pushforwardNode ??= BuildPushforward();

    /// <summary>The partial derivatives as differentiable scalar functions of the pair (a, b).</summary>
    private (Node Da, Node Db) Partials()
    {
        var pair = NodeOps.PairSpace(DoubleSpace.Default, DoubleSpace.Default);
        var a = new ProjectNode(pair, 0);
        var b = new ProjectNode(pair, 1);
        var y = new Real(new RuleNode(Scalar));
        return (Scalar.Da(new Real(a), new Real(b), y).ToNode(pair), Scalar.Db(new Real(a), new Real(b), y).ToNode(pair));
    }

    /// <summary>partial ⊙ v, where partial is a scalar function of (aᵢ, bᵢ) mapped over the vectors.</summary>
    private static Node Times(Node partial, Node ab, Node v) => partial is ConstNode { Value: double c }
        ? c == 1 ? v : NodeOps.Apply2(VecPrimitives.ScaleRule, NodeOps.Const(v.InputSpace, c), v)
        : NodeOps.Apply2(VecPrimitives.HadamardRule, v, NodeOps.Then(ab, new RuleNode(new ZipMapRule(partial))));

    private Node BuildPullback()
    {
        var input = NodeOps.PairSpace(In, Out);
        var ab = new ProjectNode(input, 0);
        var seed = new ProjectNode(input, 1);
        var (da, db) = Partials();
        return new FanoutNode([Times(da, ab, seed), Times(db, ab, seed)], In);
    }

    private Node BuildPushforward()
    {
        var input = NodeOps.PairSpace(In, In);
        var ab = new ProjectNode(input, 0);
        var dots = new ProjectNode(input, 1);
        var (da, db) = Partials();
        return NodeOps.Apply2(VecPrimitives.AddRule, Times(da, ab, NodeOps.Project(dots, 0)), Times(db, ab, NodeOps.Project(dots, 1)));
    }
}

/// <summary>
/// A scalar differentiable function of two arguments mapped over two vectors, <c>yᵢ = g(aᵢ, bᵢ)</c>
/// (the partial derivatives of elementwise binary rules, for derivatives of derivatives).
/// </summary>
internal sealed class ZipMapRule(Node g) : Rule($"zipmap({Printer.Print(g)})", NodeOps.PairSpace(VecSpace.Default, VecSpace.Default), VecSpace.Default), IRepeatedPart
{
    Node IRepeatedPart.Part => G;

    string IRepeatedPart.Unit => "element";

    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x) => ElementPairs(x);

    /// <summary>The pairs (aᵢ, bᵢ) a zip of <paramref name="x"/> = (a, b) runs its scalar function on.</summary>
    internal static IEnumerable<(int Number, object Input)> ElementPairs(object x)
    {
        var (a, b) = ((Vec, Vec))x;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            yield return (i + 1, (a[i], b[i]));
        }
    }

    /// <summary>A combinator over another function (its part), not an n-ary primitive of argument expressions.</summary>
    public override DiffKind Kind => DiffKind.Control;

    private Node? _pullbackNode;

    public Node G { get; } = g;

    public override int Arity => 2;

    public override IReadOnlyList<Node> Children => [G];

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        Vec va = (Vec)a, vb = (Vec)b;
        var tape = G.Tape;
        var y = new double[va.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (double)tape.Run((va[i], vb[i]));
        }

        return Vec.Wrap(y);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        Vec va = (Vec)a, vb = (Vec)b, s = (Vec)yBar;
        var tape = G.Tape;
        var ra = new double[va.Length];
        var rb = new double[va.Length];
        for (var i = 0; i < ra.Length; i++)
        {
            var (ga, gb) = ((double, double))tape.Pullback(tape.Record((va[i], vb[i])), s[i]);
            ra[i] = ga;
            rb[i] = gb;
        }

        aBar = Vec.Wrap(ra);
        bBar = Vec.Wrap(rb);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        Vec va = (Vec)a, vb = (Vec)b;
        var tape = G.Tape;
        var d = new double[va.Length];
        for (var i = 0; i < d.Length; i++)
        {
            var t = (da is Vec ta ? ta[i] : 0, db is Vec tb ? tb[i] : 0);
            d[i] = (double)tape.ValueAndTangent((va[i], vb[i]), t).Tangent;
        }

        return Vec.Wrap(d);
    }

    /// <summary>((a, b), ȳ) ↦ (ȳ ⊙ map(∂ₐg)(a, b), ȳ ⊙ map(∂_bg)(a, b)), with g's gradient as a differentiable function.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildPullback();

    private Node BuildPullback()
    {
        var pair = G.InputSpace;
        var gradient = Emitter.Pullback(G, new IdNode(pair), NodeOps.Const(pair, 1.0));
        var input = NodeOps.PairSpace(In, Out);
        var ab = new ProjectNode(input, 0);
        var seed = new ProjectNode(input, 1);
        Node Part(int i) => NodeOps.Apply2(VecPrimitives.HadamardRule, seed, NodeOps.Then(ab, new RuleNode(new ZipMapRule(NodeOps.Project(gradient, i)))));
        return new FanoutNode([Part(0), Part(1)], In);
    }

    private Node? _pushforwardNode;

    /// <summary>((a, b), (ȧ, ḃ)) ↦ map(∂ₐg)(a, b) ⊙ ȧ + map(∂_bg)(a, b) ⊙ ḃ.</summary>
    public override Node PushforwardNode => _pushforwardNode ??= BuildPushforward();

    private Node BuildPushforward()
    {
        var pair = G.InputSpace;
        var gradient = Emitter.Pullback(G, new IdNode(pair), NodeOps.Const(pair, 1.0));
        var input = NodeOps.PairSpace(In, In);
        var ab = new ProjectNode(input, 0);
        var dots = new ProjectNode(input, 1);
        Node Part(int i) => NodeOps.Apply2(VecPrimitives.HadamardRule, NodeOps.Project(dots, i), NodeOps.Then(ab, new RuleNode(new ZipMapRule(NodeOps.Project(gradient, i)))));
        return NodeOps.Apply2(VecPrimitives.AddRule, Part(0), Part(1));
    }
}

/// <summary>
/// Any scalar differentiable function mapped over a vector, <c>yᵢ = f(xᵢ)</c>: each element runs
/// <c>f</c>'s compiled tape; the pullback is <c>x̄ᵢ = f′(xᵢ)·ȳᵢ</c> by <c>f</c>'s own pullback.
/// </summary>
internal sealed class MapRule(Node f) : Rule($"map({Printer.Print(f)})", VecSpace.Default, VecSpace.Default), IRepeatedPart
{
    Node IRepeatedPart.Part => F;

    string IRepeatedPart.Unit => "element";

    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x)
    {
        var v = (Vec)x;
        for (var i = 0; i < v.Length; i++)
        {
            yield return (i + 1, v[i]);
        }
    }

    /// <summary>A combinator over another function (its part), not an n-ary primitive of argument expressions.</summary>
    public override DiffKind Kind => DiffKind.Control;

    public Node F { get; } = f;

    public override int Arity => 1;

    public override IReadOnlyList<Node> Children => [F];

    public override object Forward(object x, out object? r)
    {
        r = null;
        var v = (Vec)x;
        var tape = F.Tape;
        var y = new double[v.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (double)tape.Run(v[i]);
        }

        return Vec.Wrap(y);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        Vec v = (Vec)x, s = (Vec)yBar;
        var tape = F.Tape;
        var d = new double[v.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = (double)tape.Pullback(tape.Record(v[i]), s[i]);
        }

        return Vec.Wrap(d);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        Vec v = (Vec)x, t = (Vec)dx;
        var tape = F.Tape;
        var d = new double[v.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = (double)tape.ValueAndTangent(v[i], t[i]).Tangent;
        }

        return Vec.Wrap(d);
    }

    private Node? _pullbackNode;

    /// <summary>(x, ȳ) ↦ ȳ ⊙ map(f′)(x), with f′ = f's gradient as a differentiable function.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildLinearForm();

    public override Node PushforwardNode => PullbackNode;

    private Node BuildLinearForm()
    {
        var derivative = Emitter.Pullback(F, new IdNode(DoubleSpace.Default), NodeOps.Const(DoubleSpace.Default, 1.0));
        var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
        var x = new ProjectNode(pair, 0);
        var seed = new ProjectNode(pair, 1);
        return NodeOps.Apply2(VecPrimitives.HadamardRule, seed, NodeOps.Apply(new MapRule(derivative), x));
    }
}
