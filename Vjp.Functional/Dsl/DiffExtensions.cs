using System.Linq.Expressions;
using System.Reflection;
using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>Structural helpers on expressions: projections out of tuples and records, deconstruction.</summary>
public static class DiffExtensions
{
    /// <summary>The first component of a pair-valued function.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <param name="pair">The pair-valued function.</param>
    public static Diff<X, A> Fst<X, A, B>(this Diff<X, (A, B)> pair) where X : notnull where A : notnull where B : notnull =>
        new(NodeOps.Project(pair.CheckedNode(), 0));

    /// <summary>The second component of a pair-valued function.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <param name="pair">The pair-valued function.</param>
    public static Diff<X, B> Snd<X, A, B>(this Diff<X, (A, B)> pair) where X : notnull where A : notnull where B : notnull =>
        new(NodeOps.Project(pair.CheckedNode(), 1));

    /// <summary>Deconstructs a pair-valued function into its two components: <c>var (x1, x2) = Diff.Input&lt;(double, double)&gt;();</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <param name="pair">The pair-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    public static void Deconstruct<X, A, B>(this Diff<X, (A, B)> pair, out Diff<X, A> first, out Diff<X, B> second)
        where X : notnull where A : notnull where B : notnull
    {
        ArgumentNullException.ThrowIfNull(pair);
        first = pair.Fst();
        second = pair.Snd();
    }

    /// <summary>Deconstructs a triple-valued function into its three components.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The third component type.</typeparam>
    /// <param name="triple">The triple-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    /// <param name="third">The third component.</param>
    public static void Deconstruct<X, A, B, C>(this Diff<X, (A, B, C)> triple, out Diff<X, A> first, out Diff<X, B> second, out Diff<X, C> third)
        where X : notnull where A : notnull where B : notnull where C : notnull
    {
        ArgumentNullException.ThrowIfNull(triple);
        first = new(NodeOps.Project(triple.Node, 0));
        second = new(NodeOps.Project(triple.Node, 1));
        third = new(NodeOps.Project(triple.Node, 2));
    }

