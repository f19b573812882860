namespace Vjp.Examples.CustomRule;

/// <summary>The result of example 10.</summary>
/// <param name="NaiveAtLargeInput">The naive log Σ eˣ at x = (1000, 1000): overflows to ∞.</param>
/// <param name="StableAtLargeInput">The rule's value there: 1000 + ln 2.</param>
/// <param name="CorrectPassed">Whether the correct rule passed Vjp.Properties' checks.</param>
/// <param name="CorrectSamples">How many inputs the checker tried on it.</param>
/// <param name="WrongPassed">Whether the deliberately wrong rule passed (it must not).</param>
/// <param name="WrongReport">The checker's report on the wrong rule.</param>
/// <param name="HvpError">max |H v − (∇f(x + hv) − ∇f(x − hv)) / 2h| for the twice-differentiable version.</param>
public sealed record CustomRuleResult(
    double NaiveAtLargeInput,
    double StableAtLargeInput,
    bool CorrectPassed,
    int CorrectSamples,
    bool WrongPassed,
    string WrongReport,
    double HvpError);
