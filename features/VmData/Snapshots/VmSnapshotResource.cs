using Mapster;
using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.VmData.Snapshots;

/// <summary>
/// Snapshots of a virtual machine (<c>/api/plugins/proxbox/snapshots/</c>). A snapshot is known to Proxmox by its
/// guest id, name and node, so that triple is unique; it goes with its VM, and a deleted storage only unlinks it.
/// </summary>
public sealed class VmSnapshotResource() : Resource<VmSnapshotRow, VmSnapshotResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/snapshots", "netbox_proxbox_vmsnapshot", "sn",
        "VMSnapshot", "VM Snapshot", "netbox_proxbox.vmsnapshot");

    public static readonly Choice[] Subtypes = [new("qemu", "QEMU"), new("lxc", "LXC")];

    /// <summary><c>stale</c>: the snapshot no longer exists in Proxmox.</summary>
    public static readonly Choice[] Statuses = [new("active", "Active"), new("stale", "Stale")];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, sn.proxmox_storage_id, {NestedProxmoxStorage.Columns("ps", "proxmox_storage")},
               sn.virtual_machine_id, v.name AS virtual_machine_name, sn.name, sn.description, sn.vmid, sn.node, sn.snaptime, sn.parent,
               sn.subtype, sn.status
        FROM {Identity.From}
        JOIN virtualization_virtualmachine v ON v.id = sn.virtual_machine_id
        {NestedProxmoxStorage.Join("ps", "sn.proxmox_storage_id")}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("proxmox_storage", orderBy: "ps.name"),
            new ForeignKeyFilter("virtual_machine", orderBy: "v.name"),
            new ChoiceFilter("subtype", Subtypes),
            new ChoiceFilter("status", Statuses),
            new TextFilter("name"),
            new TextFilter("description"),
            new NumberFilter("vmid"),
            new TextFilter("node"),
            new TextFilter("parent"),
            new DateTimeFilter("snaptime"),
        ],
        search:
        [
            new RelatedSearch("virtual_machine_id", VirtualMachineResource.Identity.Table),
            new RelatedSearch("proxmox_storage_id", ProxmoxStorageResource.Identity.Table),
            "name",
            "node",
            "description",
        ],
        // A VM sorts by its name, as NetBox orders virtual machines; its id breaks ties between namesakes.
        ordering: ["v.name", "virtual_machine_id", "node", "name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "proxmox_storage", "virtual_machine", "name", "status"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("proxmox_storage", NestedProxmoxStorage.Target) { Nullable = true },
            new ForeignKeyField("virtual_machine", NestedVirtualMachine.Target) { Required = true },
            new TextField("name", 255) { Required = true, AllowBlank = false },
            new TextField("description") { Nullable = true },
            new IntegerField("vmid", 0) { Required = true },
            new TextField("node", 255) { Required = true, AllowBlank = false },
            new DateTimeField("snaptime") { Nullable = true },
            new TextField("parent", 255) { Nullable = true },
            new ChoiceField("subtype", Subtypes) { Default = "qemu" },
            new ChoiceField("status", Statuses) { Default = "active" },
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique =
        [
            new UniqueRule("unique_vm_snapshot_vmid_name_node", ["vmid", "name", "node"], "VM Snapshot with this Vmid, Name and Node already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<VmSnapshotRow, VmSnapshotResponse> map) => map
        .Map(snapshot => snapshot.Display, row => row.Name)
        .Map(snapshot => snapshot.ProxmoxStorage, row => NestedProxmoxStorage.Of(row.ProxmoxStorageId, row.ProxmoxStorageName, row.ProxmoxStorageClusterId,
            row.ProxmoxStorageClusterName, row.ProxmoxStorageClusterDescription, Urls))
        .Map(snapshot => snapshot.VirtualMachine, row => NestedVirtualMachine.Of(row.VirtualMachineId, row.VirtualMachineName, Urls))
        .Map(snapshot => snapshot.Subtype, row => ChoiceValue.Of(Subtypes, row.Subtype))
        .Map(snapshot => snapshot.Status, row => ChoiceValue.Of(Statuses, row.Status));
}
