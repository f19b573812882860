namespace Vjp.Properties.Tests.Catalogue;

/// <summary>A deliberately wrong rule: what is wrong with it, how it is checked, and the law that must catch it (when one is specific).</summary>
public sealed record WrongRule(string Name, string Flaw, Func<RuleCheckOptions, RuleCheckResult> Check, RuleCheckKind? MustReport = null)
{
    public override string ToString() => Name;
}
