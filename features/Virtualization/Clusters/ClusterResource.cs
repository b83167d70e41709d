using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.Clusters;

/// <summary>NetBox's virtualization clusters (<c>/api/virtualization/clusters/</c>), which Proxmox clusters and storage point at.</summary>
public sealed class ClusterResource : Resource<ClusterRow, ClusterResponse>
{
    public override ResourceInfo Info { get; } = new("virtualization/clusters", "virtualization_cluster", "c", "Cluster", "cluster",
        "virtualization.cluster", "virtualization_cluster_tags");

    public override string SelectSql { get; } = $"""
        SELECT c.id, c.name, c.description, c.comments, {Tagging.Column("virtualization_cluster_tags", "c")}, c.custom_field_data, c.created, c.last_updated
        FROM virtualization_cluster c
        """;

    public override FilterSet Filters { get; } = new(
        alias: "c",
        tagTable: "virtualization_cluster_tags",
        filters:
        [
            new TextFilter("name", "c.name"),
            new TextFilter("description", "c.description"),
        ],
        search: ["c.name", "c.description", "c.comments"],
        defaultOrdering: ["c.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", "name", 100) { Required = true, AllowBlank = false },
            new TextField("description", "description", 200),
            new TextField("comments", "comments"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO virtualization_cluster (name, description, comments, custom_field_data)
            SELECT v.name, v.description, v.comments, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, description, comments, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE virtualization_cluster AS c
            SET name = v.name, description = v.description, comments = v.comments, custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @description::text[], @comments::text[], @custom_field_data::text[])
                 AS v(id, name, description, comments, custom_field_data)
            WHERE c.id = v.id
            """,
        Unique = [new UniqueRule("virtualization_cluster_name_key", ["name"], "cluster with this name already exists.", "name")],
    };

    public override ClusterResponse Map(ClusterRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Name, row.Name, row.Description, row.Comments,
        Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

public sealed record ClusterRow(long Id, string Name, string Description, string Comments, string? Tags, string CustomFieldData, DateTime Created, DateTime LastUpdated);

public sealed record ClusterResponse(
    long Id, string Url, string Display, string Name, string Description, string Comments,
    IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

/// <summary>How other objects show a cluster (NetBox's brief cluster): the Proxmox cluster and storage resources point here.</summary>
public sealed record NestedCluster(long Id, string Url, string Display, string Name, string Description)
{
    public const string Path = "virtualization/clusters";

    public static NestedCluster? Of(long? id, string? name, string? description, ApiUrls urls) =>
        id is long key ? new NestedCluster(key, urls.Object(Path, key), name!, name!, description ?? "") : null;

    public static ReferenceTarget Target { get; } = new("virtualization_cluster", new Dictionary<string, string> { ["id"] = "id", ["name"] = "name" });
}
