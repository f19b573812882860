using System.Linq.Expressions;
using System.Reflection;
using E = System.Linq.Expressions.Expression;

namespace Vjp.Functional.Engine.Typed;

/// <summary>
/// Straight-line code for the library's hottest scalar rules. Each entry performs exactly the
/// floating-point operations, in the same order, that evaluating the rule's declared derivative on
/// numeric <see cref="Real"/> values performs (a <see cref="Real"/> operation on numbers is the
/// double operation, and <c>Real.Cos</c> calls <c>CosRule.F</c>, which is <see cref="Math.Cos"/>),
/// so the results are bit-identical to the interpreter's; the typed tests compare both over the
/// whole primitive table. Any other rule is called through its own delegates.
/// </summary>
internal static class KnownRules
{
    private static readonly ConstantExpression One = E.Constant(1.0);
    private static readonly MethodInfo DMethod = typeof(ScalarRule).GetMethod(nameof(ScalarRule.D))!;
    private static readonly MethodInfo PartialMethod = typeof(KnownRules).GetMethod(nameof(Partial), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly Dictionary<ScalarRule, Func<E, E>> Forwards = new()
    {
        [ScalarPrimitives.NegRule] = x => E.Negate(x),
        [ScalarPrimitives.SquareRule] = x => E.Multiply(x, x),
        [ScalarPrimitives.ReciprocalRule] = x => E.Divide(One, x),
    };

    private static readonly Dictionary<ScalarRule, Func<E, E, E>> Derivatives = new()
    {
        [ScalarPrimitives.NegRule] = (x, y) => E.Constant(-1.0),
        [ScalarPrimitives.SinRule] = (x, y) => Call(ScalarPrimitives.CosRule.F, x),
        [ScalarPrimitives.CosRule] = (x, y) => E.Negate(Call(ScalarPrimitives.SinRule.F, x)),
        [ScalarPrimitives.TanRule] = (x, y) => E.Add(One, E.Multiply(y, y)),
        [ScalarPrimitives.ExpRule] = (x, y) => y,
        [ScalarPrimitives.LogRule] = (x, y) => E.Divide(One, x),
        [ScalarPrimitives.Log1pRule] = (x, y) => E.Divide(One, E.Add(One, x)),
        [ScalarPrimitives.Expm1Rule] = (x, y) => E.Add(y, One),
        [ScalarPrimitives.SqrtRule] = (x, y) => E.Divide(E.Constant(0.5), y),
        [ScalarPrimitives.TanhRule] = (x, y) => E.Subtract(One, E.Multiply(y, y)),
        [ScalarPrimitives.SigmoidRule] = (x, y) => E.Multiply(y, E.Subtract(One, y)),
        [ScalarPrimitives.SoftplusRule] = (x, y) => Call(ScalarPrimitives.SigmoidRule.F, x),
        [ScalarPrimitives.AbsRule] = (x, y) => Call(ScalarPrimitives.SignRule.F, x),
        [ScalarPrimitives.ReluRule] = (x, y) => Call(ScalarPrimitives.StepRule.F, x),
        [ScalarPrimitives.NormalCdfRule] = (x, y) => Call(ScalarPrimitives.NormalPdfRule.F, x),
        [ScalarPrimitives.NormalPdfRule] = (x, y) => E.Multiply(E.Negate(x), y),
        [ScalarPrimitives.SquareRule] = (x, y) => E.Multiply(E.Constant(2.0), x),
        [ScalarPrimitives.ReciprocalRule] = (x, y) => E.Negate(E.Multiply(y, y)),
        [ScalarPrimitives.SignRule] = (x, y) => E.Constant(0.0),
        [ScalarPrimitives.StepRule] = (x, y) => E.Constant(0.0),
        [ScalarPrimitives.AtanRule] = (x, y) => E.Divide(One, E.Add(One, E.Multiply(x, x))),
    };

    private static readonly Dictionary<ScalarBinaryRule, (Func<E, E, E> F, Func<E, E, E, E> Da, Func<E, E, E, E> Db)> Binaries = new()
    {
        [ScalarPrimitives.AddRule] = (E.Add, (a, b, y) => One, (a, b, y) => One),
        [ScalarPrimitives.SubRule] = (E.Subtract, (a, b, y) => One, (a, b, y) => E.Constant(-1.0)),
        [ScalarPrimitives.MulRule] = (E.Multiply, (a, b, y) => b, (a, b, y) => a),
        [ScalarPrimitives.DivRule] = (E.Divide, (a, b, y) => E.Divide(One, b), (a, b, y) => E.Divide(E.Negate(y), b)),
        [ScalarPrimitives.PowRule] = (
            (a, b) => Call(ScalarPrimitives.PowRule.F, a, b),
            (a, b, y) => E.Divide(E.Multiply(b, y), a),
            (a, b, y) => E.Multiply(y, Call(ScalarPrimitives.LogRule.F, a))),
    };

    /// <summary>y = f(x).</summary>
    public static E Forward(ScalarRule rule, E x) =>
        Forwards.TryGetValue(rule, out var f) ? f(x) : Call(rule.F, x);

    /// <summary>f′(x) given y = f(x): the rule's own <see cref="ScalarRule.D"/> unless it is one of the known rules above.</summary>
    public static E Derivative(ScalarRule rule, E x, E y) =>
        Derivatives.TryGetValue(rule, out var d) ? d(x, y) : E.Call(E.Constant(rule), DMethod, x, y);

    /// <summary>y = f(a, b).</summary>
    public static E Forward(ScalarBinaryRule rule, E a, E b) =>
        Binaries.TryGetValue(rule, out var k) ? k.F(a, b) : Call(rule.F, a, b);

    /// <summary>(∂f/∂a, ∂f/∂b) at (a, b, y).</summary>
    public static (E Da, E Db) Partials(ScalarBinaryRule rule, E a, E b, E y) =>
        Binaries.TryGetValue(rule, out var k)
            ? (k.Da(a, b, y), k.Db(a, b, y))
            : (E.Call(PartialMethod, E.Constant(rule.Da), a, b, y), E.Call(PartialMethod, E.Constant(rule.Db), a, b, y));

    /// <summary>A partial derivative on numbers, as <see cref="ScalarBinaryRule"/> evaluates it.</summary>
    private static double Partial(Func<Real, Real, Real, Real> d, double a, double b, double y) => d(a, b, y).Value;

    /// <summary>A call of a delegate: directly to the method when it is a static method (such as <see cref="Math.Sin"/>), else through the delegate.</summary>
    public static E Call(Delegate f, params E[] args) =>
        f.Target is null && f.Method.IsStatic ? E.Call(f.Method, args) : E.Invoke(E.Constant(f), args);
}
