namespace Vjp.Functional.Engine;

/// <summary>
/// The untyped rule of one primitive (or user rule, or control-flow combinator): forward with
/// residuals, pullback and pushforward, side by side. Arity 1 rules see their input as one
/// value; arity 2 rules see the two components of a pair input separately, so that the engine
/// never boxes a pair just to call them.
/// </summary>
/// <remarks>
/// A cotangent or tangent of <c>null</c> is a symbolic zero: rules may return <c>null</c> for a
/// zero cotangent, and the engine skips rules whose output cotangent (or input tangents) are all zero.
/// </remarks>
internal abstract class Rule(string name, VectorSpace input, VectorSpace output)
{
    public string Name { get; } = name;

    public VectorSpace In { get; } = input;

    public VectorSpace Out { get; } = output;

    public virtual DiffKind Kind => DiffKind.Primitive;

    public virtual Domain Domain => Domain.All;

    public abstract int Arity { get; }

    public virtual bool HasPushforward => true;

    public virtual IReadOnlyList<Node> Children => [];

    /// <summary>The component spaces of a pair input (arity 2).</summary>
    public VectorSpace In0 => ((IProductSpace)In).ComponentSpaces[0];

    /// <summary>The component spaces of a pair input (arity 2).</summary>
    public VectorSpace In1 => ((IProductSpace)In).ComponentSpaces[1];

    // Arity 1 ------------------------------------------------------------------------------

    public virtual object Forward(object x, out object? r) => throw Unsupported();

    /// <summary>
    /// The value alone, when no pullback or pushforward will follow (<see cref="Tape.Run"/>). The
    /// default calls <see cref="Forward"/> and drops the residuals; rules whose residuals are costly
    /// to build (a loop keeping one trace per step) override it to skip them.
    /// </summary>
    public virtual object Run(object x) => Forward(x, out _);

    public virtual object? Pullback(object x, object y, object? r, object yBar) => throw Unsupported();

    /// <summary>
    /// The pushforward. The default, for rules declared without one, is exact: it materialises
    /// the Jacobian row by row with one pullback per output coordinate, <c>ẏⱼ = ⟨pullback(eⱼ), ẋ⟩</c>.
    /// </summary>
    public virtual object? Pushforward(object x, object y, object? r, object dx)
    {
        var m = Out.DimensionObject(y);
        var e = new double[m];
        var dy = new double[m];
        for (var j = 0; j < m; j++)
        {
            e[j] = 1;
            var xBar = Pullback(x, y, r, Out.UnflattenObject(y, e));
            dy[j] = xBar is null ? 0 : In.InnerObject(xBar, dx);
            e[j] = 0;
        }

        return Out.UnflattenObject(y, dy);
    }

    // Arity 2 ------------------------------------------------------------------------------

    public virtual object Forward2(object a, object b, out object? r) => throw Unsupported();

    public virtual void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar) =>
        throw Unsupported();

    /// <summary>
    /// The pullback when only some input cotangents are wanted: the engine passes <c>false</c> for an
    /// input that does not depend on the function's input (a constant, such as a fixed weight matrix),
    /// whose cotangent would be thrown away. Rules whose partials are computed separately override this
    /// to skip the unwanted one; the default computes both and drops it.
    /// </summary>
    public virtual void Pullback2(object a, object b, object y, object? r, object yBar, bool needA, bool needB, out object? aBar, out object? bBar)
    {
        Pullback2(a, b, y, r, yBar, out aBar, out bBar);
        aBar = needA ? aBar : null;
        bBar = needB ? bBar : null;
    }

    public virtual object? Pushforward2(object a, object b, object y, object? r, object? da, object? db) => throw Unsupported();

    // Owned cotangent buffers ----------------------------------------------------------------

    /// <summary>
    /// Whether every cotangent this rule's pullback returns is a new buffer that nothing else references (an
    /// outer product, a matrix product, an elementwise derivative), so that the sweep may own it and add later
    /// contributions into it in place. Rules whose pullback may pass the seed on unchanged (addition) say no.
    /// </summary>
    public virtual bool FreshCotangents => false;

    /// <summary>
    /// Adds the input cotangent <c>x̄</c> into <paramref name="accumulator"/>, a buffer the sweep owns (a fresh sum that
    /// only it holds), instead of returning a new one: a matrix product then adds into Ā with its accumulating
    /// kernel, a row selection writes one row. Returns false when the rule has no such form (the default); the
    /// engine then calls <see cref="Pullback"/> and adds the result.
    /// </summary>
    public virtual bool PullbackInto(object x, object y, object? r, object yBar, object accumulator) => false;

    /// <summary>
    /// The pair form of <see cref="PullbackInto"/>: <paramref name="aInto"/> and <paramref name="bInto"/> are the
    /// owned accumulators of the two input cotangents, or null where the sweep owns none (or the cotangent is not
    /// wanted). A rule adds into an accumulator it is given and reports that by returning it as the cotangent
    /// itself; any other result is added by the engine. The default ignores the accumulators.
    /// </summary>
    public virtual void Pullback2Into(object a, object b, object y, object? r, object yBar, bool needA, bool needB, object? aInto, object? bInto, out object? aBar, out object? bBar) =>
        Pullback2(a, b, y, r, yBar, needA, needB, out aBar, out bBar);

    // Presentation -------------------------------------------------------------------------

    public virtual string Format(string arg) => $"{Name}({arg})";

    public virtual string Format2(string a, string b) => $"{Name}({a}, {b})";

    // Higher order -------------------------------------------------------------------------

    /// <summary>Why a library rule has no differentiable forms (shown by <see cref="NotTwiceDifferentiableException"/>), or null.</summary>
    public virtual string? SecondOrderUnsupported => null;

    /// <summary>The pullback as a differentiable function <c>(x, ȳ) ↦ x̄</c>, or null when the rule has none.</summary>
    public virtual Node? PullbackNode => null;

    /// <summary>The pushforward as a differentiable function <c>(x, ẋ) ↦ ẏ</c>, or null when the rule has none.</summary>
    public virtual Node? PushforwardNode => null;

    private NotSupportedException Unsupported() => new($"Rule '{Name}' of arity {Arity} does not support this call.");
}

/// <summary>An n-ary rule over the outputs of several parts.</summary>
internal abstract class NaryRule(string name, VectorSpace[] inputs, VectorSpace output)
{
    public string Name { get; } = name;

    public VectorSpace[] Ins { get; } = inputs;

    public VectorSpace Out { get; } = output;

    public abstract object Forward(object[] args);

    /// <summary>Fills <paramref name="argBars"/> (null = zero) from the output cotangent.</summary>
    public abstract void Pullback(object[] args, object y, object yBar, object?[] argBars);

    /// <summary>The output tangent from the argument tangents (null = zero).</summary>
    public abstract object Pushforward(object[] args, object y, object?[] argDots);

    public virtual string Format(IReadOnlyList<string> args) => $"{Name}({string.Join(", ", args)})";

    /// <summary>The cotangents of the arguments as differentiable functions of the arguments and the output cotangent (null = zero).</summary>
    public virtual Node?[] PullbackForms(Node[] args, Node yBar) => throw NotTwiceDifferentiableException.For(Name);

    /// <summary>The output tangent as a differentiable function of the arguments and their tangents.</summary>
    public virtual Node PushforwardForm(Node[] args, Node[] dots) => throw NotTwiceDifferentiableException.For(Name);
}
