using System.Linq.Expressions;
using System.Reflection;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

public static partial class PartialGradients
{
    /// <summary>
    /// The value f(x) and the partial gradient ∂f/∂xₖ with respect to component k of a tuple or record input (JAX's
    /// <c>argnums</c>): <c>f.ValueAndGradientOf&lt;(Vec, Mat, double), double&gt;(x, component: 2)</c>.
    /// </summary>
    /// <remarks>
    /// One forward sweep and one pullback seeded with 1, restricted to xₖ: x̄ₖ = (∂f/∂xₖ)ᵀ·1. The other components are
    /// constants to the pullback, which does no cotangent work for them; the tape for each component is compiled once
    /// and kept. The result is the k-th component of the full gradient, without computing the others.
    /// </remarks>
    /// <typeparam name="X">The input type, a value tuple or a record of differentiable members.</typeparam>
    /// <typeparam name="T">The type of component k.</typeparam>
    /// <param name="f">A scalar function of the tuple or record.</param>
    /// <param name="x">The point.</param>
    /// <param name="component">The index k of the component, from 0 (a record's members in the order of its constructor's parameters).</param>
    /// <returns>The value f(x) and ∂f/∂xₖ, shaped like component k of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="X"/> is not a tuple or record, or component k is not of type <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="component"/> is not an index of a component.</exception>
    /// <example>
    /// <code>
    /// var (w, b, s) = Diff.Input&lt;(Vec W, Vec B, double S)&gt;();
    /// var f = s * Fn.Dot(w, b);
    /// var (value, sBar) = f.ValueAndGradientOf&lt;(Vec W, Vec B, double S), double&gt;((Vec.Of(1, 2), Vec.Of(3, 4), 0.5), component: 2);   // 5.5, 11
    /// </code>
    /// </example>
    public static (double Value, T Gradient) ValueAndGradientOf<X, T>(this Diff<X, double> f, X x, int component)
        where X : notnull where T : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var product = ProductOf<X>(f, "ValueAndGradientOf");
        if ((uint)component >= (uint)product.Arity)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component,
                $"ValueAndGradientOf on '{Printer.Short(f.Node)}': {SpaceResolver.Pretty(typeof(X))} has {product.Arity} components ({Components(product)}); component {component} is not one of them.");
        }

        var type = product.ComponentSpaces[component].Type;
        if (type != typeof(T))
        {
            throw new ArgumentException(
                $"ValueAndGradientOf<{SpaceResolver.Pretty(typeof(X))}, {SpaceResolver.Pretty(typeof(T))}> on '{Printer.Short(f.Node)}': component {component} ('{product.ComponentNames[component]}') is {SpaceResolver.Pretty(type)}, not {SpaceResolver.Pretty(typeof(T))}.",
                nameof(component));
        }

        var tape = f.Node.ComponentTape(component);
        var trace = tape.Record(x);
        return ((double)tape.Output(trace), (T)tape.Pullback(trace, 1.0));
    }

    /// <summary>The partial gradient ∂f/∂xₖ with respect to component k of a tuple or record input; see <see cref="ValueAndGradientOf{X, T}(Diff{X, double}, X, int)"/>.</summary>
    /// <typeparam name="X">The input type, a value tuple or a record of differentiable members.</typeparam>
    /// <typeparam name="T">The type of component k.</typeparam>
    /// <param name="f">A scalar function of the tuple or record.</param>
    /// <param name="x">The point.</param>
    /// <param name="component">The index k of the component, from 0.</param>
    /// <returns>∂f/∂xₖ, shaped like component k of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException">When <typeparamref name="X"/> is not a tuple or record, or component k is not of type <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="component"/> is not an index of a component.</exception>
    public static T GradientOf<X, T>(this Diff<X, double> f, X x, int component) where X : notnull where T : notnull =>
        f.ValueAndGradientOf<X, T>(x, component).Gradient;

    /// <summary>
    /// The value f(x) and the partial gradient with respect to one member of a record input, or one component of a
    /// tuple input, chosen by a member access: <c>loss.ValueAndGradientOf(p, m =&gt; m.W1)</c> or
    /// <c>f.ValueAndGradientOf(x, t =&gt; t.Item2)</c>.
    /// </summary>
    /// <remarks>
    /// The member access is resolved to the member's index once per call (no compilation of the expression); the
    /// cost is that of <see cref="ValueAndGradientOf{X, T}(Diff{X, double}, X, int)"/>: one forward sweep and one
    /// pullback that does no cotangent work for the other members.
    /// </remarks>
    /// <typeparam name="X">The input type, a value tuple or a record of differentiable members.</typeparam>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="f">A scalar function of the tuple or record.</param>
    /// <param name="x">The point.</param>
    /// <param name="member">A direct member access on the input, such as <c>m =&gt; m.W1</c>.</param>
    /// <returns>The value f(x) and the partial gradient, shaped like that member of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException">When <paramref name="member"/> is not a direct member access to a differentiable member of <typeparamref name="X"/>.</exception>
    /// <example>
    /// <code>
    /// var p = Diff.Input&lt;Mlp&gt;();
    /// var (value, w1Bar) = loss.ValueAndGradientOf(p0, m =&gt; m.W1);
    /// </code>
    /// </example>
    public static (double Value, T Gradient) ValueAndGradientOf<X, T>(this Diff<X, double> f, X x, Expression<Func<X, T>> member)
        where X : notnull where T : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(member);
        return f.ValueAndGradientOf<X, T>(x, MemberIndex(f, member, "ValueAndGradientOf"));
    }

    /// <summary>The partial gradient with respect to one member of a record input, or one component of a tuple input, chosen by a member access; see <see cref="ValueAndGradientOf{X, T}(Diff{X, double}, X, Expression{Func{X, T}})"/>.</summary>
    /// <typeparam name="X">The input type, a value tuple or a record of differentiable members.</typeparam>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="f">A scalar function of the tuple or record.</param>
    /// <param name="x">The point.</param>
    /// <param name="member">A direct member access on the input, such as <c>m =&gt; m.W1</c>.</param>
    /// <returns>The partial gradient, shaped like that member of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException">When <paramref name="member"/> is not a direct member access to a differentiable member of <typeparamref name="X"/>.</exception>
    public static T GradientOf<X, T>(this Diff<X, double> f, X x, Expression<Func<X, T>> member) where X : notnull where T : notnull =>
        f.ValueAndGradientOf(x, member).Gradient;

    private static IProductSpace ProductOf<X>(Diff<X, double> f, string function) where X : notnull =>
        f.InputSpace as IProductSpace
        ?? throw new ArgumentException($"{function} on '{Printer.Short(f.Node)}': only a function of a tuple or record has components; it takes {SpaceResolver.Pretty(typeof(X))}.", nameof(f));

    private static int MemberIndex<X, T>(Diff<X, double> f, Expression<Func<X, T>> member, string function) where X : notnull
    {
        if (member.Body is not MemberExpression { Member: PropertyInfo or FieldInfo } access || access.Expression != member.Parameters[0])
        {
            throw new ArgumentException($"{function} on '{Printer.Short(f.Node)}' needs a direct member access such as m => m.W1 or t => t.Item2, not {member}.", nameof(member));
        }

        var product = ProductOf(f, function);
        var index = product.ComponentNames.ToList().IndexOf(access.Member.Name);
        return index >= 0 ? index
            : throw new ArgumentException($"{function} on '{Printer.Short(f.Node)}': '{access.Member.Name}' is not a differentiable component of {SpaceResolver.Pretty(typeof(X))} (components: {Components(product)}).", nameof(member));
    }

    private static string Components(IProductSpace product) =>
        string.Join(", ", product.ComponentNames.Select((n, i) => $"{n}: {SpaceResolver.Pretty(product.ComponentSpaces[i].Type)}"));
}
