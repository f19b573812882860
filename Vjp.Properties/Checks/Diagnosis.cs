namespace Vjp.Properties.Checks;

/// <summary>What a combination of broken laws at one point says about a rule.</summary>
internal static class Diagnosis
{
    public static string? For(IReadOnlyCollection<RuleCheckKind> kinds, bool hasPushforward, bool finiteDifferencesInconclusive)
    {
        bool Has(RuleCheckKind k) => kinds.Contains(k);
        if (Has(RuleCheckKind.Structure))
        {
            return "The rule returns a value of the wrong shape: a pullback must return a cotangent shaped like the input x, a pushforward a tangent shaped like the output f(x). This is a structural error, not a numerical one.";
        }

        if (Has(RuleCheckKind.Exception))
        {
            return "The rule threw at a generated input. A rule must be defined on its whole domain; if the input lies outside it, pass a generator restricted to the domain.";
        }

        if (Has(RuleCheckKind.NoValidSamples))
        {
            return "No generated input lay in the function's domain: f was NaN or ∞ there, or a part of it met its input exactly at a kink or end of its domain. Pass a generator of inputs inside the domain.";
        }

        var notes = new List<string>();
        if (Has(RuleCheckKind.NonFinite))
        {
            notes.Add("The pullback or pushforward produced NaN or ∞ where f itself is finite.");
        }

        if (Has(RuleCheckKind.Primal))
        {
            notes.Add("The value returned with the pullback or pushforward differs from Invoke(x): the forward pass is not deterministic, or computes the value in two different ways.");
        }

        if (Has(RuleCheckKind.Mutation))
        {
            notes.Add("The rule wrote into an argument it was given (through MemoryMarshal, Unsafe or a shared array): arguments are read-only; write into a fresh result instead. The arguments shown are those first passed in.");
        }

        if (Has(RuleCheckKind.Aliasing))
        {
            notes.Add("A result returned earlier changed when the rule was called again: it shares storage with a buffer the rule reuses. Return a fresh value from every call.");
        }

        if (Has(RuleCheckKind.Concurrency))
        {
            notes.Add("Called from several threads at once, the rule gave other results than serially: it keeps scratch buffers or residuals in shared mutable state. A Diff must be safe to share between threads; allocate per call, or keep per-call state in the residuals.");
        }

        if (Has(RuleCheckKind.Determinism))
        {
            notes.Add("Two calls with the same argument gave different results: the rule depends on mutable state (randomness, a buffer reused across calls, residuals overwritten by a later forward pass).");
        }

        var pullbackNonlinear = Has(RuleCheckKind.PullbackAdditivity) || Has(RuleCheckKind.PullbackHomogeneity) || Has(RuleCheckKind.PullbackOfZero);
        var pushforwardNonlinear = Has(RuleCheckKind.PushforwardAdditivity) || Has(RuleCheckKind.PushforwardHomogeneity) || Has(RuleCheckKind.PushforwardOfZero);
        if (pullbackNonlinear)
        {
            notes.Add("The pullback is not a linear map of ȳ: it must have no constant term and no powers of, clipping of, or branches on, the cotangent.");
        }

        if (pushforwardNonlinear)
        {
            notes.Add("The pushforward is not a linear map of ẋ: it must have no constant term and no powers of, clipping of, or branches on, the tangent.");
        }

        if ((pullbackNonlinear || pushforwardNonlinear) && (Has(RuleCheckKind.Adjoint) || Has(RuleCheckKind.PushforwardVsFiniteDifferences) || Has(RuleCheckKind.PullbackVsFiniteDifferences)))
        {
            notes.Add("The adjoint identity and the finite-difference comparisons assume linear maps; their failures here follow from the nonlinearity.");
        }

        var pushFd = Has(RuleCheckKind.PushforwardVsFiniteDifferences);
        var pullFd = Has(RuleCheckKind.PullbackVsFiniteDifferences);
        var adjoint = Has(RuleCheckKind.Adjoint);
        if (pullbackNonlinear || pushforwardNonlinear)
        {
            // Explained above: the linearity failure is the cause.
        }
        else if (hasPushforward)
        {
            if (adjoint && !pushFd && pullFd)
            {
                notes.Add("The pushforward agrees with finite differences of f, the pullback does not: the pullback is wrong.");
            }
            else if (adjoint && pushFd && !pullFd)
            {
                notes.Add("The pullback agrees with finite differences of f, the pushforward does not: the pushforward is wrong.");
            }
            else if (adjoint && pushFd && pullFd)
            {
                notes.Add("Neither the pushforward nor the pullback agrees with finite differences of f, nor with each other.");
            }
            else if (adjoint && finiteDifferencesInconclusive)
            {
                notes.Add("The pullback is not the transpose of the pushforward; finite differences were inconclusive at this input, so which of the two is wrong is undecided.");
            }
            else if (adjoint)
            {
                notes.Add("The pullback is not the transpose of the pushforward.");
            }
            else if (pushFd || pullFd)
            {
                notes.Add("The pullback and the pushforward agree with each other (the adjoint identity holds) but not with finite differences of f: both carry the same wrong derivative, or the forward pass computes another function than the rules assume.");
            }
        }
        else if (pullFd)
        {
            notes.Add("The rule declares no pushforward; its pullback disagrees with finite differences of f.");
        }

        if (Has(RuleCheckKind.TaylorOrder) && !pushFd && !pullFd)
        {
            notes.Add("f(x + h·ẋ) − f(x) − h·J·ẋ does not shrink like h²: J·ẋ is not the derivative of f along ẋ, whatever the tolerance.");
        }

        if (Has(RuleCheckKind.ChainRule))
        {
            notes.Add("The composition's derivative differs from its parts' derivatives chained together: the combinator's own rule is wrong.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}
