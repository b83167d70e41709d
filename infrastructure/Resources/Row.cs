namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// What a resource's SELECT returns per row, mapped by column name (<c>cluster_name</c> → <c>ClusterName</c>), so the
/// SELECT may list its columns in any order.
/// </summary>
public abstract record Row
{
    public long Id { get; init; }
    public DateTime? Created { get; init; }
    public DateTime? LastUpdated { get; init; }
}
