using System.Linq.Expressions;
using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>The sweeps the typed compiler emits, each one delegate.</summary>
internal enum Sweep
{
    /// <summary><c>x ↦ y</c>.</summary>
    Run,

    /// <summary><c>(x, ȳ) ↦ (y, x̄)</c>: forward and reverse sweep in one method, every double in a local.</summary>
    ValueAndVjp,

    /// <summary><c>(x, ẋ) ↦ (y, ẏ)</c>.</summary>
    ValueAndTangent,

    /// <summary><c>x ↦ (y, frame)</c>: the forward sweep saving every primal double in a frame.</summary>
    Record,

    /// <summary><c>(frame, ȳ) ↦ x̄</c>: the reverse sweep over a recorded frame.</summary>
    Pullback,

    /// <summary><c>(frame, ẋ) ↦ ẏ</c>: the tangent sweep over a recorded frame.</summary>
    Pushforward,

    /// <summary>Flat <c>x ↦ y</c>: <see cref="FlatSweep"/>(x, xo, y, yo, -, -), input and output as their flat views in arrays.</summary>
    FlatRun,

    /// <summary>Flat recording forward sweep: <see cref="FlatSweep"/>(x, xo, frames, fo, y, yo).</summary>
    FlatRecord,

    /// <summary>Flat reverse sweep: <see cref="FlatSweep"/>(frames, fo, ȳ, yo, x̄, xo).</summary>
    FlatPullback,

    /// <summary>Flat tangent sweep: <see cref="FlatSweep"/>(frames, fo, ẋ, xo, ẏ, yo).</summary>
    FlatPushforward,

    /// <summary>Flat fused forward and reverse sweep, every double in a local: <see cref="FlatSweep"/>(x, xo, ȳ, yo, x̄, xbo).</summary>
    FlatVjp,

    /// <summary>Flat fused forward and tangent sweep: <see cref="FlatSweep"/>(x, xo, ẋ, dxo, ẏ, dyo).</summary>
    FlatJvp,

    /// <summary>
    /// The forward pass of a fold of this step, one for-loop in one method with the carry in locals:
    /// <see cref="FlatSweep"/>(input (p, s₀) → (p, sₙ), count, data, -, carries or null, -) for a step (p, s, a) ↦ s′.
    /// </summary>
    FlatFoldRun,

    /// <summary>
    /// The reverse sweep of a fold of this step, one for-loop from the last step, each step's forward re-run from its
    /// saved carry: <see cref="FlatSweep"/>((p, s̄ₙ) → (p̄, s̄₀), count, data (aᵢ → āᵢ, in place), -, carries, -).
    /// </summary>
    FlatFoldVjp,

    /// <summary>
    /// Flat tangent sweeps of k directions at once over a recorded frame: <see cref="FlatSweep"/>(frames, fo, ẋ₁…ẋₖ, xo, ẏ₁…ẏₖ, yo),
    /// the directions and the results one after another (a Jacobian's columns; a Hessian's, from the gradient function).
    /// </summary>
    FlatPushforwardLanes,

    /// <summary>The forward pass of <c>stepⁿ</c> for a step s ↦ s′, one for-loop: <see cref="FlatSweep"/>(s₀ → sₙ, n, -, -, carries or null, -).</summary>
    FlatIterateRun,

    /// <summary>The reverse sweep of <c>stepⁿ</c>, one for-loop from the last step: <see cref="FlatSweep"/>(s̄ₙ → s̄₀, n, -, -, carries, -).</summary>
    FlatIterateVjp,

    /// <summary>The tangent sweep of <c>stepⁿ</c>, one for-loop: <see cref="FlatSweep"/>(ṡ₀ → ṡₙ, n, -, -, carries, -).</summary>
    FlatIterateJvp,
}

/// <summary>
/// A sweep over flat views held in arrays at offsets (a loop keeps every step's frame in one array, and a
/// Hessian pushes the unit vectors through one recorded frame), with no value built or boxed.
/// </summary>
/// <param name="a">The first array.</param>
/// <param name="ao">The offset in <paramref name="a"/>.</param>
/// <param name="b">The second array.</param>
/// <param name="bo">The offset in <paramref name="b"/>.</param>
/// <param name="c">The third array.</param>
/// <param name="co">The offset in <paramref name="c"/>.</param>
internal delegate void FlatSweep(double[] a, int ao, double[] b, int bo, double[]? c, int co);

/// <summary>
/// Emits one sweep of a tape as a typed method (a <see cref="LambdaExpression"/>): it runs the tape's
/// instructions symbolically, each slot's value a <see cref="Val"/> of double expressions, and mirrors the
/// interpreter step for step — the same rule calls, the same symbolic zeros (a null cotangent or tangent
/// is known here, at compile time, since no covered rule returns one at run time), the same fan-in sums in
/// the same order, the same materialised zeros where a whole tuple must exist — so that every double is
/// computed by the same floating-point operations as in <see cref="Tape"/>'s interpreter.
/// </summary>
internal sealed partial class TypedCodegen
{
    private readonly Tape _tape;
    private readonly RootShapes _roots;
    private readonly Dictionary<VectorSpace, Shape?> _shapes;
    private readonly List<ParameterExpression> _locals = [];
    private List<E> _body = [];
    private readonly Val?[] _v;
    private readonly ParameterExpression? _frame;
    private readonly ParameterExpression? _frameOffset;
    private readonly bool _frameIsParameter;
    private readonly bool _emitPrimal;
    private int _frameSize;
    private int _lanes = 1;

