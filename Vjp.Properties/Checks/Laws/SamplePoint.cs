using Vjp.Properties.Numerics;

namespace Vjp.Properties.Checks.Laws;

/// <summary>
/// One sample as one value: the point x and its value y, the tangent ẋ and the cotangent ȳ, their flat views
/// (computed once), the spaces they live in, and how a failure at this sample is stated. The laws in this folder
/// are small types over it.
/// </summary>
internal sealed record SamplePoint(
    VectorSpace In,
    VectorSpace Out,
    object X,
    double[] XFlat,
    object Y,
    double[] YFlat,
    object Dx,
    double[] DxFlat,
    object YBar,
    double[] YBarFlat,
    string Path,
    string Seed)
{
    /// <summary>A failure of <paramref name="kind"/> at this sample, with its input, tangent and cotangent (as first drawn).</summary>
    public RuleFailure Fail(RuleCheckKind kind, string check) =>
        new() { Kind = kind, Path = Path, Check = check, Input = X, Tangent = Dx, Cotangent = YBar, Seed = Seed };

    /// <summary>A fresh value of <paramref name="space"/> shaped like <paramref name="like"/> holding <paramref name="flat"/>, so the rule never sees the sample's own objects.</summary>
    public static object Copy(VectorSpace space, object like, double[] flat) => Flat.Build(space, like, flat);
}
