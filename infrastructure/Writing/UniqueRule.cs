namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>A table-wide uniqueness rule: the constraint's name, the fields it covers, and NetBox's message.</summary>
/// <param name="ErrorKey"><c>__all__</c> for a model constraint, the field's name for a <c>unique=True</c> field.</param>
public sealed record UniqueRule(string Constraint, string[] Fields, string Message, string ErrorKey = "__all__")
{
    /// <summary>Fields compared case-insensitively (a constraint over <c>lower(column)</c>).</summary>
    public string[] CaseInsensitive { get; init; } = [];
}
