using BenchmarkDotNet.Attributes;

namespace Vjp.Benchmarks;

/// <summary>Adds the <see cref="VersusHandColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class VersusHandAttribute() : ColumnConfigBaseAttribute(new VersusHandColumn());
