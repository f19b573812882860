using System.Diagnostics;
using System.Globalization;
using Vjp.Combinators;
using Vjp.Functional;
using Vjp.Functional.Engine.Typed;
using static Vjp.Functional.Fn;

namespace Vjp.Benchmarks;

/// <summary>
/// The <c>scalar</c> mode: issue #11's table for the typed compiled fast path, as interleaved paired ratios
/// against the same maths written by hand, with the interpreter's figure (the opt-out, on this thread) beside
/// each compiled one; allocations per compiled scalar gradient; and the cold start of Black–Scholes.
/// </summary>
public static class ScalarProbe
{
    private const int Rounds = 15;

    private const int WarmupRounds = 3;

    // ---------------------------------------------------------------- workloads

    /// <summary>The option priced (see <see cref="BlackScholesDiff.Point"/>).</summary>
    public static OptionInputs Point => BlackScholesDiff.Point;

    /// <summary>A fresh Black–Scholes price function (<see cref="BlackScholesDiff.Build"/>).</summary>
    public static Diff<OptionInputs, double> BuildPrice() => BlackScholesDiff.Build();

    /// <summary>The price by hand (fully optimised at once, as the compiled sweeps are: tiered compilation left it at 21 or 41 ns from run to run).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double PriceByHand(OptionInputs o)
    {
        var sqrtT = Math.Sqrt(o.Time);
        var d1 = (Math.Log(o.Spot / o.Strike) + (o.Rate + 0.5 * o.Volatility * o.Volatility) * o.Time) / (o.Volatility * sqrtT);
        var d2 = d1 - o.Volatility * sqrtT;
        return o.Spot * SpecialFunctions.NormalCdf(d1) - o.Strike * Math.Exp(-o.Rate * o.Time) * SpecialFunctions.NormalCdf(d2);
    }

    /// <summary>The number of RK4 steps.</summary>
    public const int Rk4Steps = 200;

    private const double Rk4H = 0.05;

    private static readonly ((double K, double C) P, (double X, double V) S) Rk4At = ((4.0, 0.3), (1.0, 0.0));

    /// <summary>One RK4 step of the damped oscillator x″ = −k x − c x′, state (x, v), parameters (k, c), step h.</summary>
    public static Diff<((double, double), (double, double), double), (double, double)> Rk4Step()
    {
        var (p, s, h) = Diff.Input<((double, double), (double, double), double)>();
        var (k, c) = p;
        var (x, v) = s;
        var half = 0.5 * h;
        (Diff<((double, double), (double, double), double), double>, Diff<((double, double), (double, double), double), double>) F(
            Diff<((double, double), (double, double), double), double> xi, Diff<((double, double), (double, double), double), double> vi) =>
            (vi, -(k * xi) - c * vi);
        var (k1x, k1v) = F(x, v);
        var (k2x, k2v) = F(x + half * k1x, v + half * k1v);
        var (k3x, k3v) = F(x + half * k2x, v + half * k2v);
        var (k4x, k4v) = F(x + h * k3x, v + h * k3v);
        var sixth = h / 6.0;
        return Diff.Fanout(
            x + sixth * (k1x + 2.0 * k2x + 2.0 * k3x + k4x),
            v + sixth * (k1v + 2.0 * k2v + 2.0 * k3v + k4v));
    }

    /// <summary>The oscillator's 200 steps through <see cref="Control.Fold{P, S, A}(Diff{ValueTuple{P, S, A}, S}, IReadOnlyList{A}, bool)"/>.</summary>
    public static Diff<((double, double), (double, double)), (double, double)> Rk4Fold() => Rk4Fold(Rk4Steps);

    /// <summary>The oscillator's <paramref name="steps"/> steps through Control.Fold.</summary>
    public static Diff<((double, double), (double, double)), (double, double)> Rk4Fold(int steps) =>
        Control.Fold(Rk4Step(), Enumerable.Repeat(Rk4H, steps).ToArray());

