using System.Reflection;

namespace Vjp.Functional.Tests.Primitives;

/// <summary>
/// One table-driven property test over every primitive and its differentiable forms (see
/// <see cref="PrimitiveTable"/>), and guards that the table lists every public primitive of
/// ScalarPrimitives, VecPrimitives and MatPrimitives, each with both forms.
/// </summary>
public sealed class PrimitiveTableTests
{
    public static TheoryData<string> Rows => [.. PrimitiveTable.Cases.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Primitive_OnItsDomain_ForwardIsPlainPushforwardIsFiniteDifferencePullbackIsAdjoint(string row) =>
        PrimitiveTable.Check(PrimitiveTable.Cases[row]);

    [Fact]
    public void Table_EveryPrimitive_HasBothDifferentiableFormsAsRows()
    {
        var names = PrimitiveTable.Cases.Keys.ToHashSet();
        var missing = names.Where(n => !n.Contains('▸', StringComparison.Ordinal))
            .SelectMany(n => new[] { $"{n} ▸ pullback form", $"{n} ▸ pushforward form" })
            .Where(form => !names.Contains(form))
            .ToList();
        Assert.True(missing.Count == 0, $"primitives without a differentiable form: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(typeof(ScalarPrimitives))]
    [InlineData(typeof(VecPrimitives))]
    [InlineData(typeof(MatPrimitives))]
    public void Table_ForEachPrimitiveClass_ListsEveryPublicPrimitive(Type primitives)
    {
        var inTable = PrimitiveTable.Cases.Values.Select(c => c.F).ToHashSet(ReferenceEqualityComparer.Instance);
        var missing = primitives.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => typeof(IDiff).IsAssignableFrom(p.PropertyType) && !inTable.Contains(p.GetValue(null)))
            .Select(p => p.Name)
            .ToList();
        Assert.True(missing.Count == 0, $"{primitives.Name} primitives missing from the table: {string.Join(", ", missing)}");

        // Factories (parameterised primitives) are covered by named rows; a new one must be added here and to the table.
        string[] factories = ["PowConst", "Clamp", "Create", "Index", "Slice", "Lift", "Row", "Column", "Reshape", "Elementwise"];
        var unknown = primitives.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => typeof(IDiff).IsAssignableFrom(m.ReturnType) && !m.IsSpecialName && !factories.Contains(m.Name))
            .Select(m => m.Name)
            .ToList();
        Assert.True(unknown.Count == 0, $"{primitives.Name} has factories the table does not cover: {string.Join(", ", unknown)}");
    }
}
