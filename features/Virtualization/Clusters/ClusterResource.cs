using Mapster;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.Clusters;

/// <summary>NetBox's virtualization clusters (<c>/api/virtualization/clusters/</c>), which Proxmox clusters and storage point at.</summary>
public sealed class ClusterResource() : Resource<ClusterRow, ClusterResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } =
        new("virtualization/clusters", "virtualization_cluster", "c", "Cluster", "cluster", "virtualization.cluster");

    public override string SelectSql { get; } = $"SELECT {Identity.NetBoxColumns}, c.name, c.description, c.comments FROM {Identity.From}";

    public override FilterSet Filters { get; } = Identity.Filters(
        [new TextFilter("name"), new TextFilter("description")],
        search: ["name", "description", "comments"],
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", 100) { Required = true, AllowBlank = false },
            new TextField("description", 200),
            new TextField("comments"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique = [new UniqueRule("virtualization_cluster_name_key", ["name"], "cluster with this name already exists.", "name")],
    };

    protected override void Map(TypeAdapterSetter<ClusterRow, ClusterResponse> map) => map.Map(cluster => cluster.Display, row => row.Name);
}
