namespace Vjp.Functional.Engine;

/// <summary><c>v[Out] = rule(v[In])</c>.</summary>
internal sealed class Apply1(RuleNode node, int input, int output) : Instr
{
    protected override string Label => Rule.Name;

    // The rule is read from its node (one field fewer per instruction: a wide tape has hundreds of thousands).
    internal Rule Rule => node.Rule;

    internal int Input => input;

    internal int Output => output;

    public override bool WritesAny(bool[] live) => live[output];

    public override void MarkReads(bool[] live) => live[input] = true;

    public override void Forward(object?[] v, object?[]? res)
    {
        if (res is null)
        {
            v[output] = Rule.Run(v[input]!);
            return;
        }

        v[output] = Rule.Forward(v[input]!, out var r);
        res[Index] = r;
    }

    public override void Backward(object?[] v, object?[]? res, object?[] cot)
    {
        var yBar = cot[output];
        if (yBar is null)
        {
            return;
        }

        if (Owned(cot, input) is { } owned && Rule.PullbackInto(v[input]!, v[output]!, res?[Index], yBar, owned))
        {
            return;
        }

        Accumulate(cot, input, Rule.Pullback(v[input]!, v[output]!, res?[Index], yBar), Rule.In, Rule.FreshCotangents);
    }

    public override void Tangent(object?[] v, object?[]? res, object?[] tan)
    {
        var dx = tan[input];
        tan[output] = dx is null ? null : Rule.Pushforward(v[input]!, v[output]!, res?[Index], dx);
    }

    // The rule's node from the compiled structure (a chain of a million stages shares one).
    public override void EmitForward(Emitter e) => e.Primal[output] = NodeOps.Then(e.Primal[input]!, node);

    public override void EmitBackward(Emitter e)
    {
        if (e.Cotangent[output] is { } yBar)
        {
            e.Accumulate(input, Emitter.Apply(Emitter.PullbackForm(Rule), e.Primal[input]!, yBar), Rule.In);
        }
    }

    public override void EmitTangent(Emitter e)
    {
        e.Tangent[output] = e.Tangent[input] is { } dx ? Emitter.Apply(Emitter.PushforwardForm(Rule), e.Primal[input]!, dx) : null;
    }
}

/// <summary><c>v[Out] = rule(v[A], v[B])</c> for a rule on a pair.</summary>
internal sealed class Apply2(RuleNode node, int a, int b, int output) : Instr
{
    protected override string Label => Rule.Name;

    // The rule is read from its node (one field fewer per instruction: a wide tape has hundreds of thousands).
    internal Rule Rule => node.Rule;

    internal int A => a;

    internal int B => b;

    internal int Output => output;

    public override bool WritesAny(bool[] live) => live[output];

    public override void MarkReads(bool[] live) => live[a] = live[b] = true;

    /// <summary>Whether <c>v[A]</c> depends on the tape's input; when not (a constant), its cotangent is not computed.</summary>
    public bool NeedA { get; init; } = true;

    /// <summary>Whether <c>v[B]</c> depends on the tape's input; when not (a constant), its cotangent is not computed.</summary>
    public bool NeedB { get; init; } = true;

    public override void Forward(object?[] v, object?[]? res)
    {
        v[output] = Rule.Forward2(v[a]!, v[b]!, out var r);
        if (res is not null)
        {
            res[Index] = r;
        }
    }

    public override void Backward(object?[] v, object?[]? res, object?[] cot)
    {
        var yBar = cot[output];
        if (yBar is null)
        {
            return;
        }

        // The accumulators the sweep owns, when a and b are distinct slots (a rule adding into both of one
        // buffer would see its own partial result).
        var aInto = NeedA && a != b ? Owned(cot, a) : null;
        var bInto = NeedB && a != b ? Owned(cot, b) : null;
        Rule.Pullback2Into(v[a]!, v[b]!, v[output]!, res?[Index], yBar, NeedA, NeedB, aInto, bInto, out var aBar, out var bBar);
        var fresh = Rule.FreshCotangents;
        if (NeedA && (aInto is null || !ReferenceEquals(aBar, aInto)))
        {
            Accumulate(cot, a, aBar, Rule.In0, fresh && a != b);
        }

        if (NeedB && (bInto is null || !ReferenceEquals(bBar, bInto)))
        {
            Accumulate(cot, b, bBar, Rule.In1, fresh && a != b);
        }
    }

