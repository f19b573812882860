using System.Linq.Expressions;
using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>The fused Jacobian sweep: primal and every column's tangent lane in one method, no frame.</summary>
internal sealed partial class TypedCodegen
{
    /// <summary>
    /// <c>(x, J) ↦ ()</c>: the forward sweep from the typed input with one tangent lane per input coordinate
    /// interleaved (lane c seeded with the unit vector e_c, its 1.0 and 0.0 as constants), writing ∂yᵣ/∂x_c to
    /// <c>J[r·n + c]</c>, row-major. The same rule calls and tangent operations, in the same order, as a recorded
    /// frame pushed forward lane by lane (<see cref="Sweep.FlatPushforwardLanes"/>) or the interpreter's pushforward
    /// of each unit vector, so the same bits; with no frame stored and re-read, and nothing flattened or boxed.
    /// </summary>
    public static Expression<Action<TIn, double[]>> EmitJacobianColumns<TIn, TOut>(Tape tape, Dictionary<VectorSpace, Shape?> shapes, RootShapes roots)
    {
        var g = new TypedCodegen(tape, shapes, roots, Sweep.Run);
        var x = E.Parameter(typeof(TIn), "x");
        var j = E.Parameter(typeof(double[]), "j");
        var n = roots.In.Leaves;
        var lanes = new Val[n];
        for (var c = 0; c < n; c++)
        {
            lanes[c] = Unit(roots.In, c);
        }

        var dys = g.ForwardLanes(g.Read(x, roots.In, g.Primal), lanes)!;
        var writes = new List<E>();
        for (var c = 0; c < n; c++)
        {
            var r = 0;
            void Leaf(Val v)
            {
                if (v.Leaf is { } leaf)
                {
                    writes.Add(E.Assign(E.ArrayAccess(j, E.Constant(r++ * n + c)), leaf));
                    return;
                }

                foreach (var p in v.Parts!)
                {
                    Leaf(p);
                }
            }

            Leaf(dys[c]);
        }

        // The last element first: one bounds check covers the others.
        writes.Reverse();
        g._body.AddRange(writes);
        g._body.Add(E.Empty());
        return E.Lambda<Action<TIn, double[]>>(E.Block(typeof(void), g._locals, g._body), x, j);
    }

    /// <summary>The unit vector e_c shaped like <paramref name="shape"/>, its doubles constants in flat order.</summary>
    private static Val Unit(Shape shape, int c)
    {
        var next = 0;
        Val Leaf(Shape s) => s.IsDouble
            ? Val.Of(E.Constant(next++ == c ? 1.0 : 0.0))
            : Val.Product(s, [.. s.Parts!.Select(Leaf)]);
        return Leaf(shape);
    }
}
