using System.Reflection;
using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Tests.Primitives;
using Vjp.Testing;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The typed compiled sweeps (Engine/Typed) against the interpreter they replace, bit for bit: value, VJP
/// (fused and through a recorded frame), JVP (fused and through a recorded frame), gradient and HVP, over
/// every row of the primitive table (its scalar rows, and the differentiable forms that are second-order
/// tapes) at seeded points, directions and cotangents.
/// </summary>
public sealed class TypedBitIdentityTests
{
    public static TheoryData<string> Rows => [.. PrimitiveTable.Cases.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Primitive_CompiledSweeps_AreBitIdenticalToTheInterpreter(string row)
    {
        var c = PrimitiveTable.Cases[row];
        var node = NodeOf(c.F);
        var dims = Gen.Double[-2, 2].Array[PrimitiveTable.MaxDimension];
        if (!TypedChecks.IsScalar(node))
        {
            // Vector and matrix rows compile only as mixed tapes (scalar code around the interpreter's own vector and
            // matrix instructions), whose fused sweeps must agree bit for bit; a single vector rule stays interpreted.
            if (node.Tape.IsCompiled)
            {
                Assert.True(TypedChecks.IsMixed(node), $"{row}: a tape over vectors or matrices compiled as a typed one");
                Gen.Select(c.Points, dims, dims).ForAll(t => TypedChecks.FusedSweepsAgree(c.F, node, t.Item1, t.Item2, t.Item3), iter: 25);
            }

            return;
        }

        Assert.True(node.Tape.IsCompiled, $"{row}: an all-double tape is not compiled");
        Gen.Select(c.Points, dims, dims).ForAll(t => TypedChecks.AllSweepsAgree(c.F, node, t.Item1, t.Item2, t.Item3), iter: 25);
    }

    internal static Node NodeOf(IDiff f) =>
        (Node)f.GetType().GetProperty("Node", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(f)!;
}

/// <summary>Comparisons of compiled and interpreted sweeps, shared by the typed tests.</summary>
internal static class TypedChecks
{
    /// <summary>Whether a node maps doubles (or tuples and records of them) to doubles, and holds only such slots.</summary>
    public static bool IsScalar(Node node)
    {
        var shapes = new Dictionary<VectorSpace, Functional.Engine.Typed.Shape?>();
        return Functional.Engine.Typed.TypedCodegen.Covers(node.Tape, shapes);
    }

    /// <summary>Whether a node's tape compiled as a mixed tape (typed scalar code around interpreted vector or matrix instructions).</summary>
    public static bool IsMixed(Node node) => node.Tape.TypedNow is { } typed && (bool)typed.GetType().GetProperty("IsMixed")!.GetValue(typed)!;

    /// <summary>A mixed tape's compiled fused sweeps (value, VJP, JVP) and its frame entry points (interpreted) against the interpreter.</summary>
    public static void FusedSweepsAgree(IDiff f, Node node, object x, double[] a, double[] b)
    {
        var tape = node.Tape;
        var y = tape.RunInterpreted(x);
        var yBar = node.OutputSpace.UnflattenObject(y, a.AsSpan(0, node.OutputSpace.DimensionObject(y)));
        var dx = node.InputSpace.UnflattenObject(x, b.AsSpan(0, node.InputSpace.DimensionObject(x)));
        Same("value", node.OutputSpace, y, Call(f, "Invoke", x));
        Same("value (object)", node.OutputSpace, y, tape.Run(x));
        var xBar = tape.PullbackInterpreted(tape.RecordInterpreted(x), yBar);
        Same("vjp", node.InputSpace, xBar, Call(f, "Vjp", x, yBar));
        Same("vjp (frame)", node.InputSpace, xBar, tape.Pullback(tape.Record(x), yBar));
        var (y2, dy) = tape.ValueAndTangentInterpreted(x, dx);
        Same("jvp value", node.OutputSpace, y2, tape.ValueAndTangent(x, dx).Value);
        Same("jvp", node.OutputSpace, dy, Call(f, "Jvp", x, dx));
        Assert.True(tape.Typed!.IsCompiled(Functional.Engine.Typed.Sweep.ValueAndVjp), "the mixed tape's VJP did not run compiled");
    }

    public static void AllSweepsAgree(IDiff f, Node node, object x, double[] a, double[] b)
    {
        var tape = node.Tape;
        var y = tape.RunInterpreted(x);
        var yBar = node.OutputSpace.UnflattenObject(y, a.AsSpan(0, node.OutputSpace.DimensionObject(y)));
        var dx = node.InputSpace.UnflattenObject(x, b.AsSpan(0, node.InputSpace.DimensionObject(x)));

        // Value: typed entry point, object entry point.
        Same("value", node.OutputSpace, y, Call(f, "Invoke", x));
        Same("value (object)", node.OutputSpace, y, tape.Run(x));

        // VJP: fused typed, and through a recorded frame.
        var xBar = tape.PullbackInterpreted(tape.RecordInterpreted(x), yBar);
        Same("vjp", node.InputSpace, xBar, Call(f, "Vjp", x, yBar));
        var trace = tape.Record(x);
        if (tape.Typed!.InputLength == node.InputSpace.DimensionObject(x))
        {
            // Recorded compiled (a Vec input of another length than the compiled one's is interpreted).
            Assert.NotNull(trace.Frame);
        }
        Same("vjp (frame)", node.InputSpace, xBar, tape.Pullback(trace, yBar));
        Same("output (frame)", node.OutputSpace, y, tape.Output(trace));

        // JVP: fused, and through a recorded frame.
        var (y2, dy) = tape.ValueAndTangentInterpreted(x, dx);
        Same("jvp value", node.OutputSpace, y2, tape.ValueAndTangent(x, dx).Value);
        Same("jvp", node.OutputSpace, dy, Call(f, "Jvp", x, dx));
        Same("jvp (frame)", node.OutputSpace, tape.PushforwardInterpreted(tape.RecordInterpreted(x), dx), tape.Pushforward(trace, dx));

        // Gradient and HVP through the emitted gradient function, when the output is a scalar.
        if (node.OutputSpace.Type == typeof(double) && GradientOf(node) is { } g)
        {
            var gt = g.Tape;
            // (The gradient of a function of a Vec scatters into vectors, which stays interpreted.)
            Assert.True(gt.IsCompiled || node.InputSpace.Type == typeof(Vec), "the gradient tape of a compiled scalar tape is not compiled");
            Same("gradient", node.InputSpace, gt.RunInterpreted(x), gt.Run(x));
            Same("hvp", node.InputSpace, gt.ValueAndTangentInterpreted(x, dx).Tangent, gt.ValueAndTangent(x, dx).Tangent);
            Same("hvp (frame)", node.InputSpace, gt.PushforwardInterpreted(gt.RecordInterpreted(x), dx), gt.Pushforward(gt.Record(x), dx));
        }
    }

    private static Node? GradientOf(Node node)
    {
        try
        {
            return node.GradientNode;
        }
        catch (NotTwiceDifferentiableException)
        {
            return null;
        }
    }

    private static object Call(IDiff f, string method, params object[] args) =>
        f.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!.Invoke(f, BindingFlags.DoNotWrapExceptions, null, args, null)!;

    /// <summary>Bit-identical flat views (NaN equals NaN whatever its payload).</summary>
    public static void Same(string what, VectorSpace space, object expected, object actual)
    {
        var n = space.DimensionObject(expected);
        Assert.Equal(n, space.DimensionObject(actual));
        var e = new double[n];
        var a = new double[n];
        space.FlattenObject(expected, e);
        space.FlattenObject(actual, a);
        for (var i = 0; i < n; i++)
        {
            var same = (double.IsNaN(e[i]) && double.IsNaN(a[i])) || BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]);
            Assert.True(same, $"{what}[{i}]: interpreted {e[i]:R} ({BitConverter.DoubleToInt64Bits(e[i]):X16}), compiled {a[i]:R} ({BitConverter.DoubleToInt64Bits(a[i]):X16})");
        }
    }
}
