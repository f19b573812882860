namespace Vjp.Combinators;

/// <summary>
/// A gradient-based optimizer as a pair of pure functions over any differentiable parameter type
/// <c>P</c> (a <see cref="Vjp.Functional.Vec"/>, a tuple, a record of matrices): <see cref="Init{P}"/> makes the
/// initial state, <see cref="Step{P}"/> maps (parameters, gradient, state) to (parameters, state). Nothing
/// is mutated; the state is a value to thread through a loop:
/// <code>
/// var state = adam.Init(p);
/// for (var i = 0; i &lt; 100; i++)
///     (p, state) = adam.Step(p, loss.Gradient(p), state);
/// </code>
/// </summary>
public interface IOptimizer
{
    /// <summary>The initial state for <paramref name="parameters"/>: step count 0 and zero moments shaped like them.</summary>
    /// <typeparam name="P">The parameter type; must be differentiable.</typeparam>
    /// <param name="parameters">The initial parameters.</param>
    OptimizerState<P> Init<P>(P parameters) where P : notnull;

    /// <summary>One step: the new parameters and the new state.</summary>
    /// <typeparam name="P">The parameter type.</typeparam>
    /// <param name="parameters">The current parameters.</param>
    /// <param name="gradient">The gradient of the loss at them, shaped like them.</param>
    /// <param name="state">The state from <see cref="Init{P}"/> or the previous step.</param>
    /// <exception cref="ArgumentException">When the state was not made by this kind of optimizer.</exception>
    /// <exception cref="Vjp.Functional.ShapeException">When the gradient is not shaped like the parameters.</exception>
    /// <exception cref="NonFiniteException">When the new parameters are not finite (NaN or ±∞); the message names the step and whether the parameters or the gradient given were already not finite.</exception>
    (P Parameters, OptimizerState<P> State) Step<P>(P parameters, P gradient, OptimizerState<P> state) where P : notnull;
}
