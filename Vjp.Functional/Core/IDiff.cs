namespace Vjp.Functional;

/// <summary>What a <see cref="Diff{TIn, TOut}"/> is made of, at the top of its structure.</summary>
public enum DiffKind
{
    /// <summary>A primitive of the library, with its rules declared in one place.</summary>
    Primitive,

    /// <summary>A user-written rule made with <c>Diff.Create</c>.</summary>
    Rule,

    /// <summary>A sequential composition: the parts run in order, the first on the input.</summary>
    Composition,

    /// <summary>A fan-out: every part runs on the same input; the output is the tuple of their outputs.</summary>
    Fanout,

    /// <summary>A projection of one component out of a tuple or record.</summary>
    Projection,

    /// <summary>The identity.</summary>
    Identity,

    /// <summary>A constant: the output does not depend on the input.</summary>
    Constant,

    /// <summary>A named wrapper around one part.</summary>
    Named,

    /// <summary>A bound variable of <c>Diff.Derivative</c> or <c>Diff.GradientAt</c>: its value is supplied by the enclosing scope.</summary>
    Variable,

    /// <summary>Control flow (scan, fold, conditionals, fixed points, checkpoints): a combinator with its own rule over other <see cref="IDiff"/> values.</summary>
    Control,
}

/// <summary>
/// The non-generic view of a differentiable function: its name, its kind and its parts, and
/// evaluation on untyped values. Tools walk this view to print pipelines, to locate a broken
/// rule inside a composition and to evaluate stages one by one.
/// </summary>
public interface IDiff
{
    /// <summary>The name of this function (a primitive's name, a user's name, or the combinator's).</summary>
    string Name { get; }

    /// <summary>What this function is at the top of its structure.</summary>
    DiffKind Kind { get; }

    /// <summary>
    /// The parts: the stages of a composition in order (flattened, however the composition was
    /// built), the branches of a fan-out, the body of a named wrapper; empty for a primitive.
    /// </summary>
    IReadOnlyList<IDiff> Parts { get; }

    /// <summary>
    /// Where this function's rule is differentiable and checked: a primitive's own domain (elementwise
    /// for vector primitives), <see cref="Domain.All"/> for compositions.
    /// </summary>
    Domain Domain { get; }

    /// <summary>The vector space of the input.</summary>
    VectorSpace InputSpace { get; }

    /// <summary>The vector space of the output.</summary>
    VectorSpace OutputSpace { get; }

    /// <summary>Whether the pushforward is given by the rules (<c>false</c> for a <c>Diff.Create</c> rule without one: its JVP then goes through pullbacks).</summary>
    bool HasPushforward { get; }

    /// <summary>The value <c>f(x)</c>.</summary>
    object Invoke(object x);

    /// <summary>The vector–Jacobian product <c>x̄ = ȳᵀ J(x)</c>.</summary>
    object Vjp(object x, object yBar);

    /// <summary>The Jacobian–vector product <c>ẏ = J(x) ẋ</c>.</summary>
    object Jvp(object x, object dx);
}
