using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>Who a resource is: where it lives, its table, and the names NetBox uses for it in messages.</summary>
/// <param name="Path">Below <c>/api/</c>, without slashes at the ends: <c>extras/tags</c>.</param>
/// <param name="Table">The resource's table.</param>
/// <param name="Alias">The table's alias in the resource's SELECT.</param>
/// <param name="ModelName">NetBox's model class name: <c>No Tag matches the given query.</c></param>
/// <param name="VerboseName">NetBox's verbose name: <c>tag with this name already exists.</c>, <c>Tag List</c>.</param>
/// <param name="ObjectType">NetBox's <c>app_label.model</c>, the object type permissions name.</param>
/// <param name="TagTable">The tag assignment table, or null when the resource is not taggable.</param>
public sealed record ResourceInfo(string Path, string Table, string Alias, string ModelName, string VerboseName, string ObjectType, string? TagTable = null);

/// <summary>What every resource is, whatever its row and response types.</summary>
public interface IResource
{
    ResourceInfo Info { get; }

    /// <summary>The writable side, or null for a read-only resource.</summary>
    WriteModel? Writes { get; }
}

/// <summary>Every response object exposes what ETags and re-reads need.</summary>
public interface IApiObject
{
    long Id { get; }
    DateTime? Created { get; }
    DateTime? LastUpdated { get; }
}

/// <summary>
/// A NetBox REST resource, declared: its SQL, its filters, its response mapping and its writable fields.
/// The shared operations in this folder interpret the declaration; a feature folder writes only what is
/// particular to its resource.
/// </summary>
/// <typeparam name="TRow">What <see cref="SelectSql"/> returns per row (Dapper maps snake_case columns to it).</typeparam>
/// <typeparam name="TResponse">The JSON shape, keys in NetBox's order.</typeparam>
public abstract class Resource<TRow, TResponse> : IResource
    where TResponse : class, IApiObject
{
    public abstract ResourceInfo Info { get; }

    /// <summary><c>SELECT &lt;columns&gt; FROM &lt;table&gt; &lt;alias&gt; [JOIN …]</c>, no WHERE: list and detail share it.</summary>
    public abstract string SelectSql { get; }

    public abstract FilterSet Filters { get; }

    /// <summary>The keys of <c>?brief=true</c> (upstream's <c>Meta.brief_fields</c>), in response order.</summary>
    public abstract IReadOnlyList<string> BriefFields { get; }

    public abstract TResponse Map(TRow row, ApiUrls urls);

    /// <summary>The writable fields and the statements that write them; null for a read-only resource.</summary>
    public virtual WriteModel? Writes => null;
}
