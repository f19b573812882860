using System.Linq.Expressions;
using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>The loops of a step <c>s ↦ s′</c> (<c>Control.Iterate</c>): each one for-loop in one method, the carry in locals.</summary>
internal sealed partial class TypedCodegen
{
    /// <summary>The leaves of <paramref name="shape"/> taken in order from <paramref name="from"/>, as one value.</summary>
    private static Val FromLeaves(Shape shape, IReadOnlyList<E> from)
    {
        var next = 0;
        Val Leaf(Shape s) => s.IsDouble ? Val.Of(from[next++]) : Val.Product(s, [.. s.Parts!.Select(Leaf)]);
        return Leaf(shape);
    }

    /// <summary>The leaves of <paramref name="value"/> in order (its flat view).</summary>
    private static List<E> LeavesOf(Val value)
    {
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

        Collect(value);
        return leaves;
    }

    private static void RequireIterateStep(Shape inShape, Shape outShape)
    {
        if (inShape.Leaves != outShape.Leaves || inShape.IsVec || outShape.IsVec)
        {
            throw new NotSupportedException("An iterated step maps s to s, of a double layout.");
        }
    }

    /// <summary>
    /// The forward pass of <c>stepⁿ</c> as a loop: <see cref="FlatSweep"/>(s₀ → sₙ, n, -, -, carries or null, -), the
    /// carry in locals, the carry before each step saved when a carries array is given (as <see cref="EmitFoldRun"/>).
    /// </summary>
    private LambdaExpression EmitIterateRun(Shape inShape, Shape outShape)
    {
        RequireIterateStep(inShape, outShape);
        var (io, count, unused, unusedOffset, carries, unused2) = FlatParameters();
        var ds = inShape.Leaves;
        var carry = Enumerable.Range(0, ds).Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(carry);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(carry[j], E.ArrayAccess(io, E.Constant(j))));
        }

        var i = E.Variable(typeof(int), "i");
        _locals.Add(i);
        _body.Add(E.Assign(i, E.Constant(0)));
        var outer = _body;
        _body = [];
        _body.Add(E.IfThen(E.NotEqual(carries, E.Constant(null, typeof(double[]))),
            E.Block(carry.Select((c, j) => (E)E.Assign(E.ArrayAccess(carries, E.Add(E.Multiply(i, E.Constant(ds)), E.Constant(j))), c)))));
        Forward(FromLeaves(inShape, carry), tangent: null);

        // The new carry through temporaries: an output may be an old carry component itself.
        var outLeaves = LeavesOf(_v[_tape.OutSlot]!);
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
            _body.Add(E.Assign(E.ArrayAccess(io, E.Constant(j)), carry[j]));
        }

        return Lambda(E.Empty(), io, count, unused, unusedOffset, carries, unused2);
    }

    /// <summary>
    /// The reverse sweep of <c>stepⁿ</c> as a loop from the last step: <see cref="FlatSweep"/>(s̄ₙ → s̄₀, n, -, -, carries, -),
    /// each step's forward re-run from its saved carry and its reverse sweep emitted once inside the loop, the seed in locals
    /// (as the interpreted loop: each step's input cotangent is the next seed).
    /// </summary>
    private LambdaExpression EmitIterateVjp(Shape inShape, Shape outShape)
    {
        RequireIterateStep(inShape, outShape);
        var (io, count, unused, unusedOffset, carries, unused2) = FlatParameters();
        var ds = inShape.Leaves;
        var seed = Enumerable.Range(0, ds).Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(seed);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(seed[j], E.ArrayAccess(io, E.Constant(j))));
        }

        var i = E.Variable(typeof(int), "i");
        _locals.Add(i);
        _body.Add(E.Assign(i, E.Subtract(count, E.Constant(1))));
        var outer = _body;
        _body = [];
        var sAt = E.Variable(typeof(int), "sAt");
        _locals.Add(sAt);
        _body.Add(E.Assign(sAt, E.Multiply(i, E.Constant(ds))));
        var s = Enumerable.Range(0, ds).Select(j => Local(E.ArrayAccess(carries, E.Add(sAt, E.Constant(j))))).ToArray();
        Forward(FromLeaves(inShape, s), tangent: null);
        var leaves = LeavesOf(BackwardVal(FromLeaves(outShape, seed), inShape));
        var temps = leaves.Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(temps);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(temps[j], leaves[j]));
        }

        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(seed[j], temps[j]));
        }

        _body.Add(E.PreDecrementAssign(i));
        var body = _body;
        _body = outer;
        var done = E.Label("done");
        _body.Add(E.Loop(E.IfThenElse(E.GreaterThanOrEqual(i, E.Constant(0)), E.Block(body), E.Break(done)), done));
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(io, E.Constant(j)), seed[j]));
        }

        return Lambda(E.Empty(), io, count, unused, unusedOffset, carries, unused2);
    }

    /// <summary>
    /// The tangent sweep of <c>stepⁿ</c> as a loop: <see cref="FlatSweep"/>(ṡ₀ → ṡₙ, n, -, -, carries, -), each step's
    /// forward re-run from its saved carry beside its tangent, the tangent in locals.
    /// </summary>
    private LambdaExpression EmitIterateJvp(Shape inShape, Shape outShape)
    {
        RequireIterateStep(inShape, outShape);
        var (io, count, unused, unusedOffset, carries, unused2) = FlatParameters();
        var ds = inShape.Leaves;
        var dCarry = Enumerable.Range(0, ds).Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(dCarry);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(dCarry[j], E.ArrayAccess(io, E.Constant(j))));
        }

        var i = E.Variable(typeof(int), "i");
        _locals.Add(i);
        _body.Add(E.Assign(i, E.Constant(0)));
        var outer = _body;
        _body = [];
        var sAt = E.Variable(typeof(int), "sAt");
        _locals.Add(sAt);
        _body.Add(E.Assign(sAt, E.Multiply(i, E.Constant(ds))));
        var s = Enumerable.Range(0, ds).Select(j => Local(E.ArrayAccess(carries, E.Add(sAt, E.Constant(j))))).ToArray();
        var dy = Forward(FromLeaves(inShape, s), FromLeaves(inShape, dCarry))!;
        var leaves = LeavesOf(dy);
        var temps = leaves.Select(_ => E.Variable(typeof(double))).ToArray();
        _locals.AddRange(temps);
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(temps[j], leaves[j]));
        }

        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(dCarry[j], temps[j]));
        }

        _body.Add(E.PreIncrementAssign(i));
        var body = _body;
        _body = outer;
        var done = E.Label("done");
        _body.Add(E.Loop(E.IfThenElse(E.LessThan(i, count), E.Block(body), E.Break(done)), done));
        for (var j = 0; j < ds; j++)
        {
            _body.Add(E.Assign(E.ArrayAccess(io, E.Constant(j)), dCarry[j]));
        }

        return Lambda(E.Empty(), io, count, unused, unusedOffset, carries, unused2);
    }
}
