using Vjp.Functional;

namespace Vjp.Functional.Tests.Engine;

/// <summary>
/// The vectorised partial kernels of the elementwise binary rules (add, sub, Hadamard product,
/// quotient): pushforward against central finite differences, pullback against pushforward by the
/// adjoint identity ⟨ȳ, J ẋ⟩ = ⟨Jᵀȳ, ẋ⟩, with one side's tangent zero as well as both.
/// </summary>
public class VecArithmeticRuleTests
{
    private static Vec Random(int n, int seed, double lo = -1, double hi = 1)
    {
        var random = new Random(seed);
        return Vec.Generate(n, _ => lo + (hi - lo) * random.NextDouble());
    }

    public static TheoryData<string> Rules => ["add", "sub", "hadamard", "div"];

    private static Diff<(Vec A, Vec B), Vec> Rule(string name) => name switch
    {
        "add" => VecPrimitives.Add,
        "sub" => VecPrimitives.Sub,
        "hadamard" => VecPrimitives.Hadamard,
        "div" => VecPrimitives.Div,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void Close(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol * (1 + Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    [Theory]
    [MemberData(nameof(Rules))]
    public void VecBinaryRule_Pushforward_MatchesFiniteDifferences(string name)
    {
        const int n = 9;
        const double h = 1e-6;
        var f = Rule(name);
        var x = (Random(n, 1), Random(n, 2, 0.5, 2));
        foreach (var (da, db) in new[] { (Random(n, 3), Random(n, 4)), (Random(n, 5), Vec.Zeros(n)), (Vec.Zeros(n), Random(n, 6)) })
        {
            var dy = f.Jvp(x, (da, db));
            var fd = (f.Invoke((Vec.Axpy(h, da, x.Item1), Vec.Axpy(h, db, x.Item2)))
                - f.Invoke((Vec.Axpy(-h, da, x.Item1), Vec.Axpy(-h, db, x.Item2)))) / (2 * h);
            for (var i = 0; i < n; i++)
            {
                Close(fd[i], dy[i], 1e-7, $"{name} component {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void VecBinaryRule_Pullback_SatisfiesAdjointIdentity(string name)
    {
        const int n = 9;
        var f = Rule(name);
        var x = (Random(n, 11), Random(n, 12, 0.5, 2));
        var yBar = Random(n, 13);
        var (aBar, bBar) = f.Vjp(x, yBar);
        foreach (var (da, db) in new[] { (Random(n, 14), Random(n, 15)), (Random(n, 16), Vec.Zeros(n)), (Vec.Zeros(n), Random(n, 17)) })
        {
            var left = Vec.Dot(yBar, f.Jvp(x, (da, db)));
            var right = Vec.Dot(aBar, da) + Vec.Dot(bBar, db);
            Close(left, right, 1e-12, $"{name}: ⟨ȳ, J ẋ⟩ against ⟨Jᵀȳ, ẋ⟩");
        }
    }
}