    /// <summary>The <c>scalar foldalloc</c> mode: bytes allocated per RK4 fold gradient at 200 and 2,000 steps (the allocation rows alone).</summary>
    public static int FoldAllocations(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("| call | compiled | interpreted |");
        output.WriteLine("|---|---:|---:|");
        var at = (Rk4At.P, Rk4At.S);
        foreach (var steps in new[] { Rk4Steps, 10 * Rk4Steps })
        {
            var loss = Rk4Fold(steps).Then(Diff.Fst<double, double>());
            Allocations(output, string.Create(CultureInfo.InvariantCulture, $"RK4 fold gradient ({steps:N0} steps)"), () => loss.Gradient(at));
        }

        return 0;
    }

    /// <summary>One RK4 step as a map of the whole state ((k, c), (x, v)), the parameters passed through and h a constant (for <see cref="Control.Iterate{S}"/>).</summary>
    public static Diff<((double, double), (double, double)), ((double, double), (double, double))> Rk4IterateStep()
    {
        var (p, s) = Diff.Input<((double, double), (double, double))>();
        var (k, c) = p;
        var (x, v) = s;
        const double h = Rk4H, half = 0.5 * h, sixth = h / 6.0;
        (Diff<((double, double), (double, double)), double>, Diff<((double, double), (double, double)), double>) F(
            Diff<((double, double), (double, double)), double> xi, Diff<((double, double), (double, double)), double> vi) =>
            (vi, -(k * xi) - c * vi);
        var (k1x, k1v) = F(x, v);
        var (k2x, k2v) = F(x + half * k1x, v + half * k1v);
        var (k3x, k3v) = F(x + half * k2x, v + half * k2v);
        var (k4x, k4v) = F(x + h * k3x, v + h * k3v);
        return Diff.Fanout(p, Diff.Fanout(
            x + sixth * (k1x + 2.0 * k2x + 2.0 * k3x + k4x),
            v + sixth * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)));
    }

    /// <summary>The oscillator's 200 steps through <see cref="Control.Iterate{S}"/>.</summary>
    public static Diff<((double, double), (double, double)), ((double, double), (double, double))> Rk4Iterate() =>
        Rk4IterateStep().Iterate(Rk4Steps);

    /// <summary>RK4 through <see cref="Control.Iterate{S}"/> alone (the <c>scalar iterate</c> mode): forward and gradient against plain C#, compiled and interpreted, and allocations.</summary>
    public static int IterateOnly(TextWriter output)
    {
        output.WriteLine($"RK4 through Control.Iterate: ratios to the first row, median [min–max] over {Rounds} rounds of interleaved, paired batches, timed by {(ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time")}. Load average at start: {Load()}.");
        output.WriteLine();
        output.WriteLine("| group | row | ratio | min–max | median time/call |");
        output.WriteLine("|---|---|---:|---:|---:|");
        MeasureIterate(output);
        output.WriteLine();
        output.WriteLine("| call | compiled | interpreted |");
        output.WriteLine("|---|---:|---:|");
        var loss = Rk4Iterate().Then(Diff.Snd<(double, double), (double, double)>()).Then(Diff.Fst<double, double>());
        Allocations(output, "RK4 iterate gradient (200 steps)", () => loss.Gradient((Rk4At.P, Rk4At.S)));
        output.WriteLine();
        output.WriteLine($"Load average at end: {Load()}.");
        return 0;
    }

    /// <summary>
    /// Mixed tapes (the <c>scalar mixed</c> mode): tapes with vector or matrix slots, whose scalar code compiles around the
    /// interpreter's own vector and matrix instructions, against the same Diff interpreted (the opt-out on this thread).
    /// </summary>
    public static int MixedOnly(TextWriter output)
    {
        output.WriteLine($"Mixed tapes: ratios to the first row (interpreted), median [min–max] over {Rounds} rounds of interleaved, paired batches, timed by {(ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time")}. Load average at start: {Load()}.");
        output.WriteLine();
        output.WriteLine("| group | row | ratio | min–max | median time/call |");
        output.WriteLine("|---|---|---:|---:|---:|");
        var v = Diff.Input<Vec>();
        var s = Sum(Sin(v));
        var d = Vjp.Functional.Fn.Dot(v, v);
        var small = Sin(s) * Tanh(d) + Sqrt(Square(Norm(Tanh(d) * v)) + 1.0) - s / (1.0 + d);
        var x8 = Vec.Of(0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8);
        Measure(output, "vector pipeline (length 8), gradient", [
            new("interpreted", () => small.Gradient(x8), Interpret: true),
            new("compiled (mixed)", () => small.Gradient(x8))]);
        var mlp = Workloads.MlpLoss;
        var p = Workloads.RandomMlp(7);
        Measure(output, "MLP 32-64-10 loss, gradient", [
            new("interpreted", () => mlp.Gradient(p), Interpret: true),
            new("compiled (mixed)", () => mlp.Gradient(p))]);
        output.WriteLine();
        output.WriteLine($"Load average at end: {Load()}.");
        return 0;
    }

    private static void MeasureIterate(TextWriter output)
    {
        var rk4 = Rk4Iterate();
        var loss = rk4.Then(Diff.Snd<(double, double), (double, double)>()).Then(Diff.Fst<double, double>());
        var at = (Rk4At.P, Rk4At.S);
        Check("RK4 iterate", Rk4ByHand(Rk4At).X, rk4.Invoke(at).Item2.Item1);
        Measure(output, "RK4, 200 steps via Control.Iterate", [
            new("plain C# forward", () => Rk4ByHand(Rk4At)),
            new("forward (compiled step)", () => rk4.Invoke(at)),
            new("forward (interpreted)", () => rk4.Invoke(at), Interpret: true),
            new("gradient of x(T) (compiled step)", () => loss.Gradient(at)),
            new("gradient of x(T) (interpreted)", () => loss.Gradient(at), Interpret: true)]);
    }

    /// <summary>The same 200 steps by hand (fully optimised at once, as the compiled sweeps are).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static (double X, double V) Rk4ByHand(((double K, double C) P, (double X, double V) S) at)
    {
        var (k, c) = at.P;
        var (x, v) = at.S;
        const double h = Rk4H, half = 0.5 * h, sixth = h / 6.0;
        for (var i = 0; i < Rk4Steps; i++)
        {
            double k1x = v, k1v = -(k * x) - c * v;
            double x2 = x + half * k1x, v2 = v + half * k1v;
            double k2x = v2, k2v = -(k * x2) - c * v2;
            double x3 = x + half * k2x, v3 = v + half * k2v;
            double k3x = v3, k3v = -(k * x3) - c * v3;
            double x4 = x + h * k3x, v4 = v + h * k3v;
            double k4x = v4, k4v = -(k * x4) - c * v4;
            (x, v) = (x + sixth * (k1x + 2.0 * k2x + 2.0 * k3x + k4x), v + sixth * (k1v + 2.0 * k2v + 2.0 * k3v + k4v));
        }

        return (x, v);
    }

    // ---------------------------------------------------------------- measurement

    private sealed record Row(string Name, Action Op, bool Interpret = false);

    /// <summary>First Invoke, Gradient and Hvp of fresh chains, compiled and interpreted (what the typed compile adds to a first call).</summary>
    public static int First(TextWriter output)
    {
        _ = Chain(10).Gradient(0.5);
        output.WriteLine("| stages | first Invoke | first Gradient | first Hvp | interpreted: Invoke | Gradient | Hvp |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in new[] { 100, 1_000, 5_000, 10_000, 20_000 })
        {
            string Times(bool interpret)
            {
                using var scope = interpret ? TypedEngine.InterpretHere() : null;
                var f = Chain(n);
                var sw = Stopwatch.StartNew();
                _ = f.Invoke(0.5);
                var invoke = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                _ = f.Gradient(0.5);
                var gradient = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                _ = f.Hvp(0.5, 1.0);
                var hvp = sw.Elapsed.TotalMilliseconds;
                return string.Create(CultureInfo.InvariantCulture, $"{invoke:0.0} ms | {gradient:0.0} ms | {hvp:0.0} ms");
            }

            output.WriteLine($"| {n} | {Times(false)} | {Times(true)} |");
        }

        return 0;
    }

    /// <summary>The RK4 step's flat sweeps alone, per step (a diagnostic).</summary>
    public static int Parts(TextWriter output)
    {
        var step = Rk4Step();
        var typed = step.Node.Tape.Typed!;
        var rec = typed.Flat(Sweep.FlatRecord);
        var pull = typed.Flat(Sweep.FlatPullback);
        var run = typed.Flat(Sweep.FlatRun);
        var f = typed.FrameLength;
        output.WriteLine($"frame length {f}, instructions {step.Node.Tape.InstructionCount}");
        var input = new double[] { 4, 0.3, 1, 0, 0.05 };
        var frames = new double[f];
        var y = new double[2];
        var seed = new double[] { 1, 0 };
        var xBar = new double[5];
        var step2 = step;
        var at = ((4.0, 0.3), (1.0, 0.0), 0.05);
        var fold = Rk4Fold();
        var loss = fold.Then(Diff.Fst<double, double>());
        var foldRule = ((Vjp.Functional.Engine.RuleNode)fold.Node.Children[1]).Rule;
        var seq = System.Collections.Immutable.ImmutableArray.CreateRange(Enumerable.Repeat(Rk4H, Rk4Steps));
        object foldIn = ((4.0, 0.3), (1.0, 0.0), seq);
        Measure(output, "RK4 step parts", [
            new("hand 200 steps / 200", () => Rk4ByHand(Rk4At)),
            new("flat run ×200", () => { for (var i = 0; i < 200; i++) { run(input, 0, y, 0, null, 0); } }),
            new("flat record ×200", () => { for (var i = 0; i < 200; i++) { rec(input, 0, frames, 0, y, 0); } }),
            new("flat pullback ×200", () => { for (var i = 0; i < 200; i++) { pull(frames, 0, seed, 0, xBar, 0); } }),
            new("typed vjp ×200", () => { for (var i = 0; i < 200; i++) { _ = step2.Vjp(at, (1.0, 0.0)); } }),
            new("fold rule forward", () => foldRule.Forward(foldIn, out _)),
            new("fold rule forward+pullback", () => { var y = foldRule.Forward(foldIn, out var r); _ = foldRule.Pullback(foldIn, y, r, (object)(1.0, 0.0)); }),
            new("seq to array", () => { double[] a = [.. seq]; }),
            new("fold gradient", () => loss.Gradient((Rk4At.P, Rk4At.S)))]);
        return 0;
    }

    /// <summary>The Black–Scholes Hessian's parts (a diagnostic): the gradient tape's record sweep and lane sweep alone, beside the gradient and the Hessian.</summary>
    public static int HessianParts(TextWriter output)
    {
        var price = BuildPrice();
        var o = Point;
        var gradient = Diff.Gradient(price);
        _ = price.Hessian(o);
        var typed = gradient.Node.Tape.Typed!;
        var n = typed.InputLength;
        var rec = typed.Flat(Sweep.FlatRecord);
        var lanes = typed.PushforwardLanes(n);
        var frames = new double[typed.FrameLength];
        var x = new double[] { o.Spot, o.Strike, o.Rate, o.Volatility, o.Time };
        var y = new double[n];
        var e = new double[n * n];
        for (var c = 0; c < n; c++)
        {
            e[c * n + c] = 1;
        }

        var results = new double[n * n];
        var laneLambda = typed.EmitForDiagnostics(Sweep.FlatPushforwardLanes, n);
        var locals = new LocalCounter();
        locals.Visit(laneLambda);
        output.WriteLine($"gradient tape: {gradient.Node.Tape.InstructionCount} instructions, frame length {typed.FrameLength}; lane sweep ({n} lanes): {locals.Variables} locals, {locals.Nodes} expression nodes");
        Measure(output, "Black–Scholes Hessian parts", [
            new("gradient (compiled)", () => price.Gradient(o)),
            new("5×5 Hessian (compiled)", () => price.Hessian(o)),
            new("gradient tape: flat record", () => rec(x, 0, frames, 0, y, 0)),
            new("gradient tape: 5 lanes", () => lanes(frames, 0, e, 0, results, 0)),
            new("Diff.Gradient(price)", () => Diff.Gradient(price)),
            new("input space: Dimension + Flatten", () => { var d = price.InputSpace.Dimension(o); price.InputSpace.Flatten(o, y.AsSpan(0, d)); }),
            new("the gradient's name in a string", () => _ = $"Hessian of '{gradient.Name}'")]);
        var priceTyped = (TypedTape<OptionInputs, double>)price.Node.Tape.Typed!;
        var run = priceTyped.RunDelegate;
        Measure(output, "Black–Scholes price dispatch", [
            new("plain C# price", () => PriceByHand(o)),
            new("price.Invoke", () => price.Invoke(o)),
            new("TypedTape.Invoke", () => priceTyped.Invoke(o)),
            new("the compiled Run delegate", () => run(o)),
            new("price.Node.Tape.Typed", () => _ = price.Node.Tape.Typed)]);
        return 0;
    }

    private sealed class LocalCounter : System.Linq.Expressions.ExpressionVisitor
    {
        public int Variables { get; private set; }

        public int Nodes { get; private set; }

        public override System.Linq.Expressions.Expression? Visit(System.Linq.Expressions.Expression? node)
        {
            Nodes++;
            return base.Visit(node);
        }

        protected override System.Linq.Expressions.Expression VisitBlock(System.Linq.Expressions.BlockExpression node)
        {
            Variables += node.Variables.Count;
            return base.VisitBlock(node);
        }
    }

    public static int Run(TextWriter output)
    {
        var load0 = Load();
        output.WriteLine($"Typed compiled fast path (issue #11): ratios to each group's first row, median [min–max] over {Rounds} rounds of interleaved, paired batches, timed by {(ProcessCpuClock.IsCpuTime ? "process CPU time" : "wall-clock time")}.");
        output.WriteLine($"Typed compiler enabled: {TypedEngine.Enabled}; 'interpreted' rows run the same Diff with the opt-out on this thread. Load average at start: {load0}.");
        output.WriteLine();
        output.WriteLine("| group | row | ratio | min–max | median time/call |");
        output.WriteLine("|---|---|---:|---:|---:|");

        var price = BuildPrice();
        var o = Point;
        var gradientOfPrice = Diff.Gradient(price);
        Check("Black–Scholes price", PriceByHand(o), price.Invoke(o));
        Measure(output, "Black–Scholes", [
            new("plain C# price", () => PriceByHand(o)),
            new("price (compiled)", () => price.Invoke(o)),
            new("price (interpreted)", () => price.Invoke(o), Interpret: true),
            new("gradient (compiled)", () => price.Gradient(o)),
            new("gradient (interpreted)", () => price.Gradient(o), Interpret: true)]);
        Measure(output, "Black–Scholes Hessian", [
            new("gradient (compiled)", () => price.Gradient(o)),
            new("5×5 Hessian (compiled)", () => price.Hessian(o)),
            new("gradient (interpreted)", () => price.Gradient(o), Interpret: true),
            new("5×5 Hessian (interpreted)", () => price.Hessian(o), Interpret: true)]);

        var chain = Workloads.ScalarChain;
        var cx = Workloads.ChainX;
        Check("chain", Workloads.ChainForwardByHand(cx), chain.Invoke(cx));
        Check("chain gradient", Workloads.ChainGradientByHand(cx).Derivative, chain.Gradient(cx));
        Measure(output, "100-stage chain, forward", [
            new("plain C#", () => Workloads.ChainForwardByHand(cx)),
            new("forward (compiled)", () => chain.Invoke(cx)),
            new("forward (interpreted)", () => chain.Invoke(cx), Interpret: true)]);
        Measure(output, "100-stage chain, gradient", [
            new("hand-written gradient", () => Workloads.ChainGradientByHand(cx)),
            new("gradient (compiled)", () => chain.Gradient(cx)),
            new("gradient (interpreted)", () => chain.Gradient(cx), Interpret: true)]);

        var rk4 = Rk4Fold();
        var rk4Loss = rk4.Then(Diff.Fst<double, double>());
        var rk4At = (Rk4At.P, Rk4At.S);
        Check("RK4", Rk4ByHand(Rk4At).X, rk4.Invoke(rk4At).Item1);
        Measure(output, "RK4, 200 steps via Control.Fold", [
            new("plain C# forward", () => Rk4ByHand(Rk4At)),
            new("forward (compiled step)", () => rk4.Invoke(rk4At)),
            new("forward (interpreted)", () => rk4.Invoke(rk4At), Interpret: true),
            new("gradient of x(T) (compiled step)", () => rk4Loss.Gradient(rk4At)),
            new("gradient of x(T) (interpreted)", () => rk4Loss.Gradient(rk4At), Interpret: true)]);

        MeasureIterate(output);

        var worked = Workloads.WorkedExample;
        Vec wx = Workloads.WorkedX, wv = Workloads.WorkedV;
        Measure(output, "Worked example (Vec → Vec)", [
            new("hand-written VJP", () => Workloads.WorkedVjpByHand(wx, wv)),
            new("VJP", () => worked.Vjp(wx, wv)),
            new("VJP (interpreted)", () => worked.Vjp(wx, wv), Interpret: true)]);

        output.WriteLine();
        output.WriteLine("Allocated bytes per call (GC.GetAllocatedBytesForCurrentThread, mean of 1,000 calls after warm-up):");
        output.WriteLine();
        output.WriteLine("| call | compiled | interpreted |");
        output.WriteLine("|---|---:|---:|");
        var chain1000 = Chain(1000);
        Allocations(output, "Black–Scholes gradient", () => price.Gradient(o));
        Allocations(output, "Black–Scholes value and gradient", () => price.ValueAndGradient(o));
        Allocations(output, "100-stage chain gradient", () => chain.Gradient(cx));
        Allocations(output, "1,000-stage chain gradient", () => chain1000.Gradient(cx));
        Allocations(output, "RK4 fold gradient (200 steps)", () => rk4Loss.Gradient(rk4At));
        var rk4Loss2000 = Rk4Fold(10 * Rk4Steps).Then(Diff.Fst<double, double>());
        Allocations(output, "RK4 fold gradient (2,000 steps)", () => rk4Loss2000.Gradient(rk4At));
        Allocations(output, "Black–Scholes 5×5 Hessian", () => price.Hessian(o));

        output.WriteLine();
        ColdStart(output);
        output.WriteLine();
        output.WriteLine($"Load average at end: {Load()}.");
        _ = gradientOfPrice;
        return 0;
    }

    private static Diff<double, double> Chain(int stages)
    {
        var f = ScalarPrimitives.Sin;
        for (var i = 1; i < stages; i++)
        {
            f = f.Then(i % 2 == 0 ? ScalarPrimitives.Sin : ScalarPrimitives.Tanh);
        }

        return f;
    }

    private static void Check(string what, double expected, double actual)
    {
        if (Math.Abs(expected - actual) > 1e-9 * Math.Max(1, Math.Abs(expected)))
        {
            throw new InvalidOperationException($"{what}: Vjp {actual:R} disagrees with the hand-written {expected:R}");
        }
    }

    private static void Allocations(TextWriter output, string name, Action op)
    {
        long Bytes(bool interpret)
        {
            using var scope = interpret ? TypedEngine.InterpretHere() : null;
            for (var i = 0; i < 100; i++)
            {
                op();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                op();
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Bytes(false)} B | {Bytes(true)} B |"));
    }

    /// <summary>Build, compile and first gradient of a fresh Black–Scholes Diff in a warm process (another one compiled before).</summary>
    private static void ColdStart(TextWriter output)
    {
        _ = BuildPrice().Gradient(Point);
        var times = new List<double>();
        var bytes = new List<long>();
        for (var i = 0; i < 15; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var f = BuildPrice();
            _ = f.Gradient(Point);
            sw.Stop();
            times.Add(sw.Elapsed.TotalMilliseconds);
            bytes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        times.Sort();
        bytes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cold start in a warm process, build + compile + first gradient of Black–Scholes (wall clock, 15 fresh Diffs): median {times[7]:0.00} ms, min {times[0]:0.00}, max {times[^1]:0.00}; median {bytes[7] / 1024.0:0} KiB allocated."));

        var interpreted = new List<double>();
        using (TypedEngine.InterpretHere())
        {
            for (var i = 0; i < 15; i++)
            {
                var sw = Stopwatch.StartNew();
                _ = BuildPrice().Gradient(Point);
                interpreted.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        interpreted.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The same, interpreted (opt-out): median {interpreted[7]:0.00} ms, min {interpreted[0]:0.00}, max {interpreted[^1]:0.00}."));
    }

    /// <summary>
    /// Interleaved, paired rounds of batches of each row, after a warm-up that leaves tiering behind: each row's
    /// batch size from half a second of calls, then <see cref="WarmupRounds"/> unrecorded interleaved rounds with a
    /// pause after each (tier-1 promotion waits until no method has been jitted for 100 ms, then compiles in the
    /// background), so that min–max reflect noise rather than early rounds in tier 0.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Measure(TextWriter output, string group, Row[] rows)
    {
        var batch = rows.Select(BatchSize).ToArray();
        for (var warm = 0; warm < WarmupRounds; warm++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                using var scope = rows[i].Interpret ? TypedEngine.InterpretHere() : null;
                for (var k = 0; k < Math.Max(batch[i], 100); k++)
                {
                    rows[i].Op();
                }
            }

            Thread.Sleep(250);
        }

        var perCall = rows.Select(_ => new double[Rounds]).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                using var scope = rows[i].Interpret ? TypedEngine.InterpretHere() : null;
                var op = rows[i].Op;
                var start = ProcessCpuClock.Now();
                for (var k = 0; k < batch[i]; k++)
                {
                    op();
                }

                perCall[i][round] = (ProcessCpuClock.Now() - start) / batch[i];
            }
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var ratios = Enumerable.Range(0, Rounds).Select(r => perCall[i][r] / perCall[0][r]).Order().ToArray();
            var times = perCall[i].Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group} | {rows[i].Name} | {ratios[Rounds / 2]:0.00} | {ratios[0]:0.00}–{ratios[^1]:0.00} | {Format(times[Rounds / 2])} |"));
        }
    }

    /// <summary>Calls per batch so that a batch takes about 20 ms, after warming the JIT up (half a second per row, so that tiered compilation has promoted the hand-written baselines on a loaded machine).</summary>
    private static int BatchSize(Row row)
    {
        using var scope = row.Interpret ? TypedEngine.InterpretHere() : null;
        var start = ProcessCpuClock.Now();
        var calls = 0;
        while (calls < 50 || ProcessCpuClock.Now() - start < 500e6)
        {
            row.Op();
            calls++;
        }

        var perCallMs = (ProcessCpuClock.Now() - start) / 1e6 / calls;
        return (int)Math.Clamp(20 / perCallMs, 1, 10_000_000);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static string Format(double ns) => ns switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.00} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
    };
}
