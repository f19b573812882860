using System.Reflection;

namespace Vjp.Properties.Tests.Checks;

/// <summary>CheckOrder over every scalar and vector primitive of the library, to order 3 in both modes: no false alarm on fixed seeds.</summary>
public class OrderCheckLibraryTests(ITestOutputHelper output)
{
    private static readonly RuleCheckOptions Options = new() { Samples = 20 };

    public static TheoryData<string> ScalarPrimitives => new(Primitives<double>(typeof(ScalarPrimitives)).Keys);

    public static TheoryData<string> VecPrimitives => new(Primitives<Vec>(typeof(VecPrimitives)).Keys);

    private static Dictionary<string, Diff<T, T>> Primitives<T>(Type holder) where T : notnull =>
        holder.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(Diff<T, T>))
            .ToDictionary(p => p.Name, p => (Diff<T, T>)p.GetValue(null)!);

    [Theory]
    [MemberData(nameof(ScalarPrimitives))]
    public void ScalarPrimitive_OrderThree_BothModes_NoFalseAlarm(string name) =>
        Run(Primitives<double>(typeof(ScalarPrimitives))[name], 0.0);

    [Theory]
    [MemberData(nameof(VecPrimitives))]
    public void VecPrimitive_OrderThree_BothModes_NoFalseAlarm(string name) =>
        Run(Primitives<Vec>(typeof(VecPrimitives))[name], Vec.Zeros(3));

    private void Run<T>(Diff<T, T> f, T like) where T : notnull
    {
        OrderCheckResult result;
        try
        {
            result = RuleCheck.CheckOrder(f, like, 3, DerivativeModes.Both, Options);
        }
        catch (NotTwiceDifferentiableException e)
        {
            // A primitive that declares no third derivative says so; that is not a false alarm.
            output.WriteLine(e.Message);
            return;
        }

        output.WriteLine(result.Report);
        Assert.True(result.Passed, result.Report);
    }
}
