using Vjp.Examples.Tests.Support;
using Vjp.Examples.VjpVersusJvp;
using Vjp.Functional;

namespace Vjp.Examples.Tests.VjpVersusJvp;

public class VjpVersusJvpTests
{
    [Fact]
    public void Run_Small_AllWaysOfGettingTheJacobianAgree()
    {
        using var t = new TestOptions();
        var r = VjpVersusJvpRun.Run(t.Options, VjpVersusJvpSettings.Small);
        Assert.True(r.MaxJacobianRowsMinusColumns < 1e-12, $"rows vs columns {r.MaxJacobianRowsMinusColumns}");
        Assert.True(r.MaxVjpMinusVTJ < 1e-12, $"VJP vs vᵀJ {r.MaxVjpMinusVTJ}");
        Assert.True(r.MaxJvpMinusJv < 1e-12, $"JVP vs Jẋ {r.MaxJvpMinusJv}");
    }

    [Fact]
    public void Run_Small_MeasuresEveryOperationForEveryShape()
    {
        using var t = new TestOptions();
        var settings = VjpVersusJvpSettings.Small;
        var r = VjpVersusJvpRun.Run(t.Options, settings);
        Assert.Equal(settings.Shapes.Count * 5, r.Measurements.Count);
        Assert.All(r.Measurements, m => Assert.True(m.AllocatedBytes >= 0 && m.Time >= TimeSpan.Zero));
        Assert.Equal(50 * 5 * sizeof(double), r.JacobianBytes);
        Assert.Contains("Jacobian holds 5×50 doubles", t.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_Vjp_MatchesFiniteDifferencesOfInnerProduct()
    {
        // ⟨v, f(x + h e) − f(x − h e)⟩ / 2h = (vᵀJ) e for every basis direction e.
        var random = new Random(5);
        var a = Mat.Generate(4, 6, (_, _) => random.NextDouble() - 0.5);
        var f = VjpVersusJvpRun.Layer(a);
        var x = Vec.Generate(6, _ => random.NextDouble() - 0.5);
        var v = Vec.Generate(4, _ => random.NextDouble() - 0.5);
        var vjp = f.Vjp(x, v);
        const double h = 1e-6;
        for (var j = 0; j < 6; j++)
        {
            var e = Vec.Basis(6, j);
            var fd = Vec.Dot(v, f.Invoke(Vec.Axpy(h, e, x)) - f.Invoke(Vec.Axpy(-h, e, x))) / (2 * h);
            Assert.Equal(fd, vjp[j], 8);
        }
    }
}
