using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;

namespace Vjp.Functional;

/// <summary>
/// A differentiable function <c>f : TIn → TOut</c> as an immutable value. It carries its forward
/// function, its pullback (the vector–Jacobian product <c>ȳ ↦ x̄ = ȳᵀ J(x)</c>, reverse mode) and
/// its pushforward (the Jacobian–vector product <c>ẋ ↦ ẏ = J(x) ẋ</c>, forward mode).
/// </summary>
/// <remarks>
/// <para>
/// Values compose: <see cref="Then{TNext}"/> and <see cref="Diff.Compose{TIn, TMid, TOut}"/> compose
/// pullbacks in reverse order and pushforwards in forward order, so the chain rule is structural and
/// no Jacobian is formed unless <see cref="DiffTransforms.Jacobian{TIn, TOut}(Diff{TIn, TOut}, TIn, JacobianMode)"/>
/// asks for one.
/// </para>
/// <para>
/// A <see cref="Diff{TIn, TOut}"/> compiles itself once, on first use, into a flat tape; the forward
/// sweep saves residuals (every intermediate value) so the pullback does not recompute the forward
/// pass. Evaluation runs in loops over the tape, so its depth does not grow with the length of a
/// composition. One instance is safe to use from many threads at once: evaluation state lives in
/// per-call arrays.
/// </para>
/// <para>
/// A tape over doubles alone (and tuples or records of doubles) is compiled further, on first use, to typed
/// code with no boxing, bit-identical to the interpreter; an error inside it is reported as the interpreter
/// reports it. The AppContext switch <c>Vjp.Functional.Interpret</c> or the environment variable
/// <c>VJP_INTERPRET=1</c> (read once per process) turns this off, for debugging.
/// </para>
/// <para>
/// Both <typeparamref name="TIn"/> and <typeparamref name="TOut"/> must be differentiable (have a
/// <see cref="VectorSpace{T}"/> instance); constructing a <see cref="Diff{TIn, TOut}"/> over a type
/// without one throws <see cref="MissingVectorSpaceException"/> at once.
/// </para>
/// </remarks>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
public sealed class Diff<TIn, TOut> : IDiff
    where TIn : notnull
    where TOut : notnull
{
    internal Diff(Node node)
    {
        if (node.InputSpace.Type != typeof(TIn) || node.OutputSpace.Type != typeof(TOut))
        {
            throw new InvalidOperationException(
                $"Internal error: node '{node.Name}' maps {node.InputSpace.Type.Name} → {node.OutputSpace.Type.Name}, not {typeof(TIn).Name} → {typeof(TOut).Name}.");
        }

        Node = node;
    }

    internal Node Node { get; }

    /// <summary>The name of this function: a primitive's or rule's name, a combinator's, or one given with <see cref="Named"/>.</summary>
    public string Name => Node.Name;

    /// <inheritdoc/>
    public DiffKind Kind => Node.Kind;

    /// <inheritdoc/>
    public IReadOnlyList<IDiff> Parts => Node.Children;

    /// <inheritdoc/>
    public Domain Domain => Node.Domain;

    /// <summary>The vector space of <typeparamref name="TIn"/>.</summary>
    public VectorSpace<TIn> InputSpace => (VectorSpace<TIn>)Node.InputSpace;

    /// <summary>The vector space of <typeparamref name="TOut"/>.</summary>
    public VectorSpace<TOut> OutputSpace => (VectorSpace<TOut>)Node.OutputSpace;

    VectorSpace IDiff.InputSpace => Node.InputSpace;

    VectorSpace IDiff.OutputSpace => Node.OutputSpace;

    /// <summary>
    /// Whether every rule inside declares a pushforward. When one does not (a <c>Diff.Create</c> rule
    /// given only a pullback), <see cref="Jvp"/> is still exact: that rule's Jacobian is materialised
    /// with one pullback per output coordinate.
    /// </summary>
    public bool HasPushforward => Node.HasPushforward;

    /// <summary>The value <c>y = f(x)</c>.</summary>
    /// <param name="x">The primal point.</param>
    /// <returns>The primal value.</returns>
    /// <exception cref="ShapeException">When a rule inside rejects the shapes it meets; the message names the rule's path.</exception>
    public TOut Invoke(TIn x)
    {
        // The compiled forward sweep, cached here once published: a call is one field read, the opt-out check and
        // the delegate (the tape's own dispatch, through its lazily built parts, is the slow path).
        if (_run is { } run && !TypedEngine.InterpretingHere)
        {
            try
            {
                return run(x);
            }
            catch (Exception)
            {
                return (TOut)Node.Tape.RunInterpreted(x);
            }
        }

        return InvokeTape(x);
    }

    private TOut InvokeTape(TIn x)
    {
        var tape = Node.Tape;
        if (tape.Typed is TypedTape<TIn, TOut> typed)
        {
            _run ??= typed.FixedRun;
            return typed.Invoke(x);
        }

        return (TOut)tape.RunInterpreted(x);
    }

    // The typed tape's compiled sweeps for inputs and outputs of fixed layouts (no Vec), cached once published; a
    // benign race may store the same delegate twice. Read only when this thread does not interpret.
    private Func<TIn, TOut>? _run;
    private Func<TIn, TOut, (TOut, TIn)>? _valueAndVjp;

    /// <summary>
    /// The value <c>y = f(x)</c> and the pullback at <c>x</c>, <c>ȳ ↦ ȳᵀ J(x)</c>. The forward pass runs
    /// once and saves its residuals; the pullback can be called any number of times, from any thread.
    /// </summary>
    /// <param name="x">The primal point.</param>
    /// <returns>The value and the pullback.</returns>
    public (TOut Value, Pullback<TIn, TOut> Pullback) ValueWithPullback(TIn x)
    {
        var tape = Node.Tape;
        if (tape.Typed is TypedTape<TIn, TOut> typed)
        {
            var (y, t) = typed.RecordTyped(x);
            return (y, yBar => typed.PullbackTyped(t, yBar));
        }

        var trace = tape.Record(x);
        return ((TOut)tape.Output(trace), yBar => (TIn)tape.Pullback(trace, yBar));
    }

    /// <summary>
    /// The value <c>y = f(x)</c> and the pushforward at <c>x</c>, <c>ẋ ↦ J(x) ẋ</c>, reusing the saved
    /// forward pass for every tangent.
    /// </summary>
    /// <param name="x">The primal point.</param>
    /// <returns>The value and the pushforward.</returns>
    public (TOut Value, Pushforward<TIn, TOut> Pushforward) ValueWithPushforward(TIn x)
    {
        var tape = Node.Tape;
        if (tape.Typed is TypedTape<TIn, TOut> typed)
        {
            var (y, t) = typed.RecordTyped(x);
            return (y, dx => typed.PushforwardTyped(t, dx));
        }

        var trace = tape.Record(x);
        return ((TOut)tape.Output(trace), dx => (TOut)tape.Pushforward(trace, dx));
    }

    /// <summary>The vector–Jacobian product <c>x̄ = ȳᵀ J(x)</c>, without forming <c>J</c>.</summary>
    /// <param name="x">The primal point.</param>
    /// <param name="yBar">The output cotangent, shaped like <c>f(x)</c>.</param>
    /// <returns>The input cotangent, shaped like <paramref name="x"/>.</returns>
    /// <exception cref="ShapeException">When <paramref name="yBar"/> is not shaped like the output.</exception>
    public TIn Vjp(TIn x, TOut yBar) => ValueAndVjp(x, yBar).XBar;

    /// <summary>The value and the vector–Jacobian product from one forward and one reverse sweep (fused in one method when compiled).</summary>
    internal (TOut Value, TIn XBar) ValueAndVjp(TIn x, TOut yBar)
    {
        if (_valueAndVjp is { } vjp && !TypedEngine.InterpretingHere)
        {
            try
            {
                return vjp(x, yBar);
            }
            catch (Exception)
            {
                var t = Node.Tape.RecordInterpreted(x);
                return ((TOut)Node.Tape.Output(t), (TIn)Node.Tape.PullbackInterpreted(t, yBar));
            }
        }

        return ValueAndVjpTape(x, yBar);
    }

    private (TOut Value, TIn XBar) ValueAndVjpTape(TIn x, TOut yBar)
    {
        var tape = Node.Tape;
        if (tape.Typed is TypedTape<TIn, TOut> typed)
        {
            _valueAndVjp ??= typed.FixedValueAndVjp;
            return typed.ValueAndVjp(x, yBar);
        }

        var (y, xBar) = tape.ValueAndPullbackInterpreted(x, yBar);
        return ((TOut)y, (TIn)xBar);
    }

    /// <summary>
    /// The Jacobian–vector product <c>ẏ = J(x) ẋ</c>, in one forward sweep carrying tangents beside
    /// primals. Exact also for rules declared without a pushforward (see <see cref="HasPushforward"/>).
    /// </summary>
    /// <param name="x">The primal point.</param>
    /// <param name="dx">The input tangent, shaped like <paramref name="x"/>.</param>
    /// <returns>The output tangent.</returns>
    /// <exception cref="ShapeException">When <paramref name="dx"/> is not shaped like <paramref name="x"/>.</exception>
    public TOut Jvp(TIn x, TIn dx) => ValueAndJvp(x, dx).Tangent;

    /// <summary>The value and the Jacobian–vector product in one forward sweep.</summary>
    /// <param name="x">The primal point.</param>
    /// <param name="dx">The input tangent.</param>
    /// <returns>The value <c>f(x)</c> and the tangent <c>J(x) ẋ</c>.</returns>
    public (TOut Value, TOut Tangent) ValueAndJvp(TIn x, TIn dx)
    {
        var tape = Node.Tape;
        if (tape.Typed is TypedTape<TIn, TOut> typed)
        {
            return typed.ValueAndJvp(x, dx);
        }

        var (y, dy) = tape.ValueAndTangentInterpreted(x, dx);
        return ((TOut)y, (TOut)dy);
    }

    /// <summary>This function, then <paramref name="next"/>: <c>x ↦ next(f(x))</c>.</summary>
    /// <typeparam name="TNext">The output type of <paramref name="next"/>.</typeparam>
    /// <param name="next">The function applied to this one's output.</param>
    /// <returns>The composition; its pullback runs <paramref name="next"/>'s pullback first.</returns>
    public Diff<TIn, TNext> Then<TNext>(Diff<TOut, TNext> next) where TNext : notnull =>
        new(new ThenNode(Node, next.CheckedNode()));

    /// <summary>This function applied to the output of <paramref name="inner"/>: <c>x ↦ f(inner(x))</c>.</summary>
    /// <typeparam name="TSource">The input type of <paramref name="inner"/>.</typeparam>
    /// <param name="inner">The function whose output this one takes.</param>
    /// <returns>The composition.</returns>
    public Diff<TSource, TOut> Of<TSource>(Diff<TSource, TIn> inner) where TSource : notnull =>
        new(new ThenNode(inner.CheckedNode(), Node));

    /// <summary>The same function under another name, shown by tools and in error paths.</summary>
    /// <param name="name">The name.</param>
    /// <returns>A named wrapper; evaluation is unchanged.</returns>
    public Diff<TIn, TOut> Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(new NamedNode(name, Node));
    }

    /// <summary>
    /// Component <paramref name="index"/> of a vector-valued function, <c>x ↦ f(x)[i]</c>. Only for
    /// functions whose output is <see cref="Vec"/>; the pullback scatters into a zero vector.
    /// </summary>
    /// <param name="index">The component index.</param>
    /// <exception cref="InvalidOperationException">When <typeparamref name="TOut"/> is not <see cref="Vec"/>.</exception>
    public Diff<TIn, double> this[int index]
    {
        get
        {
            if (typeof(TOut) != typeof(Vec))
            {
                throw new InvalidOperationException(
                    $"Indexing '{Name}' needs a Vec output, but it outputs {SpaceResolver.Pretty(typeof(TOut))}.");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(index);
            return new(new ThenNode(Node, new RuleNode(VecPrimitives.IndexRule(index))));
        }
    }

    /// <summary>The pipeline as a readable expression of its input <c>x</c>, e.g. <c>[x[0] * x[0] + x[1], sin(x[0])]</c>.</summary>
    public override string ToString() => Printer.Print(Node);

    object IDiff.Invoke(object x) => Node.Invoke(x);

    object IDiff.Vjp(object x, object yBar) => Node.Vjp(x, yBar);

    object IDiff.Jvp(object x, object dx) => Node.Jvp(x, dx);
}
