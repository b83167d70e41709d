using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

/// <summary>NetBox's virtual machines (<c>/api/virtualization/virtual-machines/</c>): what backups, snapshots, task history and replications belong to.</summary>
public sealed class VirtualMachineResource : Resource<VirtualMachineRow, VirtualMachineResponse>
{
    public static readonly Choice[] Statuses =
    [
        new("offline", "Offline"), new("active", "Active"), new("planned", "Planned"), new("staged", "Staged"),
        new("failed", "Failed"), new("decommissioning", "Decommissioning"),
    ];

    public override ResourceInfo Info { get; } = new("virtualization/virtual-machines", "virtualization_virtualmachine", "v", "VirtualMachine",
        "virtual machine", "virtualization.virtualmachine", "virtualization_virtualmachine_tags");

    public override string SelectSql { get; } = $"""
        SELECT v.id, v.name, v.status, v.cluster_id, c.name AS cluster_name, c.description AS cluster_description,
               v.vcpus, v.memory, v.disk, v.description, v.comments,
               {Tagging.Column("virtualization_virtualmachine_tags", "v")}, v.custom_field_data, v.created, v.last_updated
        FROM virtualization_virtualmachine v
        LEFT JOIN virtualization_cluster c ON c.id = v.cluster_id
        """;

    public override FilterSet Filters { get; } = new(
        alias: "v",
        tagTable: "virtualization_virtualmachine_tags",
        filters:
        [
            new TextFilter("name", "v.name"),
            new ChoiceFilter("status", "v.status", Statuses.Select(s => s.Value).ToArray()),
            new ForeignKeyFilter("cluster", "v.cluster_id", "c.name"),
            new RelatedFilter("cluster", "v.cluster_id", "virtualization_cluster", new TextFilter("name", "name")),
            new NumberFilter("vcpus", "v.vcpus", isDecimal: true),
            new NumberFilter("memory", "v.memory"),
            new NumberFilter("disk", "v.disk"),
            new TextFilter("description", "v.description"),
        ],
        search: ["v.name", "v.description", "v.comments"],
        defaultOrdering: ["v.name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", "name", 64) { Required = true, AllowBlank = false },
            new ChoiceField("status", "status", Statuses) { Default = "active" },
            new ForeignKeyField("cluster", "cluster_id", NestedCluster.Target) { Nullable = true },
            new DecimalField("vcpus", "vcpus", 6, 2) { Nullable = true, Min = 0.01m },
            new IntegerField("memory", "memory", 0) { Nullable = true },
            new IntegerField("disk", "disk", 0) { Nullable = true },
            new TextField("description", "description", 200),
            new TextField("comments", "comments"),
            Tagging.Field,
            new CustomFieldsField(),
        ],
        InsertSql = """
            INSERT INTO virtualization_virtualmachine (name, status, cluster_id, vcpus, memory, disk, description, comments, custom_field_data)
            SELECT v.name, v.status, v.cluster_id, v.vcpus, v.memory, v.disk, v.description, v.comments, v.custom_field_data::jsonb
            FROM unnest(@name::text[], @status::text[], @cluster_id::bigint[], @vcpus::numeric[], @memory::bigint[], @disk::bigint[],
                        @description::text[], @comments::text[], @custom_field_data::text[])
                 WITH ORDINALITY AS v(name, status, cluster_id, vcpus, memory, disk, description, comments, custom_field_data, n)
            ORDER BY v.n
            RETURNING id
            """,
        UpdateSql = """
            UPDATE virtualization_virtualmachine AS t
            SET name = v.name, status = v.status, cluster_id = v.cluster_id, vcpus = v.vcpus, memory = v.memory, disk = v.disk,
                description = v.description, comments = v.comments, custom_field_data = v.custom_field_data::jsonb, last_updated = now()
            FROM unnest(@id::bigint[], @name::text[], @status::text[], @cluster_id::bigint[], @vcpus::numeric[], @memory::bigint[], @disk::bigint[],
                        @description::text[], @comments::text[], @custom_field_data::text[])
                 AS v(id, name, status, cluster_id, vcpus, memory, disk, description, comments, custom_field_data)
            WHERE t.id = v.id
            """,
        Unique =
        [
            new UniqueRule("virtualization_virtualmachine_unique_name_cluster", ["cluster", "name"], "Virtual machine name must be unique per cluster.")
            {
                CaseInsensitive = ["name"],
            },
        ],
    };

    public override VirtualMachineResponse Map(VirtualMachineRow row, ApiUrls urls) => new(
        row.Id, urls.Object(Info.Path, row.Id), row.Name, row.Name, ChoiceField.Read(Statuses, row.Status),
        NestedCluster.Of(row.ClusterId, row.ClusterName, row.ClusterDescription, urls), row.Vcpus, row.Memory, row.Disk,
        row.Description, row.Comments, Tagging.Read(row.Tags, urls), RawJson.From(row.CustomFieldData), row.Created, row.LastUpdated);
}

public sealed record VirtualMachineRow(
    long Id, string Name, string Status, long? ClusterId, string? ClusterName, string? ClusterDescription, decimal? Vcpus, int? Memory, int? Disk,
    string Description, string Comments, string? Tags, string CustomFieldData, DateTime Created, DateTime LastUpdated);

public sealed record VirtualMachineResponse(
    long Id, string Url, string Display, string Name, ChoiceValue? Status, NestedCluster? Cluster, decimal? Vcpus, int? Memory, int? Disk,
    string Description, string Comments, IReadOnlyList<NestedTag> Tags, RawJson CustomFields, DateTime? Created, DateTime? LastUpdated) : IApiObject;

/// <summary>How other objects show a virtual machine: the plugin's backups, snapshots, task history and replications point here.</summary>
public sealed record NestedVirtualMachine(long Id, string Url, string Display, string Name)
{
    public const string Path = "virtualization/virtual-machines";

    public static NestedVirtualMachine? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedVirtualMachine(key, urls.Object(Path, key), name!, name!) : null;

    public static ReferenceTarget Target { get; } = new("virtualization_virtualmachine", new Dictionary<string, string> { ["id"] = "id", ["name"] = "name" });
}
