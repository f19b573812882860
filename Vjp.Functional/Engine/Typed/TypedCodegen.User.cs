using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// A user-written rule (<see cref="Diff.Create{TIn, TOut}(string, Func{TIn, TOut}, Func{TIn, TOut, TOut, TIn}, Func{TIn, TOut, TIn, TOut}, Domain)"/>)
/// over double layouts, called from compiled code: its forward, pullback and pushforward delegates are invoked directly,
/// typed (no boxing), as <see cref="TypedRule{TIn, TOut}"/> calls them, and the interpreter's defaults are mirrored (a rule
/// without a pushforward pushes forward with one pullback per output coordinate, as <see cref="Rule.Pushforward"/> does).
/// Whatever the user's code throws propagates out of the compiled sweep, whose caller then runs the interpreter, which
/// wraps it with the rule's path and phase.
/// </summary>
internal sealed partial class TypedCodegen
{
    /// <summary>Whether <paramref name="rule"/> is a user rule whose input and output are double layouts.</summary>
    private static bool IsUserRule(Rule rule, Dictionary<VectorSpace, Shape?> shapes) =>
        rule is IUserRule { User: not null } && Shape.Of(rule.In, shapes) is not null && Shape.Of(rule.Out, shapes) is not null;

    private static UserDelegates UserOf(Rule rule) => ((IUserRule)rule).User!;

    /// <summary>The value of <paramref name="call"/> in a new local of its type (so that a tuple's or record's components read it once).</summary>
    private E Typed(E call)
    {
        var local = E.Variable(call.Type);
        _locals.Add(local);
        _body.Add(E.Assign(local, call));
        return local;
    }

    private void ForwardUser(Apply1 a)
    {
        var outShape = Shape.Of(a.Rule.Out, _shapes)!;

        // A replaying sweep reads the primal from the frame: no call is emitted (Primal ignores the source there).
        var y = _emitPrimal
            ? Typed(KnownRules.Call(UserOf(a.Rule).Forward, _v[a.Input]!.Build()))
            : E.Default(a.Rule.Out.Type);
        _v[a.Output] = Read(y, outShape, Primal);
    }

    private void TangentUser(Apply1 a, Val?[] tan)
    {
        if (tan[a.Input] is not { } dx)
        {
            tan[a.Output] = null;
            return;
        }

        var user = UserOf(a.Rule);
        var x = _v[a.Input]!;
        var y = _v[a.Output]!;
        if (user.Pushforward is { } pushforward)
        {
            tan[a.Output] = Read(Typed(KnownRules.Call(pushforward, x.Build(), y.Build(), dx.Build())), y.Shape, Local);
            return;
        }

        // As Rule.Pushforward: ẏⱼ = ⟨pullback(x, y, eⱼ), ẋ⟩ for each unit output coordinate eⱼ.
        var m = y.Shape.Leaves;
        var dy = new E[m];
        for (var j = 0; j < m; j++)
        {
            var xBar = Read(Typed(KnownRules.Call(user.Pullback, x.Build(), y.Build(), Unit(y.Shape, j).Build())), x.Shape, Local);
            dy[j] = Local(Inner(xBar, dx));
        }

        tan[a.Output] = FromLeaves(y.Shape, dy);
    }

    private void BackwardUser(Apply1 a, Val?[] cot)
    {
        if (cot[a.Output] is not { } seed)
        {
            return;
        }

        var x = _v[a.Input]!;
        var xBar = Read(Typed(KnownRules.Call(UserOf(a.Rule).Pullback, x.Build(), _v[a.Output]!.Build(), seed.Build())), x.Shape, Local);
        Accumulate(cot, a.Input, xBar);
    }
}

/// <summary>The typed delegates of a user-written rule, for the typed compiler to call directly.</summary>
/// <param name="Forward">The forward <c>x ↦ y</c>, a <c>Func&lt;TIn, TOut&gt;</c>.</param>
/// <param name="Pullback">The pullback <c>(x, y, ȳ) ↦ x̄</c>, a <c>Func&lt;TIn, TOut, TOut, TIn&gt;</c>.</param>
/// <param name="Pushforward">The pushforward <c>(x, y, ẋ) ↦ ẏ</c>, a <c>Func&lt;TIn, TOut, TIn, TOut&gt;</c>, or null.</param>
internal sealed record UserDelegates(Delegate Forward, Delegate Pullback, Delegate? Pushforward);

/// <summary>A rule that may carry a user's typed delegates.</summary>
internal interface IUserRule
{
    /// <summary>The user's delegates, or null for a library rule.</summary>
    UserDelegates? User { get; }
}
