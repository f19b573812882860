namespace Vjp.Functional;

/// <summary>
/// A pullback at a point: the linear map <c>ȳ ↦ x̄ = ȳᵀ J(x)</c> returned by
/// <see cref="Diff{TIn, TOut}.ValueWithPullback"/>. It may be called any number of times, from
/// any thread; each call reuses the residuals saved by the forward pass.
/// </summary>
/// <typeparam name="TIn">The input type (the cotangent it returns).</typeparam>
/// <typeparam name="TOut">The output type (the cotangent it takes).</typeparam>
/// <param name="yBar">The output cotangent <c>ȳ</c>.</param>
/// <returns>The input cotangent <c>x̄</c>.</returns>
public delegate TIn Pullback<TIn, TOut>(TOut yBar);

/// <summary>
/// A pushforward at a point: the linear map <c>ẋ ↦ ẏ = J(x) ẋ</c>.
/// </summary>
/// <typeparam name="TIn">The input type (the tangent it takes).</typeparam>
/// <typeparam name="TOut">The output type (the tangent it returns).</typeparam>
/// <param name="dx">The input tangent <c>ẋ</c>.</param>
/// <returns>The output tangent <c>ẏ</c>.</returns>
public delegate TOut Pushforward<TIn, TOut>(TIn dx);
