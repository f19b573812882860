namespace Vjp.Functional;

/// <summary>
/// The open interval of real inputs on which a scalar rule is differentiable, less a finite set
/// of kinks (points where it is not, such as 0 for <c>Abs</c>). Property checks sample inputs
/// from the domain and keep away from its kinks; evaluation outside the domain is not checked
/// and follows IEEE 754 (<c>Log(−1)</c> is NaN, as <see cref="Math.Log(double)"/> gives).
/// </summary>
/// <param name="Name">A short description, e.g. <c>x &gt; 0</c>.</param>
/// <param name="Lower">The lower end (exclusive); may be −∞.</param>
/// <param name="Upper">The upper end (exclusive); may be +∞.</param>
public sealed record Domain(string Name, double Lower, double Upper)
{
    /// <summary>The short description.</summary>
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>All reals.</summary>
    public static Domain All { get; } = new("all reals", double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>The positive reals, <c>x &gt; 0</c>.</summary>
    public static Domain Positive { get; } = new("x > 0", 0, double.PositiveInfinity);

    /// <summary>The open interval <c>(lower, upper)</c>.</summary>
    public static Domain Interval(double lower, double upper) => new($"{lower} < x < {upper}", lower, upper);

    /// <summary>Points inside the interval where the rule is not differentiable.</summary>
    public IReadOnlyList<double> Kinks { get; init; } = [];

    /// <summary>This domain without the point <paramref name="kink"/>.</summary>
    public Domain Excluding(double kink) => this with { Name = $"{Name}, x ≠ {kink}", Kinks = [.. Kinks, kink] };

    /// <summary>Whether <paramref name="x"/> lies in the open interval and is not a kink.</summary>
    public bool Contains(double x) => x > Lower && x < Upper && !Kinks.Contains(x);

    /// <summary>Whether the domain is all of ℝ with no kinks.</summary>
    public bool IsAll => double.IsNegativeInfinity(Lower) && double.IsPositiveInfinity(Upper) && Kinks.Count == 0;
}
