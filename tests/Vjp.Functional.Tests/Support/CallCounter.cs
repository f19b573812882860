namespace Vjp.Functional.Tests.Support;

/// <summary>
/// An identity stage made with <see cref="Diff.Create{TIn, TOut}(string, Func{TIn, TOut}, Func{TIn, TOut, TOut, TIn}, Func{TIn, TOut, TIn, TOut}, Domain)"/>
/// that counts how often its forward, pullback and pushforward run. One counter per test: no shared state.
/// </summary>
internal sealed class CallCounter
{
    private int _forwards;
    private int _pullbacks;
    private int _pushforwards;

    public int Forwards => Volatile.Read(ref _forwards);

    public int Pullbacks => Volatile.Read(ref _pullbacks);

    public int Pushforwards => Volatile.Read(ref _pushforwards);

    /// <summary>The identity on <typeparamref name="T"/>, counted.</summary>
    public Diff<T, T> Identity<T>(string name = "counted") where T : notnull => Diff.Create<T, T>(
        name,
        x =>
        {
            Interlocked.Increment(ref _forwards);
            return x;
        },
        pullback: (x, y, yBar) =>
        {
            Interlocked.Increment(ref _pullbacks);
            return yBar;
        },
        pushforward: (x, y, dx) =>
        {
            Interlocked.Increment(ref _pushforwards);
            return dx;
        });

    /// <summary>Applies a function, counted: <c>x ↦ f(x)</c> with the given derivative rules.</summary>
    public Diff<TIn, TOut> Wrap<TIn, TOut>(string name, Func<TIn, TOut> f, Func<TIn, TOut, TOut, TIn> pullback, Func<TIn, TOut, TIn, TOut> pushforward)
        where TIn : notnull where TOut : notnull => Diff.Create<TIn, TOut>(
        name,
        x =>
        {
            Interlocked.Increment(ref _forwards);
            return f(x);
        },
        pullback: (x, y, yBar) =>
        {
            Interlocked.Increment(ref _pullbacks);
            return pullback(x, y, yBar);
        },
        pushforward: (x, y, dx) =>
        {
            Interlocked.Increment(ref _pushforwards);
            return pushforward(x, y, dx);
        });
}
