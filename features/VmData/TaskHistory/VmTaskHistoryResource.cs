using Mapster;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.VmData.TaskHistory;

/// <summary>
/// Proxmox tasks run for a virtual machine (<c>/api/plugins/proxbox/task-history/</c>): the volume resource, pushed
/// in bulk on every sync. A POST is an upsert by UPID, Proxmox's globally unique task id, so a sync can re-send
/// everything it saw; rows whose values did not change are left as they are.
/// </summary>
public sealed class VmTaskHistoryResource() : Resource<VmTaskHistoryRow, VmTaskHistoryResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/task-history", "netbox_proxbox_vmtaskhistory", "th",
        "VMTaskHistory", "VM Task History", "netbox_proxbox.vmtaskhistory");

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, th.virtual_machine_id, v.name AS virtual_machine_name, th.vm_type, th.upid, th.node, th.pid, th.pstart,
               th.task_id, th.task_type, th.username, th.start_time, th.end_time, th.description, th.status, th.task_state, th.exitstatus
        FROM {Identity.From}
        JOIN virtualization_virtualmachine v ON v.id = th.virtual_machine_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("virtual_machine", orderBy: "v.name"),
            new TextFilter("vm_type"),
            new TextFilter("upid"),
            new TextFilter("node"),
            new NumberFilter("pid"),
            new NumberFilter("pstart"),
            new TextFilter("task_id"),
            new TextFilter("task_type"),
            new TextFilter("username"),
            new DateTimeFilter("start_time"),
            new DateTimeFilter("end_time"),
            new TextFilter("description"),
            new TextFilter("status"),
            new TextFilter("task_state"),
            new TextFilter("exitstatus"),
        ],
        search:
        [
            new RelatedSearch("virtual_machine_id", VirtualMachineResource.Identity.Table),
            "vm_type", "upid", "node", "task_id", "task_type", "username", "description", "status", "task_state", "exitstatus",
        ],
        // Newest first; a VM sorts by its name, as NetBox orders virtual machines, its id breaking ties between namesakes.
        ordering: ["start_time DESC", "v.name", "virtual_machine_id", "node"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "virtual_machine", "username", "start_time", "end_time", "status"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("virtual_machine", NestedVirtualMachine.Target) { Required = true },
            new TextField("vm_type", 16) { AllowBlank = false, Default = "unknown" },
            new TextField("upid", 255) { Required = true, AllowBlank = false },
            new TextField("node", 255) { Required = true, AllowBlank = false },
            new IntegerField("pid", 0) { Nullable = true },
            new IntegerField("pstart", long.MinValue, long.MaxValue) { Nullable = true },
            new TextField("task_id", 255) { Nullable = true },
            new TextField("task_type", 255) { Required = true, AllowBlank = false },
            new TextField("username", 255) { Required = true, AllowBlank = false },
            new DateTimeField("start_time") { Required = true },
            new DateTimeField("end_time") { Nullable = true },
            // Unbounded: Proxmox's error texts outgrow any fixed limit.
            new TextField("description") { Required = true, AllowBlank = false },
            new TextField("status") { Required = true, AllowBlank = false },
            new TextField("task_state", 255) { Nullable = true },
            new TextField("exitstatus") { Nullable = true },
            .. NetBoxFields.TagsAndCustomFields,
        ],
        UpsertKey = ["upid"],
        Unique =
        [
            // A POST updates the row holding its UPID; a PUT or PATCH that renames one onto another's UPID is refused.
            new UniqueRule("netbox_proxbox_vmtaskhistory_upid_key", ["upid"], "VM Task History with this upid already exists.", ErrorKey: "upid"),
        ],
    };

    protected override void Map(TypeAdapterSetter<VmTaskHistoryRow, VmTaskHistoryResponse> map) => map
        .Map(task => task.Display, row => Display(row.TaskType, row.Node, row.StartTime))
        .Map(task => task.VirtualMachine, row => NestedVirtualMachine.Of(row.VirtualMachineId, row.VirtualMachineName, Urls));

    /// <summary><c>vzdump on pve-node-01 (2026-04-01)</c>: what ran, where, and on which day (UTC).</summary>
    public static string Display(string taskType, string node, DateTime startTime) =>
        $"{taskType} on {node} ({DateOnly.FromDateTime(startTime):O})";
}
