using Mapster;
using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

/// <summary>NetBox's virtual machines (<c>/api/virtualization/virtual-machines/</c>): what backups, snapshots, task history and replications belong to.</summary>
public sealed class VirtualMachineResource() : Resource<VirtualMachineRow, VirtualMachineResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("virtualization/virtual-machines", "virtualization_virtualmachine", "v",
        "VirtualMachine", "virtual machine", "virtualization.virtualmachine");

    public static readonly Choice[] Statuses =
    [
        new("offline", "Offline"), new("active", "Active"), new("planned", "Planned"), new("staged", "Staged"),
        new("failed", "Failed"), new("decommissioning", "Decommissioning"),
    ];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, v.name, v.status, v.cluster_id, c.name AS cluster_name, c.description AS cluster_description,
               v.vcpus, v.memory, v.disk, v.description, v.comments
        FROM {Identity.From}
        LEFT JOIN virtualization_cluster c ON c.id = v.cluster_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new TextFilter("name"),
            new ChoiceFilter("status", Statuses),
            new ForeignKeyFilter("cluster", orderBy: "c.name"),
            new RelatedFilter("cluster", ClusterResource.Identity.Table, new TextFilter("name")),
            new NumberFilter("vcpus", isDecimal: true),
            new NumberFilter("memory"),
            new NumberFilter("disk"),
            new TextFilter("description"),
        ],
        search: ["name", "description", "comments"],
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", 64) { Required = true, AllowBlank = false },
            new ChoiceField("status", Statuses) { Default = "active" },
            new ForeignKeyField("cluster", NestedCluster.Target) { Nullable = true },
            new DecimalField("vcpus", 6, 2) { Nullable = true, Min = 0.01m },
            new IntegerField("memory", 0) { Nullable = true },
            new IntegerField("disk", 0) { Nullable = true },
            new TextField("description", 200),
            new TextField("comments"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique =
        [
            new UniqueRule("virtualization_virtualmachine_unique_name_cluster", ["cluster", "name"], "Virtual machine name must be unique per cluster.")
            {
                CaseInsensitive = ["name"],
            },
        ],
    };

    protected override void Map(TypeAdapterSetter<VirtualMachineRow, VirtualMachineResponse> map) => map
        .Map(vm => vm.Display, row => row.Name)
        .Map(vm => vm.Status, row => ChoiceValue.Of(Statuses, row.Status))
        .Map(vm => vm.Cluster, row => NestedCluster.Of(row.ClusterId, row.ClusterName, row.ClusterDescription, Urls));
}
