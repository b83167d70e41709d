namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>The row of a tagged NetBox object: <see cref="ResourceIdentity.NetBoxColumns"/> fill these.</summary>
public abstract record NetBoxRow : Row
{
    /// <summary>The object's tags as JSON, <c>[[id, name, slug, color], …]</c> (see <see cref="Tagging"/>).</summary>
    public string? Tags { get; init; }

    public string CustomFields { get; init; } = "{}";
}