    /// <summary>Deconstructs a 4-tuple-valued function into its 4 components: <c>var (x1, x2, x3, x4) = Diff.Input&lt;(double, double, double, double)&gt;();</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The third component type.</typeparam>
    /// <typeparam name="D">The fourth component type.</typeparam>
    /// <param name="quadruple">The 4-tuple-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    /// <param name="third">The third component.</param>
    /// <param name="fourth">The fourth component.</param>
    public static void Deconstruct<X, A, B, C, D>(this Diff<X, (A, B, C, D)> quadruple, out Diff<X, A> first, out Diff<X, B> second, out Diff<X, C> third, out Diff<X, D> fourth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull
    {
        ArgumentNullException.ThrowIfNull(quadruple);
        first = new(NodeOps.Project(quadruple.Node, 0));
        second = new(NodeOps.Project(quadruple.Node, 1));
        third = new(NodeOps.Project(quadruple.Node, 2));
        fourth = new(NodeOps.Project(quadruple.Node, 3));
    }

    /// <summary>Deconstructs a 5-tuple-valued function into its 5 components: <c>var (x1, x2, x3, x4, x5) = Diff.Input&lt;(double, double, double, double, double)&gt;();</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The third component type.</typeparam>
    /// <typeparam name="D">The fourth component type.</typeparam>
    /// <typeparam name="E">The fifth component type.</typeparam>
    /// <param name="quintuple">The 5-tuple-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    /// <param name="third">The third component.</param>
    /// <param name="fourth">The fourth component.</param>
    /// <param name="fifth">The fifth component.</param>
    public static void Deconstruct<X, A, B, C, D, E>(this Diff<X, (A, B, C, D, E)> quintuple, out Diff<X, A> first, out Diff<X, B> second, out Diff<X, C> third, out Diff<X, D> fourth, out Diff<X, E> fifth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull
    {
        ArgumentNullException.ThrowIfNull(quintuple);
        first = new(NodeOps.Project(quintuple.Node, 0));
        second = new(NodeOps.Project(quintuple.Node, 1));
        third = new(NodeOps.Project(quintuple.Node, 2));
        fourth = new(NodeOps.Project(quintuple.Node, 3));
        fifth = new(NodeOps.Project(quintuple.Node, 4));
    }

    /// <summary>Deconstructs a 6-tuple-valued function into its 6 components: <c>var (x1, x2, x3, x4, x5, x6) = Diff.Input&lt;(double, double, double, double, double, double)&gt;();</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The third component type.</typeparam>
    /// <typeparam name="D">The fourth component type.</typeparam>
    /// <typeparam name="E">The fifth component type.</typeparam>
    /// <typeparam name="F">The sixth component type.</typeparam>
    /// <param name="sextuple">The 6-tuple-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    /// <param name="third">The third component.</param>
    /// <param name="fourth">The fourth component.</param>
    /// <param name="fifth">The fifth component.</param>
    /// <param name="sixth">The sixth component.</param>
    public static void Deconstruct<X, A, B, C, D, E, F>(this Diff<X, (A, B, C, D, E, F)> sextuple, out Diff<X, A> first, out Diff<X, B> second, out Diff<X, C> third, out Diff<X, D> fourth, out Diff<X, E> fifth, out Diff<X, F> sixth)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull
    {
        ArgumentNullException.ThrowIfNull(sextuple);
        first = new(NodeOps.Project(sextuple.Node, 0));
        second = new(NodeOps.Project(sextuple.Node, 1));
        third = new(NodeOps.Project(sextuple.Node, 2));
        fourth = new(NodeOps.Project(sextuple.Node, 3));
        fifth = new(NodeOps.Project(sextuple.Node, 4));
        sixth = new(NodeOps.Project(sextuple.Node, 5));
    }

    /// <summary>Deconstructs a 7-tuple-valued function into its 7 components: <c>var (x1, x2, x3, x4, x5, x6, x7) = Diff.Input&lt;(double, double, double, double, double, double, double)&gt;();</c>.</summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="A">The first component type.</typeparam>
    /// <typeparam name="B">The second component type.</typeparam>
    /// <typeparam name="C">The third component type.</typeparam>
    /// <typeparam name="D">The fourth component type.</typeparam>
    /// <typeparam name="E">The fifth component type.</typeparam>
    /// <typeparam name="F">The sixth component type.</typeparam>
    /// <typeparam name="G">The seventh component type.</typeparam>
    /// <param name="septuple">The 7-tuple-valued function.</param>
    /// <param name="first">The first component.</param>
    /// <param name="second">The second component.</param>
    /// <param name="third">The third component.</param>
    /// <param name="fourth">The fourth component.</param>
    /// <param name="fifth">The fifth component.</param>
    /// <param name="sixth">The sixth component.</param>
    /// <param name="seventh">The seventh component.</param>
    public static void Deconstruct<X, A, B, C, D, E, F, G>(this Diff<X, (A, B, C, D, E, F, G)> septuple, out Diff<X, A> first, out Diff<X, B> second, out Diff<X, C> third, out Diff<X, D> fourth, out Diff<X, E> fifth, out Diff<X, F> sixth, out Diff<X, G> seventh)
        where X : notnull where A : notnull where B : notnull where C : notnull where D : notnull where E : notnull where F : notnull where G : notnull
    {
        ArgumentNullException.ThrowIfNull(septuple);
        first = new(NodeOps.Project(septuple.Node, 0));
        second = new(NodeOps.Project(septuple.Node, 1));
        third = new(NodeOps.Project(septuple.Node, 2));
        fourth = new(NodeOps.Project(septuple.Node, 3));
        fifth = new(NodeOps.Project(septuple.Node, 4));
        sixth = new(NodeOps.Project(septuple.Node, 5));
        seventh = new(NodeOps.Project(septuple.Node, 6));
    }

    /// <summary>
    /// A member of a record-valued (or tuple-valued) function, chosen by a member access:
    /// <c>p.Get(m =&gt; m.W1)</c>. The pullback puts the member's cotangent in a record whose other members are zero.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="R">The record type.</typeparam>
    /// <typeparam name="T">The member type.</typeparam>
    /// <param name="record">The record-valued function.</param>
    /// <param name="member">A member access such as <c>m =&gt; m.W1</c>.</param>
    /// <exception cref="ArgumentException">When <paramref name="member"/> is not a member of the record's vector-space components.</exception>
    public static Diff<X, T> Get<X, R, T>(this Diff<X, R> record, Expression<Func<R, T>> member)
        where X : notnull where R : notnull where T : notnull
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(member);
        if (member.Body is not MemberExpression { Member: PropertyInfo or FieldInfo } access || access.Expression != member.Parameters[0])
        {
            throw new ArgumentException($"Get needs a direct member access such as m => m.W1, not {member}.", nameof(member));
        }

        if (VectorSpace<R>.Instance is not IProductSpace product)
        {
            throw new ArgumentException($"{typeof(R).Name} is not a record or tuple of differentiable members.", nameof(member));
        }

        var index = product.ComponentNames.ToList().IndexOf(access.Member.Name);
        if (index < 0)
        {
            throw new ArgumentException($"'{access.Member.Name}' is not a differentiable component of {typeof(R).Name} (components: {string.Join(", ", product.ComponentNames)}).", nameof(member));
        }

        return new(NodeOps.Project(record.Node, index));
    }
}
