using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// The pullback of a scan (or fold) as a rule of its own, <c>((p, s₀, [aᵢ]), ȳ) ↦ (p̄, s̄₀, [āᵢ])</c>, so that
/// derivatives of derivatives can pass through loops. Its forward is the reverse sweep, with the step's
/// pullback taken as a differentiable function (<see cref="Diff.PullbackOf{TIn, TOut}"/>); its pushforward
/// carries tangents through both the forward states and the reverse sweep (forward over reverse: a
/// Hessian–vector product through a scan costs a small constant times one gradient); its pullback, needed
/// only for reverse over reverse, materialises its Jacobian from one pushforward per input coordinate —
/// exact, but linear in the input's dimension.
/// </summary>
internal sealed class ScanAdjointRule<P, S, A>(Diff<(P, S, A), S> step, bool emitAll, VectorSpace input, VectorSpace seed)
    : Rule($"{(emitAll ? "scan" : "fold")}-pullback[{Names.Of(step.Node)}]", NodeOps.PairSpace(input, seed), input), IRepeatedPart
    where P : notnull
    where S : notnull
    where A : notnull
{
    private readonly Diff<((P, S, A) X, S YBar), (P, S, A)> _stepPullback = Diff.PullbackOf(step);

    Node IRepeatedPart.Part => _stepPullback.Node;

    string IRepeatedPart.Unit => "step";

    /// <summary>The inputs ((p, sᵢ₋₁, aᵢ), s̄ᵢ) of the step's pullback in the reverse sweep, from the last step (numbered i), by plain forward passes.</summary>
    IEnumerable<(int Number, object Input)> IRepeatedPart.PartInputs(object x)
    {
        var pair = (IProductSpace)In;
        var (a, b) = (pair.Component(x, 0), pair.Component(x, 1));
        var (p, s0, items, states) = Unpack(a);
        var n = items.Length;
        var carry = emitAll ? SSpace.Zero(s0) : (S)b;
        for (var i = n; i >= 1; i--)
        {
            var at = ((p, states[i - 1], items[i - 1]), Seed(carry, b, i, n));
            yield return (i, at);
            carry = _stepPullback.Invoke(at).Item2;
        }
    }

    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 2;

    public override IReadOnlyList<Node> Children => [step.Node];

    public override string? SecondOrderUnsupported =>
        "derivatives of a scan are available to the second order (HVPs, Hessians, gradients of gradients); a third derivative through a scan is not.";

    private static VectorSpace<P> PSpace => VectorSpace<P>.Instance;

    private static VectorSpace<S> SSpace => VectorSpace<S>.Instance;

    private static VectorSpace<A> ASpace => VectorSpace<A>.Instance;

    /// <summary>The cotangent sent into step i (1-based): the carried cotangent plus the step's own output cotangent.</summary>
    private S Seed(S carry, object yBar, int i, int n) =>
        emitAll ? SSpace.Add(carry, ((ImmutableArray<S>)yBar)[i - 1]) : carry;

    /// <summary>The primal states s₀ … sₙ, computed once by the forward pass and kept for the pushforward and pullback.</summary>
    private sealed record States(P P, S S0, A[] Items, S[] Values);

    private States Unpack(object x)
    {
        var (p, s0, xs) = ((P, S, ImmutableArray<A>))x;
        var items = ScanData.Items(xs, Name);
        var states = new S[items.Length + 1];
        states[0] = s0;
        for (var i = 1; i <= items.Length; i++)
        {
            states[i] = step.Invoke((p, states[i - 1], items[i - 1]));
        }

        return new States(p, s0, items, states);
    }

    private void CheckSeed(object yBar, int n)
    {
        if (emitAll && ScanData.Length((ImmutableArray<S>)yBar, Name) != n)
        {
            throw new ShapeException(Name, $"cotangent of {((ImmutableArray<S>)yBar).Length} states for a scan of {n} steps");
        }
    }

    public override object Forward2(object a, object b, out object? r)
    {
        var recorded = Unpack(a);
        r = recorded;
        var (p, s0, items, states) = recorded;
        var n = items.Length;
        CheckSeed(b, n);
        var carry = emitAll ? SSpace.Zero(s0) : (S)b;
        var pBar = PSpace.Zero(p);
        var aBars = new A[n];
        for (var i = n; i >= 1; i--)
        {
            var (pb, sb, ab) = _stepPullback.Invoke(((p, states[i - 1], items[i - 1]), Seed(carry, b, i, n)));
            pBar = PSpace.Add(pBar, pb);
            aBars[i - 1] = ab;
            carry = sb;
        }

        return (pBar, carry, ImmutableCollectionsMarshal.AsImmutableArray(aBars));
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        var (p, s0, items, states) = r as States ?? Unpack(a);
        var n = items.Length;
        var (dp, ds0, dxs) = da is null ? (PSpace.Zero(p), SSpace.Zero(s0), ImmutableArray.CreateRange(items.Select(ASpace.Zero))) : ((P, S, ImmutableArray<A>))da;
        var dItems = ScanData.Items(dxs, Name);
        var dSeed = db ?? In1.ZeroLikeObject(b);

        // Forward tangents of the states.
        var dStates = new S[n + 1];
        dStates[0] = ds0;
        for (var i = 1; i <= n; i++)
        {
            dStates[i] = step.Jvp((p, states[i - 1], items[i - 1]), (dp, dStates[i - 1], dItems[i - 1]));
        }

        // The reverse sweep with tangents: forward over reverse through each step's pullback.
        var carry = emitAll ? SSpace.Zero(s0) : (S)b;
        var dCarry = emitAll ? SSpace.Zero(s0) : (S)dSeed;
        var dpBar = PSpace.Zero(p);
        var daBars = new A[n];
        for (var i = n; i >= 1; i--)
        {
            var at = ((p, states[i - 1], items[i - 1]), Seed(carry, b, i, n));
            var dir = ((dp, dStates[i - 1], dItems[i - 1]), Seed(dCarry, dSeed, i, n));
            var (value, tangent) = _stepPullback.ValueAndJvp(at, dir);
            dpBar = PSpace.Add(dpBar, tangent.Item1);
            daBars[i - 1] = tangent.Item3;
            carry = value.Item2;
            dCarry = tangent.Item2;
        }

        return (dpBar, dCarry, ImmutableCollectionsMarshal.AsImmutableArray(daBars));
    }

    /// <summary>Reverse over reverse: the transposed Jacobian, materialised from one pushforward per input coordinate.</summary>
    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar)
    {
        int na = In0.DimensionObject(a), nb = In1.DimensionObject(b);
        var e = new double[na + nb];
        var result = new double[na + nb];
        for (var j = 0; j < e.Length; j++)
        {
            e[j] = 1;
            var da = In0.UnflattenObject(a, e.AsSpan(0, na));
            var db = In1.UnflattenObject(b, e.AsSpan(na, nb));
            var column = Pushforward2(a, b, y, r, da, db)!;
            result[j] = Out.InnerObject(column, yBar);
            e[j] = 0;
        }

        aBar = In0.UnflattenObject(a, result.AsSpan(0, na));
        bBar = In1.UnflattenObject(b, result.AsSpan(na, nb));
    }
}
