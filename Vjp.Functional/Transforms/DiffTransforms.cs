using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;

namespace Vjp.Functional;

/// <summary>How <see cref="DiffTransforms.Jacobian{TIn, TOut}(Diff{TIn, TOut}, TIn, JacobianMode)"/> builds the matrix.</summary>
public enum JacobianMode
{
    /// <summary>The cheaper side: rows by VJPs when the output dimension m ≤ the input dimension n, else columns by JVPs.</summary>
    Auto,

    /// <summary>Row by row, one VJP per output coordinate (m pullbacks, one forward pass).</summary>
    Rows,

    /// <summary>Column by column, one JVP per input coordinate (n pushforwards, one forward pass).</summary>
    Columns,
}

/// <summary>The transforms of differentiable functions: gradient, value and gradient, Jacobian.</summary>
public static class DiffTransforms
{
    /// <summary>The gradient <c>∇f(x)</c> of a scalar function: the pullback of the seed <c>ȳ = 1</c>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <returns>The gradient, shaped like <paramref name="x"/>.</returns>
    public static TIn Gradient<TIn>(this Diff<TIn, double> f, TIn x) where TIn : notnull => f.NotNull().Vjp(x, 1.0);

    /// <summary>The value and gradient of a scalar function, one forward and one backward sweep.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    public static (double Value, TIn Gradient) ValueAndGradient<TIn>(this Diff<TIn, double> f, TIn x) where TIn : notnull
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.ValueAndVjp(x, 1.0);
    }

    /// <summary>The Hessian–vector product <c>∇²f(x) v</c>, forward over reverse; see <see cref="Diff.Hvp{TIn}"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function.</param>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction.</param>
    public static TIn Hvp<TIn>(this Diff<TIn, double> f, TIn x, TIn v) where TIn : notnull => Diff.Hvp(f.NotNull(), x, v);

    /// <summary>The Hessian <c>∇²f(x)</c>; see <see cref="Diff.Hessian{TIn}"/>.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <param name="f">A scalar function.</param>
    /// <param name="x">The point.</param>
    public static Mat Hessian<TIn>(this Diff<TIn, double> f, TIn x) where TIn : notnull => Diff.Hessian(f.NotNull(), x);

    /// <summary>
    /// The Jacobian <c>J(x)</c> as an <c>m × n</c> matrix over the flat views of output and input
    /// (<c>Jᵢⱼ = ∂yᵢ/∂xⱼ</c>). Formed only here: by rows it costs m pullbacks, by columns n
    /// pushforwards, each after a single forward pass.
    /// </summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Rows, columns, or the cheaper side (default).</param>
    /// <returns>The Jacobian.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the m × n matrix has more elements than an array can hold; the message names m × n and the bytes it would take.</exception>
    public static Mat Jacobian<TIn, TOut>(this Diff<TIn, TOut> f, TIn x, JacobianMode mode = JacobianMode.Auto)
        where TIn : notnull where TOut : notnull => Jacobian(f.NotNull(), x.NotNull(), mode, "Jacobian");

    /// <summary>The Jacobian, with <paramref name="what"/> naming the matrix in a size error (the Hessian is the gradient's Jacobian).</summary>
    internal static Mat Jacobian<TIn, TOut>(Diff<TIn, TOut> f, TIn x, JacobianMode mode, string what)
        where TIn : notnull where TOut : notnull
    {
        if (f.Node.Tape.Typed is TypedTape<TIn, TOut> fused && fused.JacobianColumns(x, mode) is { } byColumns)
        {
            // Compiled, by columns: primal and all columns' tangents in one sweep, straight into the matrix.
            return byColumns;
        }

        var inSpace = f.InputSpace;
        var outSpace = f.OutputSpace;
        var n = inSpace.Dimension(x);
        if (f.Node.Tape.Typed is { } typed && typed.InputLength == n)
        {
            // Compiled: one recorded frame and a flat sweep per column (or row), no values built per column.
            var m = typed.OutputLength;
            var flatX = new double[n];
            inSpace.Flatten(x, flatX);
            var columns = mode == JacobianMode.Columns || (mode == JacobianMode.Auto && n < m);
            var j = new double[LinearKernels.CheckedSize(m, n, $"{what} of '{f.Name}'", nameof(x))];
            if (TypedJacobian.TryFill(typed, flatX, columns, j, m, n))
            {
                return Mat.Create(m, n, j);
            }
        }

        if (mode == JacobianMode.Columns || (mode == JacobianMode.Auto && n < outSpace.Dimension(f.Invoke(x))))
        {
            var (y, pushforward) = f.ValueWithPushforward(x);
            var m = outSpace.Dimension(y);
            var j = new double[LinearKernels.CheckedSize(m, n, $"{what} of '{f.Name}'", nameof(x))];
            var e = new double[n];
            var column = new double[m];
            for (var c = 0; c < n; c++)
            {
                e[c] = 1;
                outSpace.Flatten(pushforward(inSpace.Unflatten(x, e)), column);
                e[c] = 0;
                for (var r = 0; r < m; r++)
                {
                    j[r * n + c] = column[r];
                }
            }

            return Mat.Create(m, n, j);
        }
        else
        {
            var (y, pullback) = f.ValueWithPullback(x);
            var m = outSpace.Dimension(y);
            var j = new double[LinearKernels.CheckedSize(m, n, $"{what} of '{f.Name}'", nameof(x))];
            var e = new double[m];
            for (var r = 0; r < m; r++)
            {
                e[r] = 1;
                inSpace.Flatten(pullback(outSpace.Unflatten(y, e)), j.AsSpan(r * n, n));
                e[r] = 0;
            }

            return Mat.Create(m, n, j);
        }
    }
}
