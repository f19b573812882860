using Vjp.Functional;

namespace Vjp.Examples.Training;

/// <summary>
/// A minimal Adam (Kingma and Ba, 2015) over any differentiable parameter type, through its flat view:
/// <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>, <c>p ← p − η m̂ / (√v̂ + ε)</c>.
/// </summary>
/// <typeparam name="P">The parameter type.</typeparam>
public sealed class LocalAdam<P> where P : notnull
{
    private readonly double[] _m;
    private readonly double[] _v;
    private readonly VectorSpace<P> _space = VectorSpace<P>.Instance;
    private int _t;

    /// <summary>Starts with zero moments shaped like <paramref name="like"/>.</summary>
    /// <param name="like">Parameters of the shape to optimise.</param>
    /// <param name="learningRate">The step size η.</param>
    public LocalAdam(P like, double learningRate)
    {
        var n = _space.Dimension(like);
        _m = new double[n];
        _v = new double[n];
        LearningRate = learningRate;
    }

    /// <summary>The step size η; may be changed between steps (a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>One step from <paramref name="p"/> along the gradient <paramref name="g"/>.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="g">The gradient of the loss at <paramref name="p"/>.</param>
    public P Step(P p, P g)
    {
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var x = _space.ToArray(p);
        var grad = _space.ToArray(g);
        _t++;
        var c1 = 1 - Math.Pow(beta1, _t);
        var c2 = 1 - Math.Pow(beta2, _t);
        for (var i = 0; i < x.Length; i++)
        {
            _m[i] = beta1 * _m[i] + (1 - beta1) * grad[i];
            _v[i] = beta2 * _v[i] + (1 - beta2) * grad[i] * grad[i];
            x[i] -= LearningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + eps);
        }

        return _space.Unflatten(p, x);
    }
}
