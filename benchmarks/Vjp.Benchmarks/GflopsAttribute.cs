using BenchmarkDotNet.Attributes;

namespace Vjp.Benchmarks;

/// <summary>Adds the <see cref="GflopsColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GflopsAttribute() : ColumnConfigBaseAttribute(new GflopsColumn());
