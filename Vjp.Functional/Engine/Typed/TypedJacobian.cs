namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// A Jacobian (and so a Hessian, the gradient function's Jacobian) from a tape's flat compiled sweeps: one
/// recorded frame, then one flat pushforward per column (or pullback per row) of unit vectors, straight into
/// the matrix, with nothing built or boxed per column. The same sweeps as the interpreter's pushforwards of
/// the unflattened unit vectors, so the same bits. Up to <see cref="MaxLanes"/> columns take the fused sweep
/// first (<see cref="TypedTape{TIn, TOut}.JacobianColumns"/>: no frame, no flattening); this is the rows path,
/// the path of more columns, and the fallback.
/// </summary>
internal static class TypedJacobian
{
    /// <summary>Up to this many columns are pushed forward in one sweep.</summary>
    public const int MaxLanes = 16;

    /// <summary>Fills the row-major m×n <paramref name="j"/>; false when a compiled sweep throws (the caller then interprets).</summary>
    public static bool TryFill(TypedTape typed, double[] x, bool columns, double[] j, int m, int n)
    {
        try
        {
            var frame = new double[typed.FrameLength];
            var y = new double[m];
            typed.Flat(Sweep.FlatRecord)(x, 0, frame, 0, y, 0);
            if (columns && n <= MaxLanes)
            {
                // All n unit vectors in one tangent sweep: the partial derivatives are computed once for all columns.
                var push = typed.PushforwardLanes(n);
                var e = new double[n * n];
                for (var c = 0; c < n; c++)
                {
                    e[c * n + c] = 1;
                }

                var results = new double[n * m];
                push(frame, 0, e, 0, results, 0);
                for (var c = 0; c < n; c++)
                {
                    for (var r = 0; r < m; r++)
                    {
                        j[r * n + c] = results[c * m + r];
                    }
                }
            }
            else if (columns)
            {
                var push = typed.Flat(Sweep.FlatPushforward);
                var e = new double[n];
                var column = new double[m];
                for (var c = 0; c < n; c++)
                {
                    e[c] = 1;
                    push(frame, 0, e, 0, column, 0);
                    e[c] = 0;
                    for (var r = 0; r < m; r++)
                    {
                        j[r * n + c] = column[r];
                    }
                }
            }
            else
            {
                var pull = typed.Flat(Sweep.FlatPullback);
                var e = new double[m];
                for (var r = 0; r < m; r++)
                {
                    e[r] = 1;
                    pull(frame, 0, e, 0, j, r * n);
                    e[r] = 0;
                }
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
