using Mapster;
using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Nodes;
using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// Proxmox backup jobs (<c>/api/plugins/proxbox/backup-routines/</c>): the vzdump schedules of a Proxmox endpoint,
/// with what they back up, where to, and how many backups the storage keeps. Operators read them to see when each
/// job runs next, so <c>next_run</c> is worked out from the schedule on every read.
/// </summary>
public sealed class BackupRoutineResource() : Resource<BackupRoutineRow, BackupRoutineResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/backup-routines", "netbox_proxbox_backuproutine", "br",
        "BackupRoutine", "backup routine", "netbox_proxbox.backuproutine");

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, br.endpoint_id, {NestedProxmoxEndpoint.Columns("pe")},
               br.job_id, br.enabled, br.schedule, br.next_run,
               br.node_id, {NestedProxmoxNode.Columns("pn", "node")},
               br.storage_id, {NestedProxmoxStorage.Columns("ps", "storage")},
               br.selection, br.comment, br.status, br.keep_last, br.keep_daily, br.keep_weekly, br.keep_monthly, br.keep_yearly, br.keep_all,
               br.notes_template, br.bwlimit, br.zstd, br.io_workers, br.fleecing,
               br.fleecing_storage_id, {NestedProxmoxStorage.Columns("fs", "fleecing_storage")},
               br.repeat_missed, br.pbs_change_detection_mode, br.raw_config
        FROM {Identity.From}
        {NestedProxmoxEndpoint.Join("pe", "br.endpoint_id")}
        LEFT JOIN netbox_proxbox_proxmoxnode pn ON pn.id = br.node_id
        {NestedProxmoxStorage.Join("ps", "br.storage_id")}
        {NestedProxmoxStorage.Join("fs", "br.fleecing_storage_id")}
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("endpoint", orderBy: "pe.name"),
            new TextFilter("job_id"),
            new BooleanFilter("enabled"),
            new TextFilter("schedule"),
            // The stored value: what the sync last reported, or what a client wrote for a schedule this service cannot read.
            new DateTimeFilter("next_run"),
            new ForeignKeyFilter("node", orderBy: "pn.name"),
            new ForeignKeyFilter("storage", orderBy: "ps.name"),
            new ForeignKeyFilter("fleecing_storage", orderBy: "fs.name"),
            new ChoiceFilter("status", SyncStatus.Choices),
            new NumberFilter("keep_last"),
            new NumberFilter("keep_daily"),
            new NumberFilter("keep_weekly"),
            new NumberFilter("keep_monthly"),
            new NumberFilter("keep_yearly"),
        ],
        search: ["job_id", "comment"],
        ordering: ["pe.name", "endpoint_id", "job_id"],
        extraOrdering: new Dictionary<string, string>
        {
            ["comment"] = "comment", ["keep_all"] = "keep_all", ["bwlimit"] = "bwlimit", ["zstd"] = "zstd", ["io_workers"] = "io_workers",
            ["repeat_missed"] = "repeat_missed",
        });

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "endpoint", "job_id", "enabled", "schedule", "next_run", "storage", "status"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("endpoint", NestedProxmoxEndpoint.Target) { Required = true },
            new TextField("job_id", 255) { Required = true, AllowBlank = false },
            new BooleanField("enabled") { Default = true },
            new TextField("schedule", 255),
            new DateTimeField("next_run") { Nullable = true },
            new ForeignKeyField("node", NestedProxmoxNode.Target) { Nullable = true },
            new ForeignKeyField("storage", NestedProxmoxStorage.Target) { Nullable = true },
            new IntegerListField("selection", 0),
            new TextField("comment"),
            // Null gets through parsing so that the model's own message answers it, as NetBox's does.
            new ChoiceField("status", SyncStatus.Choices) { Default = SyncStatus.Active, Nullable = true },
            new IntegerField("keep_last", 0) { Nullable = true },
            new IntegerField("keep_daily", 0) { Nullable = true },
            new IntegerField("keep_weekly", 0) { Nullable = true },
            new IntegerField("keep_monthly", 0) { Nullable = true },
            new IntegerField("keep_yearly", 0) { Nullable = true },
            new BooleanField("keep_all") { Nullable = true },
            new TextField("notes_template"),
            new IntegerField("bwlimit", 0) { Nullable = true },
            new IntegerField("zstd", 0) { Nullable = true },
            new IntegerField("io_workers", 0) { Nullable = true },
            // Proxmox reports fleecing as an option string; a flag sent as a JSON boolean means off, or on with defaults.
            new TextField("fleecing", 255) { Booleans = ("", "enabled=1") },
            new ForeignKeyField("fleecing_storage", NestedProxmoxStorage.Target) { Nullable = true },
            new BooleanField("repeat_missed") { Nullable = true },
            new TextField("pbs_change_detection_mode", 50),
            new JsonObjectField("raw_config"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Validate = item =>
        {
            if (item.Values.GetValueOrDefault("status") is null)
            {
                item.AddError("status", "This field cannot be null.");
            }
        },
        Unique =
        [
            new UniqueRule("netbox_proxbox_backuproutine_unique_endpoint_job_id", ["endpoint", "job_id"],
                "Backup Routine with this Proxmox endpoint and Job ID already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<BackupRoutineRow, BackupRoutineResponse> map) => map
        .Map(routine => routine.Display, row => Display(row.JobId, row.Schedule))
        .Map(routine => routine.Endpoint, row => NestedProxmoxEndpoint.Of(row.EndpointId, row.EndpointName, row.EndpointIp, row.EndpointDomain, Urls))
        .Map(routine => routine.NextRun, row => Read.NextRun(row.Schedule, row.NextRun))
        .Map(routine => routine.Node, row => NestedProxmoxNode.Of(row.NodeId, row.NodeName, row.NodeNodeId, row.NodeOnline, Urls))
        .Map(routine => routine.Storage, row => NestedProxmoxStorage.Of(row.StorageId, row.StorageName, row.StorageClusterId, row.StorageClusterName,
            row.StorageClusterDescription, Urls))
        .Map(routine => routine.Status, row => ChoiceValue.Of(SyncStatus.Choices, row.Status))
        .Map(routine => routine.FleecingStorage, row => NestedProxmoxStorage.Of(row.FleecingStorageId, row.FleecingStorageName, row.FleecingStorageClusterId,
            row.FleecingStorageClusterName, row.FleecingStorageClusterDescription, Urls));

    /// <summary><c>job-1 (daily)</c>: the job and when it runs; the job alone when it has no schedule.</summary>
    public static string Display(string jobId, string? schedule) =>
        string.IsNullOrEmpty(schedule) ? jobId : $"{jobId} ({schedule})";
}
