using Vjp.Examples.Adversarial;
using Vjp.Examples.CustomRule;
using Vjp.Examples.Digits;
using Vjp.Examples.Greeks;
using Vjp.Examples.Implicit;
using Vjp.Examples.MetaLearning;
using Vjp.Examples.Mlp;
using Vjp.Examples.NeuralOde;
using Vjp.Examples.Pinn;
using Vjp.Examples.VjpVersusJvp;
using Vjp.Examples.WorkedExample;

namespace Vjp.Examples.Runner;

/// <summary>Every example, in README order.</summary>
public static class ExampleCatalog
{
    /// <summary>The examples that can run.</summary>
    public static IReadOnlyList<ExampleInfo> All { get; } =
    [
        new(1, "worked", "The worked example, step by step: Jacobian, VJP by pullback, vᵀJ, JVP", o => WorkedExampleRun.Run(o)),
        new(2, "vjp-vs-jvp", "VJP versus JVP: time and memory of each, and of a full Jacobian, over n and m", o => VjpVersusJvpRun.Run(o)),
        new(3, "mlp", "A two-layer network trained by backpropagation on two moons, with its decision boundary", o => MlpRun.Run(o)),
        new(4, "greeks", "Black–Scholes Greeks from one pullback (and gamma, vanna, volga from HVPs) against the closed forms", o => GreeksRun.Run(o)),
        new(5, "implicit", "Implicit differentiation of a fixed point, against finite differences and unrolled iteration, with memory", o => ImplicitRun.Run(o)),
        new(6, "meta-learning", "Meta-learning a learning rate: differentiate through k unrolled gradient steps (a gradient of a gradient)", o => MetaLearningRun.Run(o)),
        new(7, "pinn", "Physics-informed network for u′ = −u: the loss holds du/dt, training differentiates it again", o => PinnRun.Run(o)),
        new(8, "fgsm", "Adversarial robustness: FGSM with the gradient in the input, accuracy as ε grows", o => AdversarialRun.Run(o)),
        new(9, "neural-ode", "Fit a damped oscillator's parameters through an RK4 solver built as a checkpointed scan", o => NeuralOdeRun.Run(o)),
        new(10, "custom-rule", "Your own rule: a stable LogSumExp with Diff.Create, checked by Vjp.Properties, a wrong one caught", o => CustomRuleRun.Run(o)),
        new(11, "digits", "A real data set: handwritten digits (UCI, 8×8) by mini-batch backpropagation with Adam, ≥ 97 % on held-out images", o => DigitsRun.Run(o)),
    ];

    /// <summary>Finds an example by name or number (case-insensitive).</summary>
    /// <param name="nameOrNumber">E.g. <c>greeks</c> or <c>4</c>.</param>
    public static ExampleInfo? Find(string nameOrNumber) =>
        All.FirstOrDefault(e => string.Equals(e.Name, nameOrNumber, StringComparison.OrdinalIgnoreCase)
            || e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == nameOrNumber);
}
