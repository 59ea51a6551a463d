namespace GasLedger.Domain.Accounts;

/// <summary>
/// Marks a text field staff write in their own words (a complaint's content, a remark, an opinion): it may hold line
/// breaks and tabs, and be longer than a name or a code. Every other text field is one line (the HTTP input boundary,
/// <c>Api/Http/TextInput</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FreeTextAttribute : Attribute;
