namespace Vjp.Examples.Implicit;

/// <summary>Sizes for example 5.</summary>
/// <param name="State">The equilibrium's dimension n.</param>
/// <param name="Parameters">The parameters' dimension p.</param>
/// <param name="Contraction">‖A‖₂, below 1 so that the iteration converges.</param>
/// <param name="UnrolledSteps">The numbers of unrolled iterations K to compare.</param>
/// <param name="Seed">The seed of A, B, c and the target.</param>
public sealed record ImplicitSettings(int State, int Parameters, double Contraction, IReadOnlyList<int> UnrolledSteps, int Seed)
{
    /// <summary>The size the README runs.</summary>
    public static ImplicitSettings Default { get; } = new(State: 60, Parameters: 12, Contraction: 0.97, UnrolledSteps: [10, 50, 100, 200, 400], Seed: 5);

    /// <summary>A quicker run for tests.</summary>
    public static ImplicitSettings Small { get; } = new(State: 12, Parameters: 4, Contraction: 0.8, UnrolledSteps: [5, 20, 80], Seed: 5);
}
