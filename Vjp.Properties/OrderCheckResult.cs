using System.Globalization;
using System.Text;

namespace Vjp.Properties;

/// <summary>One level of an order check: the function whose first-order laws stand for the derivative of order <see cref="Order"/>, and their verdict.</summary>
/// <param name="Order">The order of the derivative this level checks (1: f itself).</param>
/// <param name="Mode">The tower the level belongs to; <see cref="DerivativeModes.Both"/> for order 1, which both share.</param>
/// <param name="Function">What the level's function is, e.g. <c>x ↦ J(x)ᵀ·ȳ₁ = ∇⟨ȳ₁, f⟩(x)</c>.</param>
/// <param name="Result">The full first-order check of that function: its failures, blame path and Jacobian entries (for small dimensions) as for any rule.</param>
public sealed record OrderLevel(int Order, DerivativeModes Mode, string Function, RuleCheckResult Result)
{
    /// <summary>What the level's function is.</summary>
    public string Function { get; init; } = Function ?? throw new ArgumentNullException(nameof(Function));

    /// <summary>The full first-order check of the level's function.</summary>
    public RuleCheckResult Result { get; init; } = Result ?? throw new ArgumentNullException(nameof(Result));
}

/// <summary>The outcome of <see cref="RuleCheck.CheckOrder{TIn, TOut}(Diff{TIn, TOut}, CsCheck.Gen{TIn}, int, DerivativeModes, RuleCheckOptions?)"/>.</summary>
public sealed record OrderCheckResult
{
    /// <summary>Whether every level passed.</summary>
    public required bool Passed { get; init; }

    /// <summary>The checked function's name.</summary>
    public required string Rule { get; init; }

    /// <summary>The highest order asked for.</summary>
    public required int Order { get; init; }

    /// <summary>The towers asked for.</summary>
    public required DerivativeModes Modes { get; init; }

    /// <summary>The seed of the run: as <see cref="RuleCheckOptions.Seed"/> it replays the directions and every level.</summary>
    public required string Seed { get; init; }

    /// <summary>The levels checked, lowest order first; the check stops after the first order at which a level fails.</summary>
    public IReadOnlyList<OrderLevel> Levels { get; init; } = [];

    /// <summary>The first level that failed (the lowest failing order), or null when the check passed.</summary>
    public OrderLevel? FailedLevel => Levels.FirstOrDefault(l => !l.Result.Passed);

    /// <summary>The order of <see cref="FailedLevel"/>, or null when the check passed.</summary>
    public int? FailedOrder => FailedLevel?.Order;

    /// <summary>A readable report: one line per level, then the report of the first failing level.</summary>
    public string Report
    {
        get
        {
            var s = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"Order check {(Passed ? "passed" : "failed")}: {Rule}, orders 1 to {Order}, {Modes}{(FailedLevel is { } f ? $"; fails at order {f.Order} ({Mode(f)})" : "")}");
            foreach (var level in Levels)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  order {level.Order} {Mode(level),-8} {(level.Result.Passed ? "passed" : "FAILED")}  {level.Function}  ({level.Result.SamplesChecked} sample{(level.Result.SamplesChecked == 1 ? "" : "s")})");
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"  seed      {Seed}  (as RuleCheckOptions.Seed, replays the directions and every level)");
            if (FailedLevel is { } failed)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"The check of order {failed.Order} ({Mode(failed)}):");
                s.Append(failed.Result.Report);
            }

            return s.ToString();
        }
    }

    private static string Mode(OrderLevel l) => l.Mode == DerivativeModes.Both ? "(f)" : l.Mode.ToString().ToLowerInvariant();

    /// <inheritdoc/>
    public override string ToString() => Report;
}
