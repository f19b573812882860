using TorchSharp;
using static TorchSharp.torch;

namespace Vjp.TorchBenchmarks;

/// <summary>
/// The same classifier in TorchSharp (libtorch), f64 on the CPU: parameters as leaf tensors that require
/// gradients, the batch and labels as constant tensors, the loss <c>cross_entropy(tanh(X W₁ᵀ + b₁) W₂ᵀ + b₂, y)</c>
/// (mean reduction), gradients by autograd.
/// </summary>
public sealed class TorchMlp : IDisposable
{
    private readonly Tensor _x;
    private readonly Tensor _labels;
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _direction;

    /// <summary>Copies a problem into tensors.</summary>
    /// <param name="problem">The problem.</param>
    public TorchMlp(MlpProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _x = tensor(problem.X.AsSpan().ToArray(), [problem.Batch, MlpProblem.Inputs], float64);
        _labels = tensor(problem.Labels.Select(l => (long)l).ToArray(), [problem.Batch], int64);
        long[][] shapes = [[problem.Hidden, MlpProblem.Inputs], [problem.Hidden], [MlpProblem.Classes, problem.Hidden], [MlpProblem.Classes]];
        _parameters = MlpProblem.Flatten(problem.Parameters).Select((v, i) => tensor(v, shapes[i], float64).requires_grad_(true)).ToArray();
        _direction = MlpProblem.Flatten(problem.Direction).Select((v, i) => tensor(v, shapes[i], float64)).ToArray();
    }

    private Tensor Loss()
    {
        var h = _x.mm(_parameters[0].t()).add(_parameters[1], TorchScalars.One).tanh();
        var logits = h.mm(_parameters[2].t()).add(_parameters[3], TorchScalars.One);
        return nn.functional.cross_entropy(logits, _labels);
    }

    /// <summary>One forward pass and gradient w.r.t. (W₁, b₁, W₂, b₂); the tensors are freed before returning.</summary>
    public void Gradient()
    {
        using var scope = NewDisposeScope();
        var loss = Loss();
        torch.autograd.grad([loss], _parameters);
    }

    /// <summary>The Hessian–vector product by double backward: g = ∇L with create_graph, then ∇⟨g, v⟩.</summary>
    public void Hvp()
    {
        using var scope = NewDisposeScope();
        HvpTensors();
    }

    private IList<Tensor> HvpTensors()
    {
        var loss = Loss();
        var g = torch.autograd.grad([loss], _parameters, retain_graph: true, create_graph: true);
        var inner = g[0].mul(_direction[0]).sum();
        for (var i = 1; i < g.Count; i++)
        {
            inner = inner.add(g[i].mul(_direction[i]).sum(), TorchScalars.One);
        }

        return torch.autograd.grad([inner], _parameters);
    }

    /// <summary>The loss and its gradient as arrays, for the agreement check.</summary>
    public (double Value, double[][] Gradient) ValueAndGradientArrays()
    {
        using var scope = NewDisposeScope();
        var loss = Loss();
        var g = torch.autograd.grad([loss], _parameters);
        return (loss.item<double>(), g.Select(t => t.data<double>().ToArray()).ToArray());
    }

    /// <summary>The Hessian–vector product as arrays, for the agreement check.</summary>
    public double[][] HvpArrays()
    {
        using var scope = NewDisposeScope();
        return HvpTensors().Select(t => t.data<double>().ToArray()).ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _x.Dispose();
        _labels.Dispose();
        foreach (var t in _parameters.Concat(_direction))
        {
            t.Dispose();
        }
    }
}
