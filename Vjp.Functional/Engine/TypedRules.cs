namespace Vjp.Functional.Engine;

/// <summary>A rule of one argument given by typed delegates: forward (with optional residuals), pullback, optional pushforward.</summary>
internal sealed class TypedRule<TIn, TOut>(
    string name,
    DiffKind kind,
    Domain domain,
    Func<TIn, (TOut Y, object? R)> forward,
    Func<TIn, TOut, object?, TOut, TIn> pullback,
    Func<TIn, TOut, object?, TIn, TOut>? pushforward,
    Func<string, string>? format = null,
    Func<Node>? pullbackNode = null,
    Func<Node>? pushforwardNode = null,
    Action<TIn, TOut, TOut, TIn>? into = null,
    bool fresh = false)
    : Rule(name, VectorSpace<TIn>.Instance, VectorSpace<TOut>.Instance), Typed.IUserRule
    where TIn : notnull
    where TOut : notnull
{
    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    public override DiffKind Kind => kind;

    public override Domain Domain => domain;

    public override int Arity => 1;

    public override bool HasPushforward => pushforward is not null;

    public override bool FreshCotangents => fresh;

    /// <summary>For <c>VecPrimitives.IndexRule(i)</c>, the index i (the typed compiler reads xᵢ itself); else null.</summary>
    internal int? VecIndex { get; init; }

    /// <summary>For a rule of <c>Diff.Create</c> without residuals, the user's own typed delegates (the typed compiler calls them directly); else null.</summary>
    public Typed.UserDelegates? User { get; init; }

    /// <summary>Adds x̄ into the owned accumulator with the rule's <c>into(x, y, ȳ, accumulator)</c>, when it has one.</summary>
    public override bool PullbackInto(object x, object y, object? r, object yBar, object accumulator)
    {
        if (into is null || !VectorSpace<TIn>.Instance.SameShape((TIn)x, (TIn)accumulator))
        {
            return false;
        }

        into((TIn)x, (TOut)y, (TOut)yBar, (TIn)accumulator);
        return true;
    }

    public override object Forward(object x, out object? r)
    {
        var (y, res) = forward((TIn)x);
        r = res;
        return y ?? throw new InvalidOperationException($"The forward of '{Name}' returned null; return a value of {SpaceResolver.Pretty(typeof(TOut))} instead.");
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var xBar = pullback((TIn)x, (TOut)y, r, (TOut)yBar);
        if (xBar is null)
        {
            throw new InvalidOperationException($"The pullback of '{Name}' returned null; return a zero cotangent shaped like the input instead.");
        }

        var space = VectorSpace<TIn>.Instance;
        if (!space.SameShape((TIn)x, xBar))
        {
            throw new ShapeException($"{Name}.Pullback", $"returned cotangent {space.Shape(xBar)} for input {space.Shape((TIn)x)}");
        }

        return xBar;
    }

    public override object? Pushforward(object x, object y, object? r, object dx)
    {
        if (pushforward is null)
        {
            return base.Pushforward(x, y, r, dx);
        }

        var dy = pushforward((TIn)x, (TOut)y, r, (TIn)dx);
        var space = VectorSpace<TOut>.Instance;
        if (dy is null || !space.SameShape((TOut)y, dy))
        {
            throw new ShapeException($"{Name}.Pushforward", $"returned tangent {(dy is null ? "null" : space.Shape(dy))} for output {space.Shape((TOut)y)}");
        }

        return dy;
    }

    public override string Format(string arg) => format?.Invoke(arg) ?? base.Format(arg);

    public override Node? PullbackNode => pullbackNode is null ? null : _pullbackNode ??= pullbackNode();

    public override Node? PushforwardNode => pushforwardNode is null ? null : _pushforwardNode ??= pushforwardNode();
}

