namespace Vjp.Functional.Engine;

/// <summary>
/// Calls into the functions of a user-written rule. What they throw becomes a <see cref="RuleException"/>
/// naming the rule, the phase and the shapes of the arguments; the tape adds the rule's path (see
/// <c>Tape.Wrap</c>). Cancellation passes through as itself.
/// </summary>
internal static class UserCode
{
    private static bool Wraps(Exception e) => e is not OperationCanceledException;

    private static string Shape<T>(T value) where T : notnull => VectorSpace<T>.Instance.Shape(value);

    private static RuleException Failed(string rule, RulePhase phase, Exception e, params (string Name, string Shape)[] arguments) =>
        new(rule, rule, phase, arguments, e);

    public static TOut Forward<TIn, TOut>(string rule, Func<TIn, TOut> forward, TIn x) where TIn : notnull
    {
        try
        {
            return forward(x);
        }
        catch (Exception e) when (Wraps(e))
        {
            throw Failed(rule, RulePhase.Forward, e, ("x", Shape(x)));
        }
    }

    public static TResult Linear<TIn, TOut, TArg, TResult>(string rule, RulePhase phase, Func<TIn, TOut, TArg, TResult> f, TIn x, TOut y, TArg arg)
        where TIn : notnull where TOut : notnull where TArg : notnull
    {
        try
        {
            return f(x, y, arg);
        }
        catch (Exception e) when (Wraps(e))
        {
            throw Failed(rule, phase, e, ("x", Shape(x)), ("y", Shape(y)), (phase == RulePhase.Pullback ? "ȳ" : "ẋ", Shape(arg)));
        }
    }

    public static TResult FromResiduals<TRes, TArg, TResult>(string rule, RulePhase phase, Func<TRes, TArg, TResult> f, TRes r, TArg arg)
        where TArg : notnull
    {
        try
        {
            return f(r, arg);
        }
        catch (Exception e) when (Wraps(e))
        {
            throw Failed(rule, phase, e, ("r", r is null ? "null" : SpaceResolver.Pretty(r.GetType())), (phase == RulePhase.Pullback ? "ȳ" : "ẋ", Shape(arg)));
        }
    }
}
