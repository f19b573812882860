using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vjp.Benchmarks;

/// <summary>
/// The column "vs hand": for a row <c>M</c> with a hand-written twin <c>MByHand</c> in the same logical
/// group (same category, parameters and job) of the same run, mean(M) / mean(MByHand). It puts the
/// library's overhead over hand-written code with the same kernels next to BenchmarkDotNet's Ratio
/// (which allows one baseline per group, here the library's own forward pass).
/// </summary>
public sealed class VersusHandColumn : IColumn
{
    /// <summary>The suffix naming a method's hand-written twin.</summary>
    public const string Suffix = "ByHand";

    public string Id => nameof(VersusHandColumn);

    public string ColumnName => "vs hand";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean of the row M / mean of its hand-written twin M{Suffix} in the same group of the same run";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var twin = benchmarkCase.Descriptor.WorkloadMethod.Name + Suffix;
        var group = summary.GetLogicalGroupKey(benchmarkCase);
        var reference = summary.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.WorkloadMethod.Name == twin && summary.GetLogicalGroupKey(b) == group);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var referenceMean = reference is null ? null : summary[reference]?.ResultStatistics?.Mean;
        return mean is { } m && referenceMean is { } r && r > 0
            ? (m / r).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    public override string ToString() => ColumnName;
}
