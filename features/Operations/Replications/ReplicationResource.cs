using Mapster;
using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Nodes;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Operations.Replications;

/// <summary>
/// Proxmox storage replication jobs (<c>/api/plugins/proxbox/replications/</c>): which guest is copied to which node,
/// and how often. The sync backend rewrites them on every run and marks the ones Proxmox no longer has as stale, in
/// one bulk PATCH.
/// </summary>
public sealed class ReplicationResource() : Resource<ReplicationRow, ReplicationResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/replications", "netbox_proxbox_replication", "rp",
        "Replication", "replication", "netbox_proxbox.replication");

    public static readonly Choice[] JobTypes = [new("local", "Local")];

    public static readonly Choice[] RemoveJobs = [new("local", "Local"), new("full", "Full")];

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, rp.endpoint_id, {NestedProxmoxEndpoint.Columns("pe")},
               rp.replication_id, rp.virtual_machine_id, v.name AS virtual_machine_name,
               rp.proxmox_node_id, {NestedProxmoxNode.Columns("pn", "proxmox_node")},
               rp.guest, rp.target, rp.job_type, rp.schedule, rp.rate, rp.comment, rp.disable, rp.source, rp.jobnum, rp.remove_job, rp.status,
               rp.raw_config
        FROM {Identity.From}
        {NestedProxmoxEndpoint.Join("pe", "rp.endpoint_id")}
        JOIN virtualization_virtualmachine v ON v.id = rp.virtual_machine_id
        LEFT JOIN netbox_proxbox_proxmoxnode pn ON pn.id = rp.proxmox_node_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("endpoint", orderBy: "pe.name"),
            new TextFilter("replication_id"),
            new ForeignKeyFilter("virtual_machine", orderBy: "v.name"),
            new ForeignKeyFilter("proxmox_node", orderBy: "pn.name"),
            new NumberFilter("guest"),
            new TextFilter("target"),
            new ChoiceFilter("job_type", JobTypes),
            new TextFilter("schedule"),
            new BooleanFilter("disable"),
            new TextFilter("source"),
            new NumberFilter("jobnum"),
            new ChoiceFilter("remove_job", RemoveJobs),
            new ChoiceFilter("status", SyncStatus.Choices),
        ],
        search: ["replication_id", new RelatedSearch("virtual_machine_id", VirtualMachineResource.Identity.Table), "target", "comment", "source"],
        // Replications without an endpoint come after every endpoint's (ascending order puts nulls last).
        ordering: ["pe.name", "endpoint_id", "replication_id"],
        extraOrdering: new Dictionary<string, string> { ["rate"] = "rate", ["comment"] = "comment" });

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "replication_id", "virtual_machine", "target", "status"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("endpoint", NestedProxmoxEndpoint.Target) { Nullable = true },
            new TextField("replication_id", 255) { Required = true, AllowBlank = false },
            new ForeignKeyField("virtual_machine", NestedVirtualMachine.Target) { Required = true },
            new ForeignKeyField("proxmox_node", NestedProxmoxNode.Target) { Nullable = true },
            new IntegerField("guest", 0) { Required = true },
            new TextField("target", 255) { Required = true, AllowBlank = false },
            // Null gets through parsing so that the model's own message answers it, as NetBox's does.
            new ChoiceField("job_type", JobTypes) { Default = "local", Nullable = true },
            new TextField("schedule", 128),
            new FloatField("rate") { Nullable = true },
            new TextField("comment") { Nullable = true },
            new BooleanField("disable"),
            new TextField("source", 255) { Nullable = true },
            new IntegerField("jobnum", 0) { Required = true },
            // Blank reads as null, so it is stored as null and ?remove_job=null finds it.
            new ChoiceField("remove_job", RemoveJobs) { Nullable = true, AllowBlank = true, Sql = value => $"NULLIF({value}, '')" },
            new ChoiceField("status", SyncStatus.Choices) { Default = SyncStatus.Active },
            new JsonObjectField("raw_config"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Validate = item =>
        {
            if (item.Values.GetValueOrDefault("job_type") is null)
            {
                item.AddError("job_type", "This field may not be blank.");
            }
        },
        Unique =
        [
            new UniqueRule("netbox_proxbox_replication_unique_endpoint_replication_id", ["endpoint", "replication_id"],
                "Replication with this Proxmox endpoint and Replication id already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<ReplicationRow, ReplicationResponse> map) => map
        .Map(replication => replication.Display, row => Display(row.ReplicationId, row.VirtualMachineName, row.Target))
        .Map(replication => replication.Endpoint, row => NestedProxmoxEndpoint.Of(row.EndpointId, row.EndpointName, row.EndpointIp, row.EndpointDomain, Urls))
        .Map(replication => replication.VirtualMachine, row => NestedVirtualMachine.Of(row.VirtualMachineId, row.VirtualMachineName, Urls))
        .Map(replication => replication.ProxmoxNode, row => NestedProxmoxNode.Of(row.ProxmoxNodeId, row.ProxmoxNodeName, row.ProxmoxNodeNodeId, row.ProxmoxNodeOnline, Urls))
        .Map(replication => replication.JobType, row => ChoiceValue.Of(JobTypes, row.JobType))
        .Map(replication => replication.RemoveJob, row => ChoiceValue.Of(RemoveJobs, row.RemoveJob))
        .Map(replication => replication.Status, row => ChoiceValue.Of(SyncStatus.Choices, row.Status));

    /// <summary><c>100-0 (web-server-01 → pve-node-02)</c>: the job, the guest it copies and where to.</summary>
    public static string Display(string replicationId, string vmName, string target) => $"{replicationId} ({vmName} → {target})";
}
