using System.Globalization;
using Mapster;
using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.VmData.Backups;

/// <summary>
/// Backup archives of a virtual machine as Proxmox storage lists them (<c>/api/plugins/proxbox/backups/</c>). They go
/// with their VM; a deleted storage only unlinks them. <c>storage</c> is Proxmox's own storage id, kept as text next
/// to the link because the sync backend derives it from the volume id before it knows the storage object.
/// </summary>
public sealed class VmBackupResource() : Resource<VmBackupRow, VmBackupResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/backups", "netbox_proxbox_vmbackup", "b",
        "VMBackup", "VM Backup", "netbox_proxbox.vmbackup");

    public static readonly Choice[] Subtypes =
    [
        new("undefined", "Undefined"), new("lxc", "LXC"), new("ct", "CT"), new("qemu", "QEMU"), new("vm", "VM"),
    ];

    public static readonly Choice[] Formats =
    [
        new("undefined", "Undefined"), new("pbs-vm", "PBS VM"), new("pbs-ct", "PBS CT"), new("zst", "ZST"), new("iso", "ISO"),
        new("tzst", "TZST"), new("tgz", "TGZ"), new("qcow2", "QCOW2"), new("raw", "RAW"), new("tar", "TAR"), new("tbz", "TBZ"),
    ];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, b.proxmox_storage_id, {NestedProxmoxStorage.Columns("ps", "proxmox_storage")},
               b.virtual_machine_id, v.name AS virtual_machine_name, b.storage, b.subtype, b.format, b.creation_time, b.size, b.notes,
               b.volume_id, b.vmid, b.used, b.encrypted, b.verification_state, b.verification_upid
        FROM {Identity.From}
        JOIN virtualization_virtualmachine v ON v.id = b.virtual_machine_id
        {NestedProxmoxStorage.Join("ps", "b.proxmox_storage_id")}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("proxmox_storage", orderBy: "ps.name"),
            new ForeignKeyFilter("virtual_machine", orderBy: "v.name"),
            // Proxmox's storage id as text, with the string lookups; the link to the storage object is proxmox_storage.
            new TextFilter("storage"),
            new ChoiceFilter("subtype", Subtypes),
            new ChoiceFilter("format", Formats),
            new DateTimeFilter("creation_time"),
            new NumberFilter("size"),
            new NumberFilter("used"),
            new TextFilter("encrypted"),
            new TextFilter("volume_id"),
            new NumberFilter("vmid"),
        ],
        search:
        [
            new RelatedSearch("virtual_machine_id", VirtualMachineResource.Identity.Table),
            new RelatedSearch("proxmox_storage_id", ProxmoxStorageResource.Identity.Table),
            "storage",
            "volume_id",
        ],
        // A VM sorts by its name, as NetBox orders virtual machines; its id breaks ties between namesakes.
        ordering: ["storage", "v.name", "virtual_machine_id", "creation_time"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "proxmox_storage", "storage", "creation_time"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("proxmox_storage", NestedProxmoxStorage.Target) { Nullable = true },
            new ForeignKeyField("virtual_machine", NestedVirtualMachine.Target) { Required = true },
            new TextField("storage", 255) { Nullable = true },
            new ChoiceField("subtype", Subtypes) { Nullable = true, Default = "undefined" },
            new ChoiceField("format", Formats) { Nullable = true, Default = "undefined" },
            new DateTimeField("creation_time") { Nullable = true },
            new IntegerField("size", long.MinValue, long.MaxValue) { Nullable = true },
            new TextField("notes") { Nullable = true },
            new TextField("volume_id", 255) { Nullable = true },
            new IntegerField("vmid", 0) { Nullable = true },
            new IntegerField("used", long.MinValue, long.MaxValue) { Nullable = true },
            new TextField("encrypted", 255),
            new TextField("verification_state", 255) { Nullable = true },
            new TextField("verification_upid", 255) { Nullable = true },
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique =
        [
            new UniqueRule("unique_vm_backup_fields", ["storage", "virtual_machine", "subtype", "format", "volume_id", "vmid"],
                "VM Backup with this Storage, Virtual machine, Subtype, Format, Volume id and Vmid already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<VmBackupRow, VmBackupResponse> map) => map
        .Map(backup => backup.Display, row => Display(row.Vmid, row.VirtualMachineName, row.CreationTime))
        .Map(backup => backup.ProxmoxStorage, row => NestedProxmoxStorage.Of(row.ProxmoxStorageId, row.ProxmoxStorageName, row.ProxmoxStorageClusterId,
            row.ProxmoxStorageClusterName, row.ProxmoxStorageClusterDescription, Urls))
        .Map(backup => backup.VirtualMachine, row => NestedVirtualMachine.Of(row.VirtualMachineId, row.VirtualMachineName, Urls))
        .Map(backup => backup.Subtype, row => ChoiceValue.Of(Subtypes, row.Subtype))
        .Map(backup => backup.Format, row => ChoiceValue.Of(Formats, row.Format));

    /// <summary>
    /// <c>vm-100 backup (2026-04-01)</c>: the guest by its Proxmox id, else by the VM's name; the day only when the
    /// creation time is known.
    /// </summary>
    public static string Display(int? vmid, string vmName, DateTime? creationTime)
    {
        var guest = vmid is int id ? "vm-" + id.ToString(CultureInfo.InvariantCulture) : vmName;
        return creationTime is DateTime when
            ? $"{guest} backup ({DateOnly.FromDateTime(when):O})"
            : guest + " backup";
    }
}