/// <summary>
/// A rule of two arguments (a pair input) given by its partial pullbacks and partial pushforwards:
/// <c>ā = pullA(a, b, y, ȳ)</c>, <c>b̄ = pullB(a, b, y, ȳ)</c>, <c>ẏ = pushA(a, b, y, ȧ) + pushB(a, b, y, ḃ)</c>;
/// a zero tangent skips its partial.
/// </summary>
internal sealed class TypedRule2<TA, TB, TOut>(
    string name,
    Func<TA, TB, TOut> forward,
    Func<TA, TB, TOut, TOut, TA> pullA,
    Func<TA, TB, TOut, TOut, TB> pullB,
    Func<TA, TB, TOut, TA, TOut> pushA,
    Func<TA, TB, TOut, TB, TOut> pushB,
    Func<string, string, string>? format = null,
    Func<Node>? pullbackNode = null,
    Func<Node>? pushforwardNode = null,
    bool fresh = false,
    Action<TA, TB, TOut, TOut, TA>? intoA = null,
    Action<TA, TB, TOut, TOut, TB>? intoB = null,
    Domain? domain = null)
    : Rule(name, VectorSpace<(TA, TB)>.Instance, VectorSpace<TOut>.Instance)
    where TA : notnull
    where TB : notnull
    where TOut : notnull
{
    public override int Arity => 2;

    public override Domain Domain => domain ?? Domain.All;

    public override object Forward2(object a, object b, out object? r)
    {
        r = null;
        return forward((TA)a, (TB)b);
    }

    public override void Pullback2(object a, object b, object y, object? r, object yBar, out object? aBar, out object? bBar) =>
        Pullback2(a, b, y, r, yBar, needA: true, needB: true, out aBar, out bBar);

    public override void Pullback2(object a, object b, object y, object? r, object yBar, bool needA, bool needB, out object? aBar, out object? bBar)
    {
        aBar = needA ? pullA((TA)a, (TB)b, (TOut)y, (TOut)yBar) : null;
        bBar = needB ? pullB((TA)a, (TB)b, (TOut)y, (TOut)yBar) : null;
    }

    public override bool FreshCotangents => fresh;

    /// <summary>
    /// Adds each wanted partial into its owned accumulator with <c>intoA</c>/<c>intoB</c> (an accumulating kernel)
    /// where the rule has one and the sweep owns one, returning the accumulator itself as the cotangent; the other
    /// partials as <see cref="Pullback2(object, object, object, object?, object, bool, bool, out object?, out object?)"/>.
    /// </summary>
    public override void Pullback2Into(object a, object b, object y, object? r, object yBar, bool needA, bool needB, object? aInto, object? bInto, out object? aBar, out object? bBar)
    {
        TA ta = (TA)a;
        TB tb = (TB)b;
        TOut ty = (TOut)y, s = (TOut)yBar;
        if (!needA)
        {
            aBar = null;
        }
        else if (intoA is not null && aInto is TA accA && VectorSpace<TA>.Instance.SameShape(ta, accA))
        {
            intoA(ta, tb, ty, s, accA);
            aBar = accA;
        }
        else
        {
            aBar = pullA(ta, tb, ty, s);
        }

        if (!needB)
        {
            bBar = null;
        }
        else if (intoB is not null && bInto is TB accB && VectorSpace<TB>.Instance.SameShape(tb, accB))
        {
            intoB(ta, tb, ty, s, accB);
            bBar = accB;
        }
        else
        {
            bBar = pullB(ta, tb, ty, s);
        }
    }

    public override object? Pushforward2(object a, object b, object y, object? r, object? da, object? db)
    {
        TOut? dy = default;
        var has = false;
        if (da is not null)
        {
            dy = pushA((TA)a, (TB)b, (TOut)y, (TA)da);
            has = true;
        }

        if (db is not null)
        {
            var part = pushB((TA)a, (TB)b, (TOut)y, (TB)db);
            dy = has ? VectorSpace<TOut>.Instance.Add(dy!, part) : part;
            has = true;
        }

        return has ? dy : null;
    }

    public override string Format2(string a, string b) => format?.Invoke(a, b) ?? base.Format2(a, b);

    private Node? _pullbackNode;
    private Node? _pushforwardNode;

    public override Node? PullbackNode => pullbackNode is null ? null : _pullbackNode ??= pullbackNode();

    public override Node? PushforwardNode => pushforwardNode is null ? null : _pushforwardNode ??= pushforwardNode();
}

/// <summary>Helpers to write the differentiable forms of linear rules.</summary>
internal static class Forms
{
    /// <summary>For a rule linear in its input: the pushforward form (x, ẋ) ↦ rule(ẋ).</summary>
    public static Node OfTangent<TIn, TOut>(Rule rule) where TIn : notnull where TOut : notnull =>
        NodeOps.Then(new ProjectNode(VectorSpace<(TIn, TIn)>.Instance, 1), new RuleNode(rule));

    /// <summary>For a self-adjoint linear rule (such as transpose): the pullback form (x, ȳ) ↦ rule(ȳ).</summary>
    public static Node OfCotangent<TIn, TOut>(Rule rule) where TIn : notnull where TOut : notnull =>
        NodeOps.Then(new ProjectNode(VectorSpace<(TIn, TOut)>.Instance, 1), new RuleNode(rule));

    /// <summary>The pullback form (x, ȳ) ↦ L_x(ȳ) for a shaped linear map.</summary>
    public static Node Linear<TLike, TV, TOut>(ShapedLinearRule<TLike, TV, TOut> rule) where TLike : notnull where TV : notnull where TOut : notnull =>
        new RuleNode(rule);
}
