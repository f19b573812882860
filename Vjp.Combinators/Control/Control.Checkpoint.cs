using Vjp.Functional;
using Vjp.Functional.Engine;

namespace Vjp.Combinators;

/// <summary>
/// A stage whose forward pass keeps no residuals: the pullback records the stage again from its
/// input (kept by the enclosing tape) and pulls back through the fresh trace; the pushforward runs
/// the stage forward beside its tangent. Memory for time: one extra forward pass of the stage.
/// </summary>
internal sealed class CheckpointRule(Node stage) : Rule($"checkpoint({Names.Of(stage)})", stage.InputSpace, stage.OutputSpace)
{
    public override DiffKind Kind => DiffKind.Control;

    public override int Arity => 1;

    public override bool HasPushforward => stage.HasPushforward;

    public override IReadOnlyList<Node> Children => [stage];

    public override object Run(object x) => stage.Tape.Run(x);

    public override object Forward(object x, out object? r)
    {
        r = null;
        return stage.Tape.Run(x);
    }

    public override object? Pullback(object x, object y, object? r, object yBar)
    {
        var tape = stage.Tape;
        return tape.Pullback(tape.Record(x), yBar);
    }

    public override object? Pushforward(object x, object y, object? r, object dx) => stage.Tape.ValueAndTangent(x, dx).Tangent;

    /// <summary>The stage's own pullback as a differentiable function (derivatives of derivatives through a checkpoint keep their residuals).</summary>
    public override Node PullbackNode
    {
        get
        {
            var pair = NodeOps.PairSpace(In, Out);
            return Emitter.Pullback(stage, new ProjectNode(pair, 0), new ProjectNode(pair, 1));
        }
    }

    /// <summary>The stage's own pushforward as a differentiable function.</summary>
    public override Node PushforwardNode
    {
        get
        {
            var pair = NodeOps.PairSpace(In, In);
            return Emitter.Pushforward(stage, new ProjectNode(pair, 0), new ProjectNode(pair, 1));
        }
    }
}

public static partial class Control
{
    /// <summary>
    /// The same function, with its residuals recomputed in the pullback instead of kept from the forward
    /// pass (rematerialisation): the forward pass keeps only the stage's input and output. Values,
    /// pullbacks and pushforwards are unchanged; the pullback costs one more forward pass of the stage.
    /// For long loops use the <c>checkpoint</c> option of <see cref="Scan{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/>,
    /// <see cref="Fold{P, S, A}(Diff{ValueTuple{P, S, A}, S}, bool)"/> and <see cref="Iterate{S}"/>, which keeps O(√n) residuals.
    /// </summary>
    /// <typeparam name="X">The input type.</typeparam>
    /// <typeparam name="Y">The output type.</typeparam>
    /// <param name="stage">The stage.</param>
    public static Diff<X, Y> Checkpoint<X, Y>(this Diff<X, Y> stage) where X : notnull where Y : notnull =>
        new(new RuleNode(new CheckpointRule(stage.CheckedNode())));
}
