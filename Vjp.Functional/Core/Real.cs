using Vjp.Functional.Engine;

namespace Vjp.Functional;

/// <summary>
/// A real number in a derivative rule: either a plain <see cref="double"/> or, when the rule is
/// being differentiated again, a symbolic expression built from primitives. A scalar primitive
/// declares its derivative once as a function of <see cref="Real"/> values,
/// e.g. <c>derivative: static (x, y) =&gt; 1 - y * y</c> for <c>tanh</c>; the library evaluates it
/// on numbers for first derivatives (no allocation) and on expressions for derivatives of derivatives.
/// </summary>
public readonly partial struct Real : IEquatable<Real>
{
    private readonly double _value;

    /// <summary>A plain number.</summary>
    /// <param name="value">The value.</param>
    public Real(double value)
    {
        _value = value;
        Expression = null;
    }

    internal Real(Node expression)
    {
        _value = double.NaN;
        Expression = expression;
    }

    internal Node? Expression { get; }

    /// <summary>Whether this is a symbolic expression rather than a number.</summary>
    public bool IsSymbolic => Expression is not null;

    /// <summary>The number.</summary>
    /// <exception cref="InvalidOperationException">When this is a symbolic expression.</exception>
    public double Value => Expression is null ? _value : throw new InvalidOperationException("This Real is a symbolic expression, not a number.");

    /// <summary>A plain number.</summary>
    public static implicit operator Real(double value) => new(value);

    internal Node ToNode(VectorSpace input) => Expression ?? NodeOps.Const(input, _value);

    // On numbers, a scalar primitive's function is called directly: going through the untyped
    // Rule.Forward would box the argument and the result on every derivative evaluation.
    private static Real Unary(ScalarRule rule, Real x) =>
        x.Expression is null ? new(rule.F(x._value)) : new(NodeOps.Apply(rule, x.Expression));

    private static Real Binary(Rule rule, Real a, Real b, Func<double, double, double> f)
    {
        if (a.Expression is null && b.Expression is null)
        {
            return new(f(a._value, b._value));
        }

        var input = (a.Expression ?? b.Expression)!.InputSpace;
        return new(NodeOps.Apply2(rule, a.ToNode(input), b.ToNode(input)));
    }

    /// <summary>Sum.</summary>
    public static Real operator +(Real a, Real b) =>
        a.Expression is null && b.Expression is null ? new(a._value + b._value)
        : a.Expression is null && a._value == 0 ? b
        : b.Expression is null && b._value == 0 ? a
        : Binary(ScalarPrimitives.AddRule, a, b, static (p, q) => p + q);

    /// <summary>Difference.</summary>
    public static Real operator -(Real a, Real b) =>
        a.Expression is null && b.Expression is null ? new(a._value - b._value) : Binary(ScalarPrimitives.SubRule, a, b, static (p, q) => p - q);

    /// <summary>Product.</summary>
    public static Real operator *(Real a, Real b) =>
        a.Expression is null && b.Expression is null ? new(a._value * b._value)
        : a.Expression is null && a._value == 1 ? b
        : b.Expression is null && b._value == 1 ? a
        : Binary(ScalarPrimitives.MulRule, a, b, static (p, q) => p * q);

    /// <summary>Quotient.</summary>
    public static Real operator /(Real a, Real b) =>
        a.Expression is null && b.Expression is null ? new(a._value / b._value) : Binary(ScalarPrimitives.DivRule, a, b, static (p, q) => p / q);

    /// <summary>Negation.</summary>
    public static Real operator -(Real a) => a.Expression is null ? new(-a._value) : Unary(ScalarPrimitives.NegRule, a);

    /// <summary>Sine.</summary>
    public static Real Sin(Real x) => Unary(ScalarPrimitives.SinRule, x);

    /// <summary>Cosine.</summary>
    public static Real Cos(Real x) => Unary(ScalarPrimitives.CosRule, x);

    /// <summary>Exponential.</summary>
    public static Real Exp(Real x) => Unary(ScalarPrimitives.ExpRule, x);

    /// <summary>Natural logarithm.</summary>
    public static Real Log(Real x) => Unary(ScalarPrimitives.LogRule, x);

    /// <summary>Square root.</summary>
    public static Real Sqrt(Real x) => Unary(ScalarPrimitives.SqrtRule, x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Real Tanh(Real x) => Unary(ScalarPrimitives.TanhRule, x);

    /// <summary>Logistic sigmoid.</summary>
    public static Real Sigmoid(Real x) => Unary(ScalarPrimitives.SigmoidRule, x);

    /// <summary>Sign, with sign(0) = 0; its derivative is zero wherever it exists.</summary>
    public static Real Sign(Real x) => Unary(ScalarPrimitives.SignRule, x);

    /// <summary>Heaviside step, 1 for x &gt; 0 and 0 otherwise; its derivative is zero wherever it exists.</summary>
    public static Real Step(Real x) => Unary(ScalarPrimitives.StepRule, x);

    /// <summary>Standard normal density φ(x).</summary>
    public static Real NormalPdf(Real x) => Unary(ScalarPrimitives.NormalPdfRule, x);

    /// <summary>Square.</summary>
    public static Real Square(Real x) => x * x;

    /// <inheritdoc/>
    public bool Equals(Real other) => Expression is null && other.Expression is null ? _value.Equals(other._value) : ReferenceEquals(Expression, other.Expression);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Real r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => Expression is null ? _value.GetHashCode() : Expression.GetHashCode();

    /// <summary>Equality of numbers, or identity of expressions.</summary>
    public static bool operator ==(Real left, Real right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Real left, Real right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Expression is null ? _value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Expression.ToString();
}
