using System.Numerics.Tensors;

namespace Vjp.Functional.Engine;

/// <summary>A span kernel <c>destination[i] = f(x[i])</c>.</summary>
internal delegate void SpanMap(ReadOnlySpan<double> x, Span<double> destination);

/// <summary>A span kernel <c>destination[i] = f′(x[i])</c> given <c>x</c> and <c>y = f(x)</c>.</summary>
internal delegate void SpanDerivative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination);

/// <summary>
/// The elementwise lifting of a scalar rule to <see cref="Vec"/>: <c>yᵢ = f(xᵢ)</c>, pullback
/// <c>x̄ = ȳ ⊙ f′(x)</c>, pushforward <c>ẏ = f′(x) ⊙ ẋ</c>. The maths is the scalar rule's; the
/// optional kernels only make the same computation SIMD.
/// </summary>
internal sealed class ElementwiseRule(ScalarRule scalar, SpanMap? kernel = null, SpanDerivative? derivativeKernel = null)
    : Rule(scalar.Name, VecSpace.Default, VecSpace.Default)
{
    private Node? _pullbackNode;

    public ScalarRule Scalar { get; } = scalar;

    public override int Arity => 1;

    public override Domain Domain => Scalar.Domain;

    public override object Forward(object x, out object? r)
    {
        r = null;
        var v = (Vec)x;
        var y = new double[v.Length];
        if (kernel is not null)
        {
            kernel(v.AsSpan(), y);
        }
        else
        {
            var xs = v.AsSpan();
            var f = Scalar.F;
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = f(xs[i]);
            }
        }

        return Vec.Wrap(y);
    }

    private double[] Derivative(Vec x, Vec y)
    {
        var d = new double[x.Length];
        if (derivativeKernel is not null)
        {
            derivativeKernel(x.AsSpan(), y.AsSpan(), d);
        }
        else
        {
            var xs = x.AsSpan();
            var ys = y.AsSpan();
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = Scalar.D(xs[i], ys[i]);
            }
        }

        return d;
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var seed = (Vec)yBar;
        var d = Derivative((Vec)x, (Vec)y);
        TensorPrimitives.Multiply(d, seed.AsSpan(), d);
        return Vec.Wrap(d);
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        var tangent = (Vec)dx;
        var d = Derivative((Vec)x, (Vec)y);
        TensorPrimitives.Multiply(d, tangent.AsSpan(), d);
        return Vec.Wrap(d);
    }

    /// <summary>(x, ȳ) ↦ ȳ ⊙ map(f′)(x), with f′ the scalar rule's derivative as a differentiable function.</summary>
    public override Node PullbackNode => _pullbackNode ??= BuildLinearForm();

    public override Node PushforwardNode => PullbackNode;

    private Node BuildLinearForm()
    {
        var pair = NodeOps.PairSpace(VecSpace.Default, VecSpace.Default);
        var x = new ProjectNode(pair, 0);
        var seed = new ProjectNode(pair, 1);
        var derivative = NodeOps.Apply(new MapRule(Scalar.DerivativeNode()), x);
        return NodeOps.Apply2(VecPrimitives.HadamardRule, seed, derivative);
    }
}

/// <summary>
/// The elementwise lifting of a scalar binary rule: <c>yᵢ = f(aᵢ, bᵢ)</c> with pullback
/// <c>(ā, b̄) = (ȳ ⊙ ∂ₐf, ȳ ⊙ ∂_bf)</c>. Lengths must agree.
/// </summary>
internal sealed class ZipRule(ScalarBinaryRule scalar, Func<Vec, Vec, Vec>? kernel = null, Func<string, string, string>? format = null)
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

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        Vec va = (Vec)a, vb = (Vec)b, vy = (Vec)y, s = (Vec)yBar;
        var ra = new double[va.Length];
        var rb = new double[va.Length];
        for (var i = 0; i < ra.Length; i++)
        {
            ra[i] = s[i] * Scalar.Da(va[i], vb[i], vy[i]).Value;
            rb[i] = s[i] * Scalar.Db(va[i], vb[i], vy[i]).Value;
        }

        aBar = Vec.Wrap(ra);
        bBar = Vec.Wrap(rb);
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        Vec va = (Vec)a, vb = (Vec)b, vy = (Vec)y;
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
}

/// <summary>
/// Any scalar differentiable function mapped over a vector, <c>yᵢ = f(xᵢ)</c>: each element runs
/// <c>f</c>'s compiled tape; the pullback is <c>x̄ᵢ = f′(xᵢ)·ȳᵢ</c> by <c>f</c>'s own pullback.
/// </summary>
internal sealed class MapRule(Node f) : Rule($"map({Printer.Print(f)})", VecSpace.Default, VecSpace.Default)
{
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
}
