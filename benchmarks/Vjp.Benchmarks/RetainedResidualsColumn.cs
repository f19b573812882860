using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vjp.Benchmarks;

/// <summary>
/// The column "Residuals": the managed memory a gradient keeps alive between its forward and backward
/// pass (the bytes held by the pullback after a full GC), measured once per row in the host process
/// by <see cref="CheckpointBenchmarks.RetainedResiduals"/>. BenchmarkDotNet's "Allocated" counts total
/// allocations instead, which is not what checkpointing reduces.
/// </summary>
public sealed class RetainedResidualsColumn : IColumn
{
    public string Id => nameof(RetainedResidualsColumn);

    public string ColumnName => "Residuals";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Managed bytes held by the pullback after the forward pass (after a full GC)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = CheckpointBenchmarks.RetainedResiduals(benchmarkCase.Descriptor.WorkloadMethod.Name);
        return (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";
    }

    public override string ToString() => ColumnName;
}
