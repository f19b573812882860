using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vjp.Benchmarks;

/// <summary>The column "GFLOP/s": 2mkn / mean time, for a benchmark with a <c>Shape</c> parameter that is a <see cref="GemmCase.Key"/>.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations of the product (2mkn) per nanosecond of the mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        benchmarkCase.Parameters["Shape"] is string shape && summary[benchmarkCase]?.ResultStatistics?.Mean is { } ns && ns > 0
            ? (GemmCase.FlopsOf(shape) / ns).ToString("0.0", CultureInfo.InvariantCulture)
            : "-";

    public override string ToString() => ColumnName;
}