    public override void Tangent(object?[] v, object?[]? res, object?[] tan)
    {
        var da = tan[a];
        var db = tan[b];
        tan[output] = da is null && db is null ? null : Rule.Pushforward2(v[a]!, v[b]!, v[output]!, res?[Index], da, db);
    }

    public override void EmitForward(Emitter e) =>
        e.Primal[output] = NodeOps.Then(new FanoutNode([e.Primal[a]!, e.Primal[b]!], Rule.In), node);

    public override void EmitBackward(Emitter e)
    {
        if (e.Cotangent[output] is not { } yBar)
        {
            return;
        }

        var bars = Emitter.Apply(Emitter.PullbackForm(Rule), new FanoutNode([e.Primal[a]!, e.Primal[b]!], Rule.In), yBar);
        e.Accumulate(a, NodeOps.Project(bars, 0), Rule.In0);
        e.Accumulate(b, NodeOps.Project(bars, 1), Rule.In1);
    }

    public override void EmitTangent(Emitter e)
    {
        if (e.Tangent[a] is null && e.Tangent[b] is null)
        {
            e.Tangent[output] = null;
            return;
        }

        var dots = new FanoutNode([e.TangentOrZero(a, Rule.In0), e.TangentOrZero(b, Rule.In1)], Rule.In);
        e.Tangent[output] = Emitter.Apply(Emitter.PushforwardForm(Rule), new FanoutNode([e.Primal[a]!, e.Primal[b]!], Rule.In), dots);
    }
}

/// <summary>Packs component slots into a tuple or record.</summary>
internal sealed class Pack(IProductSpace space, int[] inputs, int output) : Instr
{
    protected override string Label => "pack";

    internal IProductSpace Space => space;

    internal IReadOnlyList<int> Inputs => inputs;

    internal int Output => output;

    public override bool WritesAny(bool[] live) => live[output];

    public override void MarkReads(bool[] live) => Mark(live, inputs);

    public override void Forward(object?[] v, object?[]? res)
    {
        var parts = new object[inputs.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = v[inputs[i]]!;
        }

        v[output] = space.Pack(parts);
    }

    public override void Backward(object?[] v, object?[]? res, object?[] cot)
    {
        var yBar = cot[output];
        if (yBar is null)
        {
            return;
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            Accumulate(cot, inputs[i], space.Component(yBar, i), space.ComponentSpaces[i]);
        }
    }

    public override void Tangent(object?[] v, object?[]? res, object?[] tan)
    {
        var any = false;
        foreach (var i in inputs)
        {
            any |= tan[i] is not null;
        }

        if (!any)
        {
            tan[output] = null;
            return;
        }

        var parts = new object[inputs.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = tan[inputs[i]] ?? space.ComponentSpaces[i].ZeroLikeObject(v[inputs[i]]!);
        }

        tan[output] = space.Pack(parts);
    }

    public override void EmitForward(Emitter e) =>
        e.Primal[output] = new FanoutNode([.. inputs.Select(i => e.Primal[i]!)], (VectorSpace)space);

    public override void EmitBackward(Emitter e)
    {
        if (e.Cotangent[output] is not { } yBar)
        {
            return;
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            e.Accumulate(inputs[i], NodeOps.Project(yBar, i), space.ComponentSpaces[i]);
        }
    }

    public override void EmitTangent(Emitter e)
    {
        if (inputs.All(i => e.Tangent[i] is null))
        {
            e.Tangent[output] = null;
            return;
        }

        e.Tangent[output] = new FanoutNode([.. inputs.Select((slot, i) => e.TangentOrZero(slot, space.ComponentSpaces[i]))], (VectorSpace)space);
    }
}

/// <summary>Splits a tuple or record into component slots.</summary>
internal sealed class Unpack(IProductSpace space, VectorSpace packed, int input, int[] outputs) : Instr
{
    protected override string Label => "unpack";

    internal VectorSpace Packed => packed;

    internal int Input => input;

    internal IReadOnlyList<int> Outputs => outputs;

    public override bool WritesAny(bool[] live) => Any(live, outputs);

    public override void MarkReads(bool[] live) => live[input] = true;

    public override void Forward(object?[] v, object?[]? res)
    {
        var x = v[input]!;
        for (var i = 0; i < outputs.Length; i++)
        {
            v[outputs[i]] = space.Component(x, i);
        }
    }

