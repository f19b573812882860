using Vjp.Functional;
using Vjp.Functional.Engine;
using static Vjp.Functional.Fn;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The engine does not compute cotangents of operands that do not depend on the input (constants),
/// and the derivatives that remain are unchanged: checked against central finite differences.
/// </summary>
public class ConstantOperandTests
{
    private static Vec Random(int n, int seed, double lo = -1, double hi = 1)
    {
        var random = new Random(seed);
        return Vec.Generate(n, _ => lo + (hi - lo) * random.NextDouble());
    }

    /// <summary>⟨ȳ, (f(x + h v) − f(x − h v)) / 2h⟩, the directional derivative seen through ȳ.</summary>
    private static double FdThrough(Diff<Vec, Vec> f, Vec x, Vec v, Vec yBar, double h = 1e-6) =>
        Vec.Dot(yBar, (f.Invoke(Vec.Axpy(h, v, x)) - f.Invoke(Vec.Axpy(-h, v, x))) / (2 * h));

    public static TheoryData<string> Functions => ["W·tanh(x)", "x ⊙ c", "c ⊘ x", "c − x", "x + c", "2·x", "c·sum(x)"];

    private static Diff<Vec, Vec> Build(string name, int n)
    {
        var x = Diff.Input<Vec>();
        var c = Const<Vec, Vec>(Random(n, 7, 0.5, 2));
        var w = Const<Vec, Mat>(Mat.Create(3, n, Random(3 * n, 8).AsSpan()));
        return name switch
        {
            "W·tanh(x)" => w * Tanh(x),
            "x ⊙ c" => x * c,
            "c ⊘ x" => c / x,
            "c − x" => c - x,
            "x + c" => x + c,
            "2·x" => 2.0 * x,
            "c·sum(x)" => Sum(x) * c,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void ConstantOperand_Vjp_MatchesFiniteDifferences(string name)
    {
        const int n = 6;
        var f = Build(name, n);
        var x = Random(n, 1, 0.5, 1.5);
        var yBar = Random(f.Invoke(x).Length, 2);
        var xBar = f.Vjp(x, yBar);
        for (var k = 0; k < 3; k++)
        {
            var v = Random(n, 10 + k);
            var expected = FdThrough(f, x, v, yBar);
            Assert.True(Math.Abs(Vec.Dot(xBar, v) - expected) <= 1e-7 * (1 + Math.Abs(expected)),
                $"{name}: ⟨x̄, v⟩ = {Vec.Dot(xBar, v)}, finite differences {expected}");
        }
    }

    [Fact]
    public void ConstantOperand_PairRule_IsNotAskedForTheConstantsCotangent()
    {
        var asked = new List<string>();
        var rule = new TypedRule2<double, double, double>(
            "countingMul",
            static (a, b) => a * b,
            (a, b, y, yBar) => { asked.Add("a"); return yBar * b; },
            (a, b, y, yBar) => { asked.Add("b"); return yBar * a; },
            static (a, b, y, da) => da * b,
            static (a, b, y, db) => a * db);
        var input = new IdNode(DoubleSpace.Default);
        var f = new Diff<double, double>(NodeOps.Apply2(rule, NodeOps.Const(DoubleSpace.Default, 3.0), input));

        var gradient = f.Gradient(2.0);

        Assert.Equal(["b"], asked);
        var fd = (f.Invoke(2.0 + 1e-6) - f.Invoke(2.0 - 1e-6)) / 2e-6;
        Assert.Equal(fd, gradient, 6);
    }

    [Fact]
    public void ConstantOnlyBranch_Vjp_IsZeroShapedLikeInput()
    {
        var c = Const<Vec, Vec>(Vec.Of(1, 2, 3));
        var f = Sum(Tanh(c) * c);

        var gradient = f.Gradient(Vec.Of(0.5, -0.5));

        Assert.Equal(Vec.Zeros(2), gradient);
    }
}
