using System.Text.Json;
using Dapper;
using MediatR;
using Npgsql;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Features.VmData.Backups;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Mediation;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// GET <c>/api/plugins/proxbox/backup-routines/{id}/retention/</c>: which of the backups on the routine's storage a
/// Proxmox prune with the routine's <c>keep-*</c> settings would keep, by which rule, and which it would remove. Only
/// the guests the routine selects are considered (all of them when its selection is empty). Read-only: nothing is
/// pruned, here or in Proxmox.
/// </summary>
public static class GetRetention
{
    public sealed record Query(long Id, ApiUrls Urls, Caller Caller) : IRequest<Outcome>, IReadRequest;

    private const string BackupTable = "netbox_proxbox_vmbackup";
    private const string BackupObjectType = "netbox_proxbox.vmbackup";
    private const string BackupsPath = "plugins/proxbox/backups";

    public sealed class Handler(BackupRoutineResource routines, NpgsqlDataSource database, ScheduleCalendar schedules) : IRequestHandler<Query, Outcome>
    {
        public async Task<Outcome> Handle(Query request, CancellationToken cancellationToken)
        {
            if (ResourceAccess.Scope(routines, request.Caller, Caller.View) is not { } scope)
            {
                return Outcome.Forbidden();
            }

            await using var conn = await database.OpenConnectionAsync(cancellationToken);
            var read = new ReadContext(request.Urls, schedules);
            var found = await ResourceReader.ReadAsync(routines, conn, null, [request.Id], read, ordered: false, cancellationToken, scope);
            if (found is not [BackupRoutineResponse routine])
            {
                // A routine outside the caller's view is as absent as a missing one.
                return ResourceAccess.NotFound(routines);
            }

            // The answer lists backups, so it needs the right to see backups, as their own list does.
            if (!request.Caller.May(BackupObjectType, Caller.View))
            {
                return Outcome.Forbidden();
            }

            if (routine.Storage is not { } storage)
            {
                return new Outcome.NotFound($"Backup routine {routine.Display} has no storage, so there are no backups to prune.");
            }

            var selection = Vmids(routine.Selection.Json);
            var rows = await BackupsAsync(conn, storage.Id, selection, request.Caller, cancellationToken);
            var options = RetentionOptions.Of(routine);
            var groups = Simulate(rows, options, request.Urls);
            return new Outcome.Ok(new RetentionPreview(
                NestedBackupRoutine.Of(routine), storage, schedules.Zone.Id, options, selection,
                new RetentionTotals(groups.Sum(g => g.Keep.Count), groups.Sum(g => g.Remove.Count)), groups));
        }

        /// <summary>
        /// Every dated backup of the selected guests on the storage, with whether the caller may see it. The prune is
        /// worked out over all of them, since Proxmox prunes what is there, not what a user may see; only the visible
        /// ones are listed. A backup without a creation time cannot be placed in any hour, day or week, and Proxmox
        /// never has one (it reads the time from the archive's name), so it is left out.
        /// </summary>
        private static async Task<List<RetentionRow>> BackupsAsync(NpgsqlConnection conn, long storageId, int[] selection, Caller caller, CancellationToken ct)
        {
            // The backups' own declaration says how a caller's constraints read; it lives in another feature, so it is
            // found by its table. Without it no constraint can be read, and only a superuser sees every backup.
            var backups = ResourceRegistry.Declarations.FirstOrDefault(r => r.Identity.Table == BackupTable);
            var alias = backups?.Identity.Alias ?? "b";
            var sql = new SqlBuilder();
            var visible = backups is null
                ? caller.IsSuperuser ? "TRUE" : "FALSE"
                : caller.Restriction(backups.Filters, BackupObjectType, Caller.View, sql) ?? "TRUE";
            var selected = selection.Length == 0 ? "TRUE" : $"{alias}.vmid = ANY({sql.Add(selection)})";
            var rows = await conn.QueryAsync<RetentionRow>(new CommandDefinition(
                $"""
                SELECT {alias}.id, {alias}.vmid, {alias}.virtual_machine_id, rv.name AS vm_name, {alias}.creation_time, {alias}.volume_id,
                       COALESCE(({visible}), false) AS visible
                FROM {BackupTable} {alias}
                JOIN virtualization_virtualmachine rv ON rv.id = {alias}.virtual_machine_id
                WHERE {alias}.proxmox_storage_id = {sql.Add(storageId)} AND {alias}.creation_time IS NOT NULL AND {selected}
                """, sql.Parameters, cancellationToken: ct));
            return rows.ToList();
        }

        /// <summary>
        /// One simulation per guest: Proxmox prunes each guest's backups as a group, identified by its VMID (a backup
        /// without one can only be told apart by the virtual machine it belongs to).
        /// </summary>
        private List<RetentionGroup> Simulate(List<RetentionRow> rows, RetentionOptions options, ApiUrls urls)
        {
            var prune = options.ToPrune();
            var groups = new List<RetentionGroup>();
            foreach (var group in rows.GroupBy(r => r.Vmid is int vmid ? (Vmid: (int?)vmid, Vm: 0L) : (Vmid: null, Vm: r.VirtualMachineId))
                         .OrderBy(g => g.Key.Vmid is null).ThenBy(g => g.Key.Vmid).ThenBy(g => g.First().VmName, StringComparer.Ordinal).ThenBy(g => g.Key.Vm))
            {
                var byId = group.ToDictionary(r => r.Id);
                var decisions = PruneSimulator.Simulate(group.Select(r => new PruneCandidate(r.Id, DateTime.SpecifyKind(r.CreationTime, DateTimeKind.Utc))), prune, schedules.Zone);
                var keep = new List<RetentionBackup>();
                var remove = new List<RetentionBackup>();
                foreach (var decision in decisions)
                {
                    var row = byId[decision.Id];
                    if (row.Visible)
                    {
                        (decision.Keep ? keep : remove).Add(new RetentionBackup(row.Id, urls.Object(BackupsPath, row.Id), Display(row),
                            decision.CreatedUtc, row.VolumeId, decision.Rule));
                    }
                }

                if (keep.Count + remove.Count == 0)
                {
                    continue;
                }

                // The newest backup names the guest: a VMID reused on a shared storage belongs to its latest owner.
                var newest = byId[decisions[0].Id];
                groups.Add(new RetentionGroup(group.Key.Vmid, NestedVirtualMachine.Of(newest.VirtualMachineId, newest.VmName, urls), keep, remove));
            }

            return groups;
        }

        /// <summary>A backup as it reads everywhere (the backups resource's own display).</summary>
        private static string Display(RetentionRow row) => VmBackupResource.Display(row.Vmid, row.VmName, row.CreationTime);

        /// <summary>The stored selection's VMIDs (writes accept only non-negative integers).</summary>
        private static int[] Vmids(string selection)
        {
            using var document = JsonDocument.Parse(selection);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _)).Select(v => v.GetInt32()).Distinct().ToArray()
                : [];
        }
    }
}