    private TypedCodegen(Tape tape, Dictionary<VectorSpace, Shape?> shapes, RootShapes roots, Sweep sweep)
    {
        _tape = tape;
        _roots = roots;
        _shapes = shapes;
        _v = new Val?[tape.SlotCount];
        if (sweep is Sweep.Record or Sweep.Pullback or Sweep.Pushforward)
        {
            _frame = E.Variable(typeof(double[]), "frame");
        }
        else if (sweep is Sweep.FlatRecord or Sweep.FlatPullback or Sweep.FlatPushforward or Sweep.FlatPushforwardLanes)
        {
            _frame = E.Parameter(typeof(double[]), "frames");
            _frameOffset = E.Parameter(typeof(int), "fo");
            _frameIsParameter = true;
        }

        _emitPrimal = sweep is not (Sweep.Pullback or Sweep.Pushforward or Sweep.FlatPullback or Sweep.FlatPushforward or Sweep.FlatPushforwardLanes);
    }

    /// <summary>Whether every slot and instruction of <paramref name="tape"/> is one the typed compiler covers.</summary>
    public static bool Covers(Tape tape, Dictionary<VectorSpace, Shape?> shapes)
    {
        if (tape.ActiveSlot != 0 || !IsRoot(tape.Root.InputSpace, shapes) || !IsRoot(tape.Root.OutputSpace, shapes))
        {
            return false;
        }

        foreach (var (_, value) in tape.Constants)
        {
            if (value is not double && (VectorSpace.Of(value.GetType()) is not { } space || Shape.Of(space, shapes) is null))
            {
                return false;
            }
        }

        foreach (var instr in tape.Instructions)
        {
            var ok = instr switch
            {
                Apply1 a => a.Rule is ScalarRule or TypedRule<Vec, double> { VecIndex: not null } || (a.Rule is ZeroLikeRule && Shape.Of(a.Rule.In, shapes) is not null) || IsUserRule(a.Rule, shapes),
                ApplyN n => n.Rule is VecPrimitives.StackRule,
                Apply2 a => a.Rule is ScalarBinaryRule || (a.Rule is SpaceAddRule or SpaceScaleRule or SpaceInnerRule && Shape.Of(a.Rule.In, shapes) is not null),
                Pack p => Shape.Of((VectorSpace)p.Space, shapes) is not null,
                Unpack u => Shape.Of(u.Packed, shapes) is not null,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A root (input or output) space the typed compiler can hold: a double layout, or a <see cref="Vec"/> (of a length fixed per compile).</summary>
    private static bool IsRoot(VectorSpace space, Dictionary<VectorSpace, Shape?> shapes) =>
        space.Type == typeof(Vec) || Shape.Of(space, shapes) is not null;

    /// <summary>
    /// The layouts of a covered tape's input and output when a <see cref="Vec"/> input holds <paramref name="vecLength"/>
    /// doubles (ignored for any other input): every <see cref="Vec"/> slot's length follows, from the input's and from
    /// each stack's. Null when an index is outside the vector it reads (the interpreter then reports it) or the output's
    /// length is not known.
    /// </summary>
    public static RootShapes? Roots(Tape tape, Dictionary<VectorSpace, Shape?> shapes, int vecLength)
    {
        var vecIn = tape.Root.InputSpace.Type == typeof(Vec);
        if (vecIn && vecLength < 0)
        {
            return null;
        }

        var lengths = new int[tape.SlotCount];
        Array.Fill(lengths, -1);
        if (vecIn)
        {
            lengths[0] = vecLength;
        }

        foreach (var instr in tape.Instructions)
        {
            switch (instr)
            {
                case Apply1 { Rule: TypedRule<Vec, double> { VecIndex: int index } } a when lengths[a.Input] <= index:
                    return null;
                case ApplyN { Rule: VecPrimitives.StackRule } n:
                    lengths[n.Output] = n.Inputs.Count;
                    break;
            }
        }

        var inShape = vecIn ? Shape.VecOf(vecLength) : Shape.Of(tape.Root.InputSpace, shapes)!;
        if (tape.Root.OutputSpace.Type != typeof(Vec))
        {
            return new(inShape, Shape.Of(tape.Root.OutputSpace, shapes)!);
        }

        return lengths[tape.OutSlot] < 0 ? null : new(inShape, Shape.VecOf(lengths[tape.OutSlot]));
    }

    /// <summary>The sweep as a lambda, and the number of doubles a frame of it holds (for the frame sweeps).</summary>
    public static LambdaExpression Emit<TIn, TOut>(Tape tape, Dictionary<VectorSpace, Shape?> shapes, RootShapes roots, Sweep sweep, out int frameSize, int lanes = 1)
    {
        var g = new TypedCodegen(tape, shapes, roots, sweep) { _lanes = lanes };
        var lambda = g.EmitSweep<TIn, TOut>(sweep);
        frameSize = g._frameSize;
        return lambda;
    }

    private LambdaExpression EmitSweep<TIn, TOut>(Sweep sweep)
    {
        var g = this;
        var tape = _tape;
        var shapes = _shapes;
        var inShape = _roots.In;
        var outShape = _roots.Out;
        var x = E.Parameter(typeof(TIn), "x");
        switch (sweep)
        {
            case Sweep.Run:
            {
                g.Forward(g.Read(x, inShape, g.Primal), tangent: null);
                return g.Lambda(g._v[tape.OutSlot]!.Build(), x);
            }

            case Sweep.ValueAndVjp:
            {
                var yBar = E.Parameter(typeof(TOut), "yBar");
                g.Forward(g.Read(x, inShape, g.Primal), tangent: null);
                var xBar = g.Backward(yBar, outShape, inShape);
                return g.Lambda(NewTuple(g._v[tape.OutSlot]!.Build(), xBar), x, yBar);
            }

            case Sweep.ValueAndTangent:
            {
                var dx = E.Parameter(typeof(TIn), "dx");
                var dy = g.Forward(g.Read(x, inShape, g.Primal), g.Read(dx, inShape, g.Local));
                return g.Lambda(NewTuple(g._v[tape.OutSlot]!.Build(), dy!.Build()), x, dx);
            }

            case Sweep.Record:
            {
                g.Forward(g.Read(x, inShape, g.Primal), tangent: null);
                var y = g._v[tape.OutSlot]!.Build();
                g._body.Insert(0, E.Assign(g._frame!, E.NewArrayBounds(typeof(double), E.Constant(g._frameSize))));
                return g.Lambda(NewTuple(y, g._frame!), x);
            }

            case Sweep.Pullback:
            {
                var frame = E.Parameter(typeof(double[]), "frame");
                var yBar = E.Parameter(typeof(TOut), "yBar");
                g._body.Add(E.Assign(g._frame!, frame));
                g.Forward(g.Read(x, inShape, g.Primal), tangent: null);
                return g.Lambda(g.Backward(yBar, outShape, inShape), frame, yBar);
            }

            case Sweep.Pushforward:
            {
                var frame = E.Parameter(typeof(double[]), "frame");
                var dx = E.Parameter(typeof(TIn), "dx");
                g._body.Add(E.Assign(g._frame!, frame));
                var dy = g.Forward(g.Read(x, inShape, g.Primal), g.Read(dx, inShape, g.Local));
                return g.Lambda(dy!.Build(), frame, dx);
            }

            case Sweep.FlatRun:
            {
                var (a, ao, b, bo, c, co) = FlatParameters();
                g.Forward(g.ReadFlat(a, ao, inShape, g.Primal), tangent: null);
                g.WriteFlat(g._v[tape.OutSlot]!, b, bo);
                return g.Lambda(E.Empty(), a, ao, b, bo, c, co);
            }

            case Sweep.FlatFoldRun:
                return g.EmitFoldRun(inShape, outShape);

            case Sweep.FlatFoldVjp:
                return g.EmitFoldVjp(inShape, outShape);

            case Sweep.FlatIterateRun:
                return g.EmitIterateRun(inShape, outShape);

            case Sweep.FlatIterateVjp:
                return g.EmitIterateVjp(inShape, outShape);

            case Sweep.FlatIterateJvp:
                return g.EmitIterateJvp(inShape, outShape);

            case Sweep.FlatRecord:
            {
                var (a, ao, _, _, c, co) = FlatParameters();
                g.Forward(g.ReadFlat(a, ao, inShape, g.Primal), tangent: null);
                g.WriteFlat(g._v[tape.OutSlot]!, c, co);
                return g.Lambda(E.Empty(), a, ao, g._frame!, g._frameOffset!, c, co);
            }

            case Sweep.FlatPullback:
            {
                var (_, _, b, bo, c, co) = FlatParameters();
                g.Forward(g.Read(x, inShape, g.Primal), tangent: null);
                var cot = g.BackwardVal(g.ReadFlat(b, bo, outShape, g.Local), inShape);
                g.WriteFlat(cot, c, co);
                return g.Lambda(E.Empty(), g._frame!, g._frameOffset!, b, bo, c, co);
            }

            case Sweep.FlatPushforward:
            {
                var (_, _, b, bo, c, co) = FlatParameters();
                var dy = g.Forward(g.Read(x, inShape, g.Primal), g.ReadFlat(b, bo, inShape, g.Local));
                g.WriteFlat(dy!, c, co);
                return g.Lambda(E.Empty(), g._frame!, g._frameOffset!, b, bo, c, co);
            }

            case Sweep.FlatPushforwardLanes:
            {
                var (_, _, b, bo, c, co) = FlatParameters();
                var n = inShape.Leaves;
                var m = outShape.Leaves;
                var lanes = Enumerable.Range(0, _lanes).Select(l => g.ReadFlat(b, bo, inShape, g.Local, l * n)).ToArray();
                var dys = g.ForwardLanes(g.Read(x, inShape, g.Primal), lanes)!;
                for (var l = 0; l < dys.Length; l++)
                {
                    g.WriteFlat(dys[l], c, co, l * m);
                }

                return g.Lambda(E.Empty(), g._frame!, g._frameOffset!, b, bo, c, co);
            }

            case Sweep.FlatVjp:
            {
                var (a, ao, b, bo, c, co) = FlatParameters();
                g.Forward(g.ReadFlat(a, ao, inShape, g.Primal), tangent: null);
                g.WriteFlat(g.BackwardVal(g.ReadFlat(b, bo, outShape, g.Local), inShape), c, co);
                return g.Lambda(E.Empty(), a, ao, b, bo, c, co);
            }

            case Sweep.FlatJvp:
            {
                var (a, ao, b, bo, c, co) = FlatParameters();
                var dy = g.Forward(g.ReadFlat(a, ao, inShape, g.Primal), g.ReadFlat(b, bo, inShape, g.Local));
                g.WriteFlat(dy!, c, co);
                return g.Lambda(E.Empty(), a, ao, b, bo, c, co);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(sweep));
        }
    }

    /// <summary>
    /// The fold's forward pass as a loop: p read once, the carry in locals across iterations, aᵢ read from the data
    /// at the top of each, the carry before each step saved when a carries array is given; the step's body is the
    /// step's forward sweep, emitted once inside the loop.
    /// </summary>
    private LambdaExpression EmitFoldRun(Shape inShape, Shape outShape)
    {
        if (inShape.Parts is not { Length: 3 } parts || parts[1].Leaves != outShape.Leaves)
        {
            throw new NotSupportedException("A fold step maps (p, s, a) to s.");
        }

        var (input, count, _, _, carries, _) = FlatParameters();
        var data = E.Parameter(typeof(double[]), "data");
        var unused1 = E.Parameter(typeof(int), "unused1");
        var unused2 = E.Parameter(typeof(int), "unused2");
        int dp = parts[0].Leaves, ds = parts[1].Leaves, da = parts[2].Leaves;
        var p = Enumerable.Range(0, dp).Select(j => Local(E.ArrayAccess(input, E.Constant(j)))).ToArray();
        var carry = Enumerable.Range(0, ds).Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(carry);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(carry[j], E.ArrayAccess(input, E.Constant(dp + j))));
        }

        var i = E.Variable(typeof(int), "i");
        _locals.Add(i);
        _body.Add(E.Assign(i, E.Constant(0)));
        var outer = _body;
        _body = [];
        var at = E.Variable(typeof(int), "at");
        _locals.Add(at);
        _body.Add(E.Assign(at, E.Multiply(i, E.Constant(da))));
        var a = Enumerable.Range(0, da).Select(j => Local(E.ArrayAccess(data, E.Add(at, E.Constant(j))))).ToArray();
        _body.Add(E.IfThen(E.NotEqual(carries, E.Constant(null, typeof(double[]))),
            E.Block(carry.Select((c, j) => (E)E.Assign(E.ArrayAccess(carries, E.Add(E.Multiply(i, E.Constant(ds)), E.Constant(j))), c)))));
        var next = 0;
        Val Leaves(Shape shape, E[] from)
        {
            if (shape.IsDouble)
            {
                return Val.Of(from[next++]);
            }

            return Val.Product(shape, [.. shape.Parts!.Select(part => Leaves(part, from))]);
        }

        next = 0;
        var pVal = Leaves(parts[0], p);
        next = 0;
        var sVal = Leaves(parts[1], carry);
        next = 0;
        var aVal = Leaves(parts[2], a);
        Forward(Val.Product(inShape, [pVal, sVal, aVal]), tangent: null);

        // The new carry through temporaries: an output may be an old carry component itself.
        var outLeaves = new List<E>();
        void Collect(Val v)
        {
            if (v.Leaf is { } leaf)
            {
                outLeaves.Add(leaf);
                return;
            }

            foreach (var part in v.Parts!)
            {
                Collect(part);
            }
        }

        Collect(_v[_tape.OutSlot]!);
        var temps = outLeaves.Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(temps);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(temps[j], outLeaves[j]));
        }

        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(carry[j], temps[j]));
        }

        _body.Add(E.PreIncrementAssign(i));
        var body = _body;
        _body = outer;
        var done = E.Label("done");
        _body.Add(E.Loop(E.IfThenElse(E.LessThan(i, count), E.Block(body), E.Break(done)), done));
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(input, E.Constant(dp + j)), carry[j]));
        }

        return Lambda(E.Empty(), input, count, data, unused1, carries, unused2);
    }

    /// <summary>
    /// The fold's reverse sweep as a loop from the last step: the step's forward re-run from its saved carry and its
    /// reverse sweep, emitted once inside the loop, the carry's cotangent in locals; p̄ summed as the interpreted loop
    /// sums it (the last step's first, then each earlier one added), āᵢ written over aᵢ.
    /// </summary>
    private LambdaExpression EmitFoldVjp(Shape inShape, Shape outShape)
    {
        if (inShape.Parts is not { Length: 3 } parts || parts[1].Leaves != outShape.Leaves)
        {
            throw new NotSupportedException("A fold step maps (p, s, a) to s.");
        }

        var (io, count, _, _, carries, _) = FlatParameters();
        var data = E.Parameter(typeof(double[]), "data");
        var unused1 = E.Parameter(typeof(int), "unused1");
        var unused2 = E.Parameter(typeof(int), "unused2");
        int dp = parts[0].Leaves, ds = parts[1].Leaves, da = parts[2].Leaves;
        var p = Enumerable.Range(0, dp).Select(j => Local(E.ArrayAccess(io, E.Constant(j)))).ToArray();
        var seed = Enumerable.Range(0, ds).Select(_ => E.Variable(typeof(double))).ToArray();
        var pSum = Enumerable.Range(0, dp).Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(seed);
        _locals.AddRange(pSum);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(seed[j], E.ArrayAccess(io, E.Constant(dp + j))));
        }

        var i = E.Variable(typeof(int), "i");
        var last = E.Variable(typeof(int), "last");
        _locals.Add(i);
        _locals.Add(last);
        _body.Add(E.Assign(last, E.Subtract(count, E.Constant(1))));
        _body.Add(E.Assign(i, last));
        var outer = _body;
        _body = [];
        var at = E.Variable(typeof(int), "at");
        var sAt = E.Variable(typeof(int), "sAt");
        _locals.Add(at);
        _locals.Add(sAt);
        _body.Add(E.Assign(at, E.Multiply(i, E.Constant(da))));
        _body.Add(E.Assign(sAt, E.Multiply(i, E.Constant(ds))));
        var a = Enumerable.Range(0, da).Select(j => Local(E.ArrayAccess(data, E.Add(at, E.Constant(j))))).ToArray();
        var s = Enumerable.Range(0, ds).Select(j => Local(E.ArrayAccess(carries, E.Add(sAt, E.Constant(j))))).ToArray();
        var next = 0;
        Val Leaves(Shape shape, E[] from) => shape.IsDouble
            ? Val.Of(from[next++])
            : Val.Product(shape, [.. shape.Parts!.Select(part => Leaves(part, from))]);

        next = 0;
        var pVal = Leaves(parts[0], p);
        next = 0;
        var sVal = Leaves(parts[1], s);
        next = 0;
        var aVal = Leaves(parts[2], a);
        next = 0;
        var seedVal = Leaves(outShape, seed);
        Forward(Val.Product(inShape, [pVal, sVal, aVal]), tangent: null);
        var xBar = BackwardVal(seedVal, inShape);
        var leaves = new List<E>();
        void Collect(Val v)
        {
            if (v.Leaf is { } leaf)
            {
                leaves.Add(leaf);
                return;
            }

            foreach (var part in v.Parts!)
            {
                Collect(part);
            }
        }

        Collect(xBar);
        var temps = leaves.Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(temps);
        for (var j = 0; j < temps.Length; j++)
        {
            _body.Add(E.Assign(temps[j], leaves[j]));
        }

        var first = E.Equal(i, last);
        for (var j = 0; j < dp; j++)
        {
            _body.Add(E.Assign(pSum[j], E.Condition(first, temps[j], E.Add(pSum[j], temps[j]))));
        }

        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(seed[j], temps[dp + j]));
        }

        for (var j = 0; j < da; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(data, E.Add(at, E.Constant(j))), temps[dp + ds + j]));
        }

        _body.Add(E.PreDecrementAssign(i));
        var body = _body;
        _body = outer;
        var done = E.Label("done");
        _body.Add(E.Loop(E.IfThenElse(E.GreaterThanOrEqual(i, E.Constant(0)), E.Block(body), E.Break(done)), done));
        for (var j = 0; j < dp; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(io, E.Constant(j)), pSum[j]));
        }

        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(io, E.Constant(dp + j)), seed[j]));
        }

        return Lambda(E.Empty(), io, count, data, unused1, carries, unused2);
    }

    private static (ParameterExpression A, ParameterExpression Ao, ParameterExpression B, ParameterExpression Bo, ParameterExpression C, ParameterExpression Co) FlatParameters() =>
        (E.Parameter(typeof(double[]), "a"), E.Parameter(typeof(int), "ao"),
         E.Parameter(typeof(double[]), "b"), E.Parameter(typeof(int), "bo"),
         E.Parameter(typeof(double[]), "c"), E.Parameter(typeof(int), "co"));

    /// <summary>A value read from its flat view at <paramref name="offset"/> (components in order, as <see cref="VectorSpace.FlattenObject"/> lays them out).</summary>
    private Val ReadFlat(ParameterExpression array, ParameterExpression offset, Shape shape, Func<E, E> store, int at = 0)
    {
        var next = at;
        Val Leaf(Shape s) => s.IsDouble
            ? Val.Of(store(E.ArrayAccess(array, E.Add(offset, E.Constant(next++)))))
            : Val.Product(s, [.. s.Parts!.Select(Leaf)]);
        return Leaf(shape);
    }

    private void WriteFlat(Val value, ParameterExpression array, ParameterExpression offset, int at = 0)
    {
        var next = at;
        void Leaf(Val v)
        {
            if (v.Leaf is { } leaf)
            {
                _body.Add(E.Assign(E.ArrayAccess(array, E.Add(offset, E.Constant(next++))), leaf));
                return;
            }

            foreach (var p in v.Parts!)
            {
                Leaf(p);
            }
        }

        Leaf(value);
    }

    private static E NewTuple(E a, E b) =>
        E.New(typeof(ValueTuple<,>).MakeGenericType(a.Type, b.Type).GetConstructor([a.Type, b.Type])!, a, b);

    private LambdaExpression Lambda(E result, params ParameterExpression[] parameters)
    {
        var locals = _frame is null || _frameIsParameter ? _locals : [_frame, .. _locals];
        _body.Add(result);
        var block = E.Block(result.Type, locals, _body);
        return result.Type == typeof(void) ? E.Lambda<FlatSweep>(block, parameters) : E.Lambda(block, parameters);
    }

    // Storage ---------------------------------------------------------------------------------------

    /// <summary>A cotangent or tangent double: a new local (constants and locals are used as they are).</summary>
    private E Local(E value)
    {
        if (value is ConstantExpression or ParameterExpression)
        {
            return value;
        }

        var local = E.Variable(typeof(double));
        _locals.Add(local);
        _body.Add(E.Assign(local, value));
        return local;
    }

    /// <summary>
    /// A primal double: a local, or in a recording or replaying sweep a frame element (so that the
    /// replaying sweep, which runs this same symbolic forward pass without emitting it, finds every
    /// primal value at the same index).
    /// </summary>
    private E Primal(E value)
    {
        if (value is ConstantExpression)
        {
            return value;
        }

        if (_frame is null)
        {
            return Local(value);
        }

        var index = E.Constant(_frameSize++);
        var cell = E.ArrayAccess(_frame, _frameOffset is null ? index : E.Add(_frameOffset, index));
        if (!_emitPrimal)
        {
            return cell;
        }

        // The recording sweep keeps the value in a local too: later instructions read the register, not the
        // frame they have just stored to (a chain of store-to-load round trips costs several times the arithmetic).
        var local = Local(value);
        _body.Add(E.Assign(cell, local));
        return local;
    }

    private Val Read(E source, Shape shape, Func<E, E> store)
    {
        if (shape.IsDouble)
        {
            return Val.Of(store(source));
        }

        // A record is read once into a local, then member by member.
        if (!source.Type.IsValueType && source is not ParameterExpression && (_emitPrimal || store != Primal))
        {
            var local = E.Variable(source.Type);
            _locals.Add(local);
            _body.Add(E.Assign(local, source));
            source = local;
        }

        var parts = new Val[shape.Parts!.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Read(shape.Read(source, i), shape.Parts[i], store);
        }

        return Val.Product(shape, parts);
    }

    // The space operations, as the spaces perform them ----------------------------------------------

    private static Val Add(Val a, Val b, Func<E, E> store) =>
        a.Shape.IsDouble
            ? Val.Of(store(E.Add(a.Scalar, b.Scalar)))
            : Val.Product(a.Shape, [.. a.Parts!.Select((p, i) => Add(p, b.Parts![i], store))]);

    private static Val Scale(E s, Val v, Func<E, E> store) =>
        v.Shape.IsDouble
            ? Val.Of(store(E.Multiply(s, v.Scalar)))
            : Val.Product(v.Shape, [.. v.Parts!.Select(p => Scale(s, p, store))]);

    /// <summary>⟨a, b⟩: a·b for doubles; for a product the sum from 0.0 of the components' inner products, in order.</summary>
    private static E Inner(Val a, Val b)
    {
        if (a.Shape.IsDouble)
        {
            return E.Multiply(a.Scalar, b.Scalar);
        }

        E sum = Val.Zero0;
        for (var i = 0; i < a.Parts!.Length; i++)
        {
            sum = E.Add(sum, Inner(a.Parts[i], b.Parts![i]));
        }

        return sum;
    }

    // Forward and tangent sweeps --------------------------------------------------------------------

    /// <summary>The forward sweep (with the tangent sweep interleaved when <paramref name="tangent"/> is given); returns the output tangent.</summary>
    private Val? Forward(Val input, Val? tangent) =>
        tangent is null ? ForwardLanes(input, null)?[0] : ForwardLanes(input, [tangent])![0];

    /// <summary>
    /// The forward sweep, with a tangent sweep per lane interleaved when <paramref name="tangents"/> is given (one lane
    /// per direction; the partial derivatives are computed once for all lanes); returns the output tangent of each lane.
    /// </summary>
    private Val[]? ForwardLanes(Val input, Val[]? tangents)
    {
        foreach (var (slot, value) in _tape.Constants)
        {
            var space = value is double ? (VectorSpace)DoubleSpace.Default : VectorSpace.Of(value.GetType());
            _v[slot] = Val.Constant(value, space, Shape.Of(space, _shapes)!);
        }

        _v[0] = input;
        var lanes = tangents?.Select(t =>
        {
            var tan = new Val?[_tape.SlotCount];
            tan[0] = t;
            return tan;
        }).ToArray();
        _shareDerivatives = lanes is { Length: > 1 };
        foreach (var instr in _tape.Instructions)
        {
            ForwardOne(instr);
            if (lanes is not null)
            {
                _shared.Clear();
                foreach (var tan in lanes)
                {
                    TangentOne(instr, tan);
                }
            }
        }

        return lanes?.Select(tan => tan[_tape.OutSlot] ?? Val.Zero(_v[_tape.OutSlot]!.Shape)).ToArray();
    }

    private bool _shareDerivatives;
    private readonly Dictionary<int, E> _shared = [];

    /// <summary>A derivative shared by the lanes of one instruction: computed into a local by the first lane, read by the others.</summary>
    private E Shared(int key, Func<E> derivative)
    {
        if (!_shareDerivatives)
        {
            return derivative();
        }

        if (!_shared.TryGetValue(key, out var d))
        {
            d = Local(derivative());
            _shared[key] = d;
        }

        return d;
    }

    private void ForwardOne(Instr instr)
    {
        switch (instr)
        {
            case Apply1 { Rule: ScalarRule rule } a:
                _v[a.Output] = Val.Of(Primal(KnownRules.Forward(rule, _v[a.Input]!.Scalar)));
                break;

            case Apply1 { Rule: ZeroLikeRule } a:
                _v[a.Output] = Val.Zero(_v[a.Input]!.Shape);
                break;

            case Apply1 { Rule: IUserRule { User: not null } } a:
                ForwardUser(a);
                break;

            case Apply1 { Rule: TypedRule<Vec, double> { VecIndex: int index } } a:
                _v[a.Output] = _v[a.Input]!.Parts![index];
                break;

            case ApplyN { Rule: VecPrimitives.StackRule } n:
                _v[n.Output] = Val.Product(Shape.VecOf(n.Inputs.Count), [.. n.Inputs.Select(i => _v[i]!)]);
                break;

            case Apply2 { Rule: ScalarBinaryRule rule } a:
                _v[a.Output] = Val.Of(Primal(KnownRules.Forward(rule, _v[a.A]!.Scalar, _v[a.B]!.Scalar)));
                break;

            case Apply2 { Rule: SpaceAddRule } a:
                _v[a.Output] = Add(_v[a.A]!, _v[a.B]!, Primal);
                break;

            case Apply2 { Rule: SpaceScaleRule } a:
                _v[a.Output] = Scale(_v[a.A]!.Scalar, _v[a.B]!, Primal);
                break;

            case Apply2 { Rule: SpaceInnerRule } a:
                _v[a.Output] = Val.Of(Primal(Inner(_v[a.A]!, _v[a.B]!)));
                break;

            case Pack p:
                _v[p.Output] = Val.Product(Shape.Of((VectorSpace)p.Space, _shapes)!, [.. p.Inputs.Select(i => _v[i]!)]);
                break;

            case Unpack u:
                for (var i = 0; i < u.Outputs.Count; i++)
                {
                    _v[u.Outputs[i]] = _v[u.Input]!.Parts![i];
                }

                break;

            default:
                throw new NotSupportedException($"The typed compiler does not cover {instr.GetType().Name}.");
        }
    }

    private void TangentOne(Instr instr, Val?[] tan)
    {
        switch (instr)
        {
            case Apply1 { Rule: ScalarRule rule } a:
                tan[a.Output] = tan[a.Input] is { } dx
                    ? Val.Of(Local(E.Multiply(Shared(0, () => KnownRules.Derivative(rule, _v[a.Input]!.Scalar, _v[a.Output]!.Scalar)), dx.Scalar)))
                    : null;
                break;

            case Apply1 { Rule: ZeroLikeRule } a:
                tan[a.Output] = null;
                break;

            case Apply1 { Rule: IUserRule { User: not null } } a:
                TangentUser(a, tan);
                break;

            case Apply1 { Rule: TypedRule<Vec, double> { VecIndex: int index } } a:
                // The rule's pushforward: ẏ = ẋᵢ.
                tan[a.Output] = tan[a.Input]?.Parts![index];
                break;

            case ApplyN { Rule: VecPrimitives.StackRule } n:
                // As StackRule.Pushforward: a missing tangent is 0.0.
                tan[n.Output] = n.Inputs.All(i => tan[i] is null)
                    ? null
                    : Val.Product(_v[n.Output]!.Shape, [.. n.Inputs.Select(i => tan[i] ?? Val.Of(Val.Zero0))]);
                break;

            case Apply2 { Rule: ScalarBinaryRule rule } a:
            {
                var (da, db) = (tan[a.A], tan[a.B]);
                if (da is null && db is null)
                {
                    tan[a.Output] = null;
                    break;
                }

                // As ScalarBinaryRule.Pushforward2: dy = 0.0, then += ∂ₐf·ȧ, then += ∂_bf·ḃ.
                E Pa() => KnownRules.Partials(rule, _v[a.A]!.Scalar, _v[a.B]!.Scalar, _v[a.Output]!.Scalar).Da;
                E Pb() => KnownRules.Partials(rule, _v[a.A]!.Scalar, _v[a.B]!.Scalar, _v[a.Output]!.Scalar).Db;
                E dy = Val.Zero0;
                if (da is not null)
                {
                    dy = E.Add(dy, E.Multiply(Shared(0, Pa), da.Scalar));
                }

                if (db is not null)
                {
                    dy = E.Add(dy, E.Multiply(Shared(1, Pb), db.Scalar));
                }

                tan[a.Output] = Val.Of(Local(dy));
                break;
            }

            case Apply2 { Rule: SpaceAddRule } a:
            {
                var (da, db) = (tan[a.A], tan[a.B]);
                tan[a.Output] = da is null ? db : db is null ? da : Add(da, db, Local);
                break;
            }

            case Apply2 { Rule: SpaceScaleRule } a:
            {
                var (da, db) = (tan[a.A], tan[a.B]);
                var dy = da is null ? null : Scale(da.Scalar, _v[a.B]!, Local);
                if (db is not null)
                {
                    var part = Scale(_v[a.A]!.Scalar, db, Local);
                    dy = dy is null ? part : Add(dy, part, Local);
                }

                tan[a.Output] = dy;
                break;
            }

            case Apply2 { Rule: SpaceInnerRule } a:
            {
                var (da, db) = (tan[a.A], tan[a.B]);
                tan[a.Output] = da is null && db is null
                    ? null
                    : Val.Of(Local(E.Add(
                        da is null ? Val.Zero0 : Inner(da, _v[a.B]!),
                        db is null ? Val.Zero0 : Inner(_v[a.A]!, db))));
                break;
            }

            case Pack p:
                tan[p.Output] = p.Inputs.All(i => tan[i] is null)
                    ? null
                    : Val.Product(_v[p.Output]!.Shape, [.. p.Inputs.Select(i => tan[i] ?? Val.Zero(_v[i]!.Shape))]);
                break;

            case Unpack u:
                for (var i = 0; i < u.Outputs.Count; i++)
                {
                    tan[u.Outputs[i]] = tan[u.Input]?.Parts![i];
                }

                break;

            default:
                throw new NotSupportedException($"The typed compiler does not cover {instr.GetType().Name}.");
        }
    }

    // Reverse sweep ---------------------------------------------------------------------------------

    /// <summary>The reverse sweep from the output cotangent parameter; returns the input cotangent as one expression.</summary>
    private E Backward(ParameterExpression yBar, Shape outShape, Shape inShape) =>
        BackwardVal(Read(yBar, outShape, Local), inShape).Build();

    /// <summary>The reverse sweep from the output cotangent <paramref name="seed"/>; returns the input cotangent.</summary>
    private Val BackwardVal(Val seed, Shape inShape)
    {
        var cot = new Val?[_tape.SlotCount];
        cot[_tape.OutSlot] = seed;
        var instrs = _tape.Instructions;
        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            if (instrs[i].Active)
            {
                BackwardOne(instrs[i], cot);
            }
        }

        return cot[0] ?? Val.Zero(inShape);
    }

    /// <summary>As <c>Instr.Accumulate</c>: the first contribution is the cotangent, later ones are added to it in arrival order.</summary>
    private void Accumulate(Val?[] cot, int slot, Val? value)
    {
        if (value is null)
        {
            return;
        }

        cot[slot] = cot[slot] is { } current ? Add(current, value, Local) : value;
    }

    private void BackwardOne(Instr instr, Val?[] cot)
    {
        switch (instr)
        {
            case Apply1 { Rule: ScalarRule rule } a:
                if (cot[a.Output] is { } seed)
                {
                    // ScalarRule.Pullback: ȳ·f′(x).
                    Accumulate(cot, a.Input, Val.Of(Local(E.Multiply(seed.Scalar, KnownRules.Derivative(rule, _v[a.Input]!.Scalar, _v[a.Output]!.Scalar)))));
                }

                break;

            case Apply1 { Rule: ZeroLikeRule }:
                break;

            case Apply1 { Rule: IUserRule { User: not null } } a:
                BackwardUser(a, cot);
                break;

            case Apply1 { Rule: TypedRule<Vec, double> { VecIndex: int index } } a:
                if (cot[a.Output] is { } scattered)
                {
                    // The rule's pullback: ȳ at i of a zero vector (then added element by element, zeros included, as VecSpace adds).
                    var shape = _v[a.Input]!.Shape;
                    Accumulate(cot, a.Input, Val.Product(shape, [.. shape.Parts!.Select((_, j) => j == index ? scattered : Val.Of(Val.Zero0))]));
                }

                break;

            case ApplyN { Rule: VecPrimitives.StackRule } n:
                if (cot[n.Output] is { } stacked)
                {
                    // StackRule.Pullback: x̄ᵢ = ȳᵢ.
                    for (var i = 0; i < n.Inputs.Count; i++)
                    {
                        Accumulate(cot, n.Inputs[i], stacked.Parts![i]);
                    }
                }

                break;

            case Apply2 a when cot[a.Output] is { } yBar:
                Backward2(a, yBar, cot);
                break;

            case Apply2:
                break;

            case Pack p:
                if (cot[p.Output] is { } packed)
                {
                    for (var i = 0; i < p.Inputs.Count; i++)
                    {
                        Accumulate(cot, p.Inputs[i], packed.Parts![i]);
                    }
                }

                break;

            case Unpack u:
                if (u.Outputs.Any(o => cot[o] is not null))
                {
                    // As Unpack.Backward: a missing component is materialised as a zero shaped like its primal.
                    var shape = _v[u.Input]!.Shape;
                    Accumulate(cot, u.Input, Val.Product(shape, [.. u.Outputs.Select(o => cot[o] ?? Val.Zero(_v[o]!.Shape))]));
                }

                break;

            default:
                throw new NotSupportedException($"The typed compiler does not cover {instr.GetType().Name}.");
        }
    }

    private void Backward2(Apply2 a, Val yBar, Val?[] cot)
    {
        Val? aBar = null, bBar = null;
        switch (a.Rule)
        {
            case ScalarBinaryRule rule:
            {
                var (pa, pb) = KnownRules.Partials(rule, _v[a.A]!.Scalar, _v[a.B]!.Scalar, _v[a.Output]!.Scalar);
                var s = yBar.Scalar;
                aBar = a.NeedA ? Val.Of(Local(E.Multiply(s, pa))) : null;
                bBar = a.NeedB ? Val.Of(Local(E.Multiply(s, pb))) : null;
                break;
            }

            case SpaceAddRule:
                aBar = a.NeedA ? yBar : null;
                bBar = a.NeedB ? yBar : null;
                break;

            case SpaceScaleRule:
                // ((s, v), ȳ) ↦ (⟨ȳ, v⟩, s·ȳ).
                aBar = a.NeedA ? Val.Of(Local(Inner(yBar, _v[a.B]!))) : null;
                bBar = a.NeedB ? Scale(_v[a.A]!.Scalar, yBar, Local) : null;
                break;

            case SpaceInnerRule:
                // ((a, b), ȳ) ↦ (ȳ·b, ȳ·a).
                aBar = a.NeedA ? Scale(yBar.Scalar, _v[a.B]!, Local) : null;
                bBar = a.NeedB ? Scale(yBar.Scalar, _v[a.A]!, Local) : null;
                break;

            default:
                throw new NotSupportedException($"The typed compiler does not cover rule {a.Rule.Name}.");
        }

        Accumulate(cot, a.A, aBar);
        Accumulate(cot, a.B, bBar);
    }
}

/// <summary>The layouts of a tape's input and output for one compile (a <see cref="Vec"/>'s with its length fixed).</summary>
/// <param name="In">The input's layout.</param>
/// <param name="Out">The output's layout.</param>
internal sealed record RootShapes(Shape In, Shape Out);