    public override void Backward(object?[] v, object?[]? res, object?[] cot)
    {
        var any = false;
        foreach (var o in outputs)
        {
            any |= cot[o] is not null;
        }

        if (!any)
        {
            return;
        }

        // A component without a cotangent is a symbolic zero inside the engine; only here, where a
        // whole tuple must exist, is it materialised, shaped like its primal.
        var parts = new object[outputs.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = cot[outputs[i]] ?? space.ComponentSpaces[i].ZeroLikeObject(v[outputs[i]]!);
        }

        Accumulate(cot, input, space.Pack(parts), packed);
    }

    public override void Tangent(object?[] v, object?[]? res, object?[] tan)
    {
        var dx = tan[input];
        for (var i = 0; i < outputs.Length; i++)
        {
            tan[outputs[i]] = dx is null ? null : space.Component(dx, i);
        }
    }

    public override void EmitForward(Emitter e)
    {
        for (var i = 0; i < outputs.Length; i++)
        {
            e.Primal[outputs[i]] = NodeOps.Project(e.Primal[input]!, i);
        }
    }

    public override void EmitBackward(Emitter e)
    {
        if (outputs.All(o => e.Cotangent[o] is null))
        {
            return;
        }

        var parts = outputs.Select((o, i) => e.Cotangent[o] ?? Emitter.ZeroLike(e.Primal[o]!)).ToArray();
        e.Accumulate(input, new FanoutNode(parts, packed), packed);
    }

    public override void EmitTangent(Emitter e)
    {
        for (var i = 0; i < outputs.Length; i++)
        {
            e.Tangent[outputs[i]] = e.Tangent[input] is { } dx ? NodeOps.Project(dx, i) : null;
        }
    }
}

/// <summary><c>v[Out] = rule(v[In₁], …, v[Inₙ])</c> for an n-ary rule.</summary>
internal sealed class ApplyN(NaryRule rule, int[] inputs, int output) : Instr
{
    protected override string Label => rule.Name;

    internal NaryRule Rule => rule;

    internal IReadOnlyList<int> Inputs => inputs;

    internal int Output => output;

    public override bool WritesAny(bool[] live) => live[output];

    public override void MarkReads(bool[] live) => Mark(live, inputs);

    private object[] Args(object?[] v)
    {
        var args = new object[inputs.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = v[inputs[i]]!;
        }

        return args;
    }

    public override void Forward(object?[] v, object?[]? res) => v[output] = rule.Forward(Args(v));

    public override void Backward(object?[] v, object?[]? res, object?[] cot)
    {
        var yBar = cot[output];
        if (yBar is null)
        {
            return;
        }

        var bars = new object?[inputs.Length];
        rule.Pullback(Args(v), v[output]!, yBar, bars);
        for (var i = 0; i < inputs.Length; i++)
        {
            Accumulate(cot, inputs[i], bars[i], rule.Ins[i]);
        }
    }

    public override void Tangent(object?[] v, object?[]? res, object?[] tan)
    {
        var dots = new object?[inputs.Length];
        var any = false;
        for (var i = 0; i < inputs.Length; i++)
        {
            dots[i] = tan[inputs[i]];
            any |= dots[i] is not null;
        }

        tan[output] = any ? rule.Pushforward(Args(v), v[output]!, dots) : null;
    }

    public override void EmitForward(Emitter e) =>
        e.Primal[output] = new NaryNode(rule, [.. inputs.Select(i => e.Primal[i]!)]);

    public override void EmitBackward(Emitter e)
    {
        if (e.Cotangent[output] is not { } yBar)
        {
            return;
        }

        var bars = rule.PullbackForms([.. inputs.Select(i => e.Primal[i]!)], yBar);
        for (var i = 0; i < inputs.Length; i++)
        {
            if (bars[i] is { } bar)
            {
                e.Accumulate(inputs[i], bar, rule.Ins[i]);
            }
        }
    }

    public override void EmitTangent(Emitter e)
    {
        if (inputs.All(i => e.Tangent[i] is null))
        {
            e.Tangent[output] = null;
            return;
        }

        e.Tangent[output] = rule.PushforwardForm([.. inputs.Select(i => e.Primal[i]!)], [.. inputs.Select((slot, i) => e.TangentOrZero(slot, rule.Ins[i]))]);
    }
}
