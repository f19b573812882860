using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// Gradients with respect to the first component of a tuple input only: the parameters of a loss whose other
/// components are data (a batch, its targets). The other components are constants to the pullback, which does
/// no cotangent work for them (no Ȳ·W product for a data matrix), and one compiled tape serves every batch.
/// </summary>
public static partial class PartialGradients
{
    /// <summary>The value f(p, x) and the partial gradient ∂f/∂p at (p, x).</summary>
    /// <remarks>The pullback of f seeded with 1, restricted to p: p̄ = (∂f/∂p)ᵀ·1; x gets no cotangent.</remarks>
    /// <typeparam name="TP">The differentiated component's type.</typeparam>
    /// <typeparam name="TX">The data component's type.</typeparam>
    /// <param name="f">A scalar function of (p, x).</param>
    /// <param name="p">The point in the differentiated component.</param>
    /// <param name="x">The data.</param>
    /// <returns>The value and ∂f/∂p.</returns>
    public static (double Value, TP Gradient) ValueAndGradientOfFirst<TP, TX>(this Diff<(TP, TX), double> f, TP p, TX x)
        where TP : notnull where TX : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        return Run<TP>(f.Node, (p.NotNull(), x.NotNull()));
    }

    /// <summary>The value f(p, x, y) and the partial gradient ∂f/∂p at (p, x, y).</summary>
    /// <remarks>The pullback of f seeded with 1, restricted to p: p̄ = (∂f/∂p)ᵀ·1; x and y get no cotangent.</remarks>
    /// <typeparam name="TP">The differentiated component's type.</typeparam>
    /// <typeparam name="TX">The first data component's type.</typeparam>
    /// <typeparam name="TY">The second data component's type.</typeparam>
    /// <param name="f">A scalar function of (p, x, y).</param>
    /// <param name="p">The point in the differentiated component.</param>
    /// <param name="x">The first data component (a batch).</param>
    /// <param name="y">The second data component (its targets).</param>
    /// <returns>The value and ∂f/∂p.</returns>
    public static (double Value, TP Gradient) ValueAndGradientOfFirst<TP, TX, TY>(this Diff<(TP, TX, TY), double> f, TP p, TX x, TY y)
        where TP : notnull where TX : notnull where TY : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        return Run<TP>(f.Node, (p.NotNull(), x.NotNull(), y.NotNull()));
    }

    private static (double Value, TP Gradient) Run<TP>(Node node, object input)
    {
        var tape = node.FirstComponentTape;
        var trace = tape.Record(input);
        return ((double)tape.Output(trace), (TP)tape.Pullback(trace, 1.0));
    }
}
