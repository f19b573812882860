namespace Vjp.Functional.Engine;

/// <summary>Builders for structure, shared by the typed API, <see cref="Real"/> and the rules' differentiable forms.</summary>
internal static class NodeOps
{
    public static VectorSpace PairSpace(VectorSpace a, VectorSpace b) =>
        VectorSpace.Of(typeof(ValueTuple<,>).MakeGenericType(a.Type, b.Type));

    public static Node Then(Node first, Node second) =>
        first is IdNode ? second : second is IdNode ? first : new ThenNode(first, second);

    public static Node Apply(Rule rule, Node arg) => Then(arg, new RuleNode(rule));

    public static Node Apply2(Rule rule, Node a, Node b) =>
        new ThenNode(new FanoutNode([a, b], rule.In), new RuleNode(rule));

    public static Node Fanout(params Node[] parts) =>
        new FanoutNode(parts, VectorSpace.Of(TupleType(parts.Select(p => p.OutputSpace.Type).ToArray())));

    public static Node Project(Node of, int index) => Then(of, new ProjectNode(of.OutputSpace, index));

    public static Node Const(VectorSpace input, double value) => new ConstNode(input, DoubleSpace.Default, value);

    public static Type TupleType(Type[] types) => types.Length switch
    {
        2 => typeof(ValueTuple<,>).MakeGenericType(types),
        3 => typeof(ValueTuple<,,>).MakeGenericType(types),
        4 => typeof(ValueTuple<,,,>).MakeGenericType(types),
        5 => typeof(ValueTuple<,,,,>).MakeGenericType(types),
        6 => typeof(ValueTuple<,,,,,>).MakeGenericType(types),
        7 => typeof(ValueTuple<,,,,,,>).MakeGenericType(types),
        _ => throw new ArgumentException($"A fan-out needs 2 to 7 parts, not {types.Length}."),
    };
}
