using CsCheck;
using Vjp.Functional.Engine;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// Tapes holding user-written rules (<c>Diff.Create</c> without residuals, over doubles, tuples and records of doubles)
/// compile: the compiled sweeps call the user's delegates directly and agree bit for bit with the interpreter (value,
/// VJP, JVP, fused and through a recorded frame); an exception from the user's code gives the interpreter's exception,
/// path and inner exception.
/// </summary>
public sealed class TypedUserRuleTests
{
    private static readonly Diff<double, double> Cube = Diff.Create<double, double>(
        "cube", x => x * x * x, (x, y, yBar) => 3 * x * x * yBar, (x, y, dx) => 3 * x * x * dx);

    /// <summary>No pushforward: JVPs go through one pullback per output coordinate.</summary>
    private static readonly Diff<double, double> SoftSign = Diff.Create<double, double>(
        "softsign", x => x / (1 + Math.Abs(x)), (x, y, yBar) => yBar / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))));

    private static readonly Diff<(double, double), double> Hyp = Diff.Create<(double, double), double>(
        "hyp", p => Math.Sqrt(p.Item1 * p.Item1 + p.Item2 * p.Item2 + 1),
        (p, y, yBar) => (yBar * p.Item1 / y, yBar * p.Item2 / y),
        (p, y, d) => (p.Item1 * d.Item1 + p.Item2 * d.Item2) / y);

    private static readonly Diff<double, (double, double)> Polar = Diff.Create<double, (double, double)>(
        "polar", t => (Math.Cos(t), Math.Sin(t)), (t, y, yBar) => -yBar.Item1 * y.Item2 + yBar.Item2 * y.Item1);

    private static readonly Diff<Point, Point> Swirl = Diff.Create<Point, Point>(
        "swirl", p => new Point(p.X * Math.Cos(p.Y), p.X * Math.Sin(p.Y)),
        (p, y, yBar) => new Point(yBar.X * Math.Cos(p.Y) + yBar.Y * Math.Sin(p.Y), -yBar.X * y.Y + yBar.Y * y.X),
        (p, y, d) => new Point(d.X * Math.Cos(p.Y) - d.Y * y.Y, d.X * Math.Sin(p.Y) + d.Y * y.X));

    /// <summary>A record input.</summary>
    /// <param name="X">The first coordinate.</param>
    /// <param name="Y">The second coordinate.</param>
    public sealed record Point(double X, double Y);

    private static Diff<(double, double), double> Pipeline()
    {
        var (a, b) = Diff.Input<(double, double)>();
        var c = Cube.Of(Tanh(a)) + SoftSign.Of(b * a);
        var (u, v) = Polar.Of(c);
        return Hyp.Of(Diff.Fanout(u * b, Sin(v))) + SoftSign.Of(c) * u;
    }

    private static Diff<Point, double> OnRecord()
    {
        var p = Diff.Input<Point>();
        var q = Swirl.Of(p);
        return Sin(q.Get(r => r.X)) * q.Get(r => r.Y) + Cube.Of(p.Get(r => r.X));
    }

    [Fact]
    public void UserRules_InAPipeline_CompileAndAreBitIdenticalToTheInterpreter()
    {
        var f = Pipeline();
        Assert.True(f.Node.Tape.IsCompiled, "a tape with user rules over doubles is not compiled");
        var point = Gen.Double[-2, 2];
        var dims = Gen.Double[-2, 2].Array[2];
        Gen.Select(point, point, dims, dims).ForAll(t => TypedChecks.AllSweepsAgree(f, f.Node, (t.Item1, t.Item2), t.Item3, t.Item4), iter: 100);
    }

    [Fact]
    public void UserRules_OnRecordsAndTuples_CompileAndAreBitIdenticalToTheInterpreter()
    {
        var f = OnRecord();
        Assert.True(f.Node.Tape.IsCompiled, "a tape with a user rule over a record is not compiled");
        var point = Gen.Double[-2, 2];
        var dims = Gen.Double[-2, 2].Array[2];
        Gen.Select(point, point, dims, dims).ForAll(t => TypedChecks.AllSweepsAgree(f, f.Node, new Point(t.Item1, t.Item2), t.Item3, t.Item4), iter: 100);
        foreach (var rule in new IDiff[] { Cube, SoftSign, Hyp, Polar, Swirl })
        {
            Assert.True(TypedChecks.IsScalar(TypedBitIdentityTests.NodeOf(rule)), $"{rule.Name} alone is not covered");
        }
    }

    [Fact]
    public void UserRules_Gradient_IsBitIdenticalAndRunsCompiled()
    {
        var f = Pipeline();
        Gen.Select(Gen.Double[-2, 2], Gen.Double[-2, 2]).ForAll(t =>
        {
            (double, double) expected;
            using (TypedEngine.InterpretHere())
            {
                expected = f.Gradient(t);
            }

            var actual = f.Gradient(t);
            TypedChecks.Same("gradient", VectorSpace<(double, double)>.Instance, expected, actual);
        }, iter: 50);
        Assert.True(f.Node.Tape.Typed!.IsCompiled(Sweep.ValueAndVjp));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "forward", "invoke" },
        { "forward", "gradient" },
        { "pullback", "gradient" },
        { "pullback", "frame pullback" },
        { "pullback", "jvp" },
        { "pushforward", "jvp" },
        { "pushforward", "frame pushforward" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void UserRuleThrowing_InsideACompiledSweep_ThrowsTheInterpretersException(string phase, string sweep)
    {
        static double Boom(string where, double x) => x > 5 ? throw new InvalidOperationException($"{where} gives up at {x}") : x;
        var pushforward = phase == "pushforward";
        var fussy = Diff.Create<double, double>(
            "fussy",
            x => phase == "forward" ? Boom("forward", x) * 2 : 2 * x,
            (x, y, yBar) => phase == "pullback" ? Boom("pullback", x) * 0 + 2 * yBar : 2 * yBar,
            pushforward ? (x, y, dx) => Boom("pushforward", x) * 0 + 2 * dx : null);
        var x = Diff.Input<double>();
        var f = (Sin(x) + fussy.Named("inner").Of(x * x)).Named("outer");
        object Run(double at) => sweep switch
        {
            "invoke" => f.Invoke(at),
            "gradient" => f.Gradient(at),
            "jvp" => f.Jvp(at, 1.0),
            "frame pullback" => f.ValueWithPullback(at).Pullback(1.0),
            _ => f.ValueWithPushforward(at).Pushforward(1.0),
        };

        Exception interpreted;
        using (TypedEngine.InterpretHere())
        {
            interpreted = Assert.ThrowsAny<Exception>(() => Run(3.0));
        }

        _ = Run(1.0); // compiled and fine below the threshold
        Assert.True(f.Node.Tape.IsCompiled);
        var compiled = Assert.ThrowsAny<Exception>(() => Run(3.0));
        Assert.IsType<RuleException>(compiled);
        Assert.Equal(interpreted.GetType(), compiled.GetType());
        Assert.Equal(interpreted.Message, compiled.Message);
        Assert.Equal(interpreted.Data[Tape.PathKey], compiled.Data[Tape.PathKey]);
        Assert.Equal(interpreted.InnerException?.GetType(), compiled.InnerException?.GetType());
        Assert.Equal(interpreted.InnerException?.Message, compiled.InnerException?.Message);
    }
}
