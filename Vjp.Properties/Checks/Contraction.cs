using Vjp.Functional.Engine;

namespace Vjp.Properties.Checks;

/// <summary>Scalar contractions <c>x ↦ ⟨c, f(x)⟩</c> of a function of any output type with a fixed direction, as differentiable functions to any order.</summary>
internal static class Contraction
{
    /// <summary>
    /// <c>x ↦ ⟨c, f(x)⟩</c>: <paramref name="f"/> fanned out with the constant <paramref name="c"/> into the inner product of
    /// f's output space, a bilinear rule whose pullback and pushforward are themselves differentiable.
    /// </summary>
    public static Diff<TIn, double> Inner<TIn, TOut>(Diff<TIn, TOut> f, TOut c) where TIn : notnull where TOut : notnull
    {
        var node = f.Node;
        var constant = new ConstNode(node.InputSpace, node.OutputSpace, c);
        return new(NodeOps.Apply2(new SpaceInnerRule(node.OutputSpace), node, constant));
    }

    /// <summary>A draw of a direction shaped like <paramref name="like"/>, standard normal coordinates.</summary>
    public static T Direction<T>(T like, CsCheck.PCG pcg) where T : notnull => RuleGen.TangentLike(like).Generate(pcg, null, out _);

    /// <summary>A first point of <paramref name="inputs"/> at which f is finite (its value shapes the directions); the last drawn when none is, after a few tries.</summary>
    public static (TIn X, TOut Y) FinitePoint<TIn, TOut>(Diff<TIn, TOut> f, CsCheck.Gen<TIn> inputs, CsCheck.PCG pcg) where TIn : notnull where TOut : notnull
    {
        var space = VectorSpace<TOut>.Instance;
        (TIn X, TOut Y) last = default;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var x = inputs.Generate(pcg, null, out _);
            TOut y;
            try
            {
                y = f.Invoke(x);
            }
#pragma warning disable CA1031 // a point outside the domain is skipped; another is drawn
            catch (Exception) when (attempt < 19)
#pragma warning restore CA1031
            {
                continue;
            }

            last = (x, y);
            if (space.ToArray(y).All(double.IsFinite))
            {
                return last;
            }
        }

        return last;
    }
}
