using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;

namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

/// <summary>
/// <c>backup-routines/{id}/retention/</c>: what a Proxmox prune with the routine's keep-* options would do to the
/// backups on its storage, one group per guest. Backups are stored with SQL, as the sync would have left them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RetentionTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly Lab _lab = new(api.CreateClient());

    private static string Retention(JsonNode routine) => routine["url"]!.GetValue<string>() + "retention/";

    private static string Utc(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<DateTime> Nightly(DateTime first, DateTime last)
    {
        for (var t = first; t <= last; t = t.AddDays(1))
        {
            yield return t;
        }
    }

    /// <summary>Stores backups of <paramref name="vm"/> on <paramref name="storage"/> at the given times; answers their ids by time.</summary>
    public static async Task<Dictionary<string, long>> BackupsAsync(ApiFactory api, long? storage, long vm, int? vmid, IEnumerable<DateTime?> times)
    {
        var list = times.Select(t => t is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : (DateTime?)null).ToArray();
        await using var conn = api.OpenDatabase();
        var rows = await conn.QueryAsync<(long Id, DateTime? CreationTime)>(
            """
            INSERT INTO netbox_proxbox_vmbackup (proxmox_storage_id, virtual_machine_id, storage, subtype, format, creation_time, volume_id, vmid)
            SELECT @storage, @vm, 'pbs-main', 'qemu', 'pbs-vm', t.at,
                   'pbs-main:backup/vm/' || coalesce(@vmid::text, 'none') || '/' || coalesce(to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'undated-' || t.n), @vmid
            FROM unnest(@times::timestamptz[]) WITH ORDINALITY AS t(at, n)
            RETURNING id, creation_time
            """, new { storage, vm, vmid, times = list });
        return rows.Where(r => r.CreationTime is not null).ToDictionary(r => Utc(DateTime.SpecifyKind(r.CreationTime!.Value, DateTimeKind.Utc)), r => r.Id);
    }

    private async Task<JsonNode> PreviewAsync(JsonNode routine)
    {
        var (response, body) = await _client.GetJsonAsync(Retention(routine));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static string[] Times(JsonNode list) => list.AsArray().Select(b => b!["creation_time"]!.GetValue<string>()).ToArray();

    private static string?[] Rules(JsonNode list) => list.AsArray().Select(b => b!["rule"]?.GetValue<string>()).ToArray();

    [Fact]
    public async Task The_proxmox_backup_server_prune_test_keeps_the_newest_daily_weekly_and_monthly_backup()
    {
        // Proxmox Backup Server's own prune test (tests/prune.rs, "simple2", keep-daily 1, keep-weekly 1, keep-monthly 1).
        var storage = await _lab.StorageAsync();
        var vmName = Http.Unique("web");
        var vm = await _lab.VmAsync(vmName);
        string[] times =
        [
            "2018-11-15T11:59:15Z", "2019-11-15T11:59:15Z", "2019-11-21T11:59:15Z", "2019-11-22T11:59:15Z", "2019-11-29T11:59:15Z",
            "2019-12-01T11:59:15Z", "2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z",
        ];
        var ids = await BackupsAsync(api, storage, vm, 100, times.Select(t => (DateTime?)DateTime.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "simple2", schedule = "daily", storage, keep_daily = 1, keep_weekly = 1, keep_monthly = 1 });

        var preview = await PreviewAsync(routine);

        preview.AsObject().Select(p => p.Key).ShouldBe(["routine", "storage", "time_zone", "options", "selection", "totals", "groups"]);
        preview["routine"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = routine["id"]!.GetValue<long>(), ["url"] = routine["url"]!.GetValue<string>(), ["display"] = "simple2 (daily)", ["job_id"] = "simple2", ["enabled"] = true,
        }.ToJsonString());
        preview["storage"]!["id"]!.GetValue<long>().ShouldBe(storage);
        preview["time_zone"]!.GetValue<string>().ShouldBe("UTC");
        preview["options"]!.ToJsonString().ShouldBe("""{"keep_last":null,"keep_daily":1,"keep_weekly":1,"keep_monthly":1,"keep_yearly":null,"keep_all":false}""");
        preview["totals"]!.ToJsonString().ShouldBe("""{"keep":3,"remove":6}""");
        var group = preview["groups"]!.AsArray().Single()!;
        group["vmid"]!.GetValue<int>().ShouldBe(100);
        group["virtual_machine"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = vm, ["url"] = $"http://localhost/api/virtualization/virtual-machines/{vm}/", ["display"] = vmName, ["name"] = vmName,
        }.ToJsonString());
        Times(group["keep"]!).ShouldBe(["2019-12-04T11:59:15Z", "2019-12-01T11:59:15Z", "2019-11-22T11:59:15Z"]);
        Rules(group["keep"]!).ShouldBe(["keep-daily", "keep-weekly", "keep-monthly"]);
        Times(group["remove"]!).ShouldBe(["2019-12-03T11:59:15Z", "2019-12-02T11:59:15Z", "2019-11-29T11:59:15Z", "2019-11-21T11:59:15Z", "2019-11-15T11:59:15Z", "2018-11-15T11:59:15Z"]);
        Rules(group["remove"]!).ShouldAllBe(rule => rule == null);
        var newest = group["keep"]![0]!;
        newest.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = ids["2019-12-04T11:59:15Z"], ["url"] = $"http://localhost/api/plugins/proxbox/backups/{ids["2019-12-04T11:59:15Z"]}/", ["display"] = "vm-100 backup (2019-12-04)",
            ["creation_time"] = "2019-12-04T11:59:15Z", ["volume_id"] = "pbs-main:backup/vm/100/2019-12-04T11:59:15Z", ["rule"] = "keep-daily",
        }.ToJsonString());
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE virtual_machine_id = @vm", new { vm })).ShouldBe(9, "a preview prunes nothing");
    }

    [Fact]
    public async Task A_week_that_began_in_the_month_before_is_not_looked_at_again_by_keep_monthly()
    {
        // The pruning documentation's example: keep-weekly 1 keeps Sunday 5 May (ISO week 18 runs 29 April to 5 May)
        // and removes the rest of that week, April's last days included; keep-monthly 2 then finds April's newest
        // undecided backup on 28 April.
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await BackupsAsync(api, storage, vm, 100, Nightly(new DateTime(2024, 4, 22, 2, 0, 0), new DateTime(2024, 5, 5, 2, 0, 0)).Cast<DateTime?>());
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "weeks", storage, keep_weekly = 1, keep_monthly = 2 });

        var group = (await PreviewAsync(routine))["groups"]![0]!;

        Times(group["keep"]!).ShouldBe(["2024-05-05T02:00:00Z", "2024-04-28T02:00:00Z"]);
        Rules(group["keep"]!).ShouldBe(["keep-weekly", "keep-monthly"]);
        group["remove"]!.AsArray().Count.ShouldBe(12);
        Times(group["remove"]!).ShouldContain("2024-04-30T02:00:00Z");
    }

    [Fact]
    public async Task The_documented_ten_year_policy_keeps_forty_four_nightly_backups_by_their_rules()
    {
        // The pruning documentation's long-term example: keep-last 3, keep-daily 13, keep-weekly 8, keep-monthly 11,
        // keep-yearly 9 over nightly backups from 2014 to 2024.
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await BackupsAsync(api, storage, vm, 200, Nightly(new DateTime(2014, 1, 1, 2, 0, 0), new DateTime(2024, 12, 31, 2, 0, 0)).Cast<DateTime?>());
        var routine = await _lab.RoutineAsync(new
        {
            endpoint = await _lab.EndpointIdAsync(), job_id = "ten-years", storage, keep_last = 3, keep_daily = 13, keep_weekly = 8, keep_monthly = 11, keep_yearly = 9,
        });

        var preview = await PreviewAsync(routine);

        var group = preview["groups"]![0]!;
        preview["totals"]!.ToJsonString().ShouldBe("""{"keep":44,"remove":3974}""");
        Rules(group["keep"]!).GroupBy(r => r!).Select(g => $"{g.Key}={g.Count()}")
            .ShouldBe(["keep-last=3", "keep-daily=13", "keep-weekly=8", "keep-monthly=11", "keep-yearly=9"]);
        Times(group["keep"]!)[0].ShouldBe("2024-12-31T02:00:00Z");
        Times(group["keep"]!)[^1].ShouldBe("2014-12-31T02:00:00Z");
        group["keep"]!.AsArray().Single(b => b!["creation_time"]!.GetValue<string>() == "2022-12-31T02:00:00Z")!["rule"]!.GetValue<string>().ShouldBe("keep-yearly");
    }

    [Fact]
    public async Task Each_selected_guest_is_its_own_group_and_other_storages_undated_and_unselected_backups_stay_out()
    {
        var storage = await _lab.StorageAsync();
        var elsewhere = await _lab.StorageAsync();
        var web = await _lab.VmAsync();
        var db = await _lab.VmAsync();
        var legacyName = Http.Unique("legacy");
        var legacy = await _lab.VmAsync(legacyName);
        var day = new DateTime(2026, 3, 1, 1, 0, 0);
        var web100 = await BackupsAsync(api, storage, web, 100, [day, day.AddDays(1), day.AddDays(2), null]);
        var db101 = await BackupsAsync(api, storage, db, 101, [day, day.AddDays(1)]);
        var unnumbered = await BackupsAsync(api, storage, legacy, null, [day]);
        await BackupsAsync(api, elsewhere, web, 100, [day.AddDays(3)]);
        var endpoint = await _lab.EndpointIdAsync();
        var selected = await _lab.RoutineAsync(new { endpoint, job_id = "only-100", storage, selection = new[] { 100, 999 }, keep_last = 1 });
        var everything = await _lab.RoutineAsync(new { endpoint, job_id = "all", storage, keep_last = 1 });

        var one = await PreviewAsync(selected);
        var all = await PreviewAsync(everything);

        one["selection"]!.ToJsonString().ShouldBe("[100,999]");
        one["groups"]!.AsArray().Select(g => g!["vmid"]!.GetValue<int>()).ShouldBe([100]);
        Times(one["groups"]![0]!["keep"]!).ShouldBe(["2026-03-03T01:00:00Z"]);
        Times(one["groups"]![0]!["remove"]!).ShouldBe(["2026-03-02T01:00:00Z", "2026-03-01T01:00:00Z"], "the undated backup and the other storage's are not the storage's prune group");
        all["selection"]!.ToJsonString().ShouldBe("[]");
        all["groups"]!.AsArray().Select(g => g!["vmid"]?.GetValue<int>()).ShouldBe([100, 101, null]);
        all["groups"]!.AsArray().Select(g => g!["virtual_machine"]!["id"]!.GetValue<long>()).ShouldBe([web, db, legacy]);
        all["groups"]![1]!["keep"]![0]!["id"]!.GetValue<long>().ShouldBe(db101["2026-03-02T01:00:00Z"]);
        all["groups"]![2]!["keep"]![0]!["display"]!.GetValue<string>().ShouldBe($"{legacyName} backup (2026-03-01)");
        all["groups"]![2]!["keep"]![0]!["id"]!.GetValue<long>().ShouldBe(unnumbered["2026-03-01T01:00:00Z"]);
        all["totals"]!.ToJsonString().ShouldBe("""{"keep":3,"remove":3}""");
        web100.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Without_keep_options_or_with_keep_all_or_only_zero_counts_every_backup_is_kept_by_keep_all()
    {
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await BackupsAsync(api, storage, vm, 300, Nightly(new DateTime(2026, 1, 1, 3, 0, 0), new DateTime(2026, 1, 5, 3, 0, 0)).Cast<DateTime?>());
        var endpoint = await _lab.EndpointIdAsync();
        var none = await _lab.RoutineAsync(new { endpoint, job_id = "none", storage });
        var all = await _lab.RoutineAsync(new { endpoint, job_id = "keep-all", storage, keep_all = true, keep_last = 1 });
        var zeros = await _lab.RoutineAsync(new { endpoint, job_id = "zeros", storage, keep_last = 0, keep_daily = 0 });

        foreach (var routine in new[] { none, all, zeros })
        {
            var preview = await PreviewAsync(routine);
            var group = preview["groups"]![0]!;
            Rules(group["keep"]!).ShouldBe(Enumerable.Repeat<string?>("keep-all", 5).ToArray(), routine["job_id"]!.GetValue<string>());
            Times(group["keep"]!)[0].ShouldBe("2026-01-05T03:00:00Z");
            group["remove"]!.AsArray().ShouldBeEmpty();
        }

        (await PreviewAsync(none))["options"]!.ToJsonString().ShouldBe("""{"keep_last":null,"keep_daily":null,"keep_weekly":null,"keep_monthly":null,"keep_yearly":null,"keep_all":false}""");
        (await PreviewAsync(all))["options"]!["keep_all"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Days_are_utc_days_when_the_service_runs_on_utc()
    {
        // 22:30 and 23:30 UTC on 10 January share a UTC day (in Berlin they would not: see the Berlin tests).
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await BackupsAsync(api, storage, vm, 100, [new DateTime(2026, 1, 10, 22, 30, 0), new DateTime(2026, 1, 10, 23, 30, 0)]);
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "days", storage, keep_daily = 2 });

        var group = (await PreviewAsync(routine))["groups"]![0]!;

        Times(group["keep"]!).ShouldBe(["2026-01-10T23:30:00Z"]);
        Times(group["remove"]!).ShouldBe(["2026-01-10T22:30:00Z"]);
    }

    [Fact]
    public async Task An_empty_storage_answers_no_groups()
    {
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "empty", storage = await _lab.StorageAsync(), keep_last = 2 });

        var preview = await PreviewAsync(routine);

        preview["groups"]!.AsArray().ShouldBeEmpty();
        preview["totals"]!.ToJsonString().ShouldBe("""{"keep":0,"remove":0}""");
    }

    [Fact]
    public async Task Unknown_routines_routines_without_storage_and_other_methods_are_answered_like_netbox()
    {
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "nowhere", schedule = "daily", keep_last = 1 });

        var (missing, missingBody) = await _client.GetJsonAsync($"{Lab.Routines}987654321/retention/");
        var (word, wordBody) = await _client.GetJsonAsync($"{Lab.Routines}abc/retention/");
        var (noStorage, noStorageBody) = await _client.GetJsonAsync(Retention(routine));
        var (post, postBody) = await _client.PostJsonAsync(Retention(routine), new { });
        var (head, _) = await _client.SendAsync(HttpMethod.Head, Retention(routine));
        var (unslashed, _) = await _client.GetJsonAsync(Retention(routine).TrimEnd('/'));

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missingBody!.ToJsonString().ShouldBe("""{"detail":"No BackupRoutine matches the given query."}""");
        word.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        wordBody!.ToJsonString().ShouldBe("""{"detail":"Not found."}""");
        noStorage.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        noStorageBody!["detail"]!.GetValue<string>().ShouldBe("Backup routine nowhere (daily) has no storage, so there are no backups to prune.");
        post.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        postBody!.ToJsonString().ShouldBe("""{"detail":"Method \u0022POST\u0022 not allowed."}""");
        post.Content.Headers.Allow.ShouldBe(["GET", "HEAD"]);
        head.StatusCode.ShouldBe(HttpStatusCode.NotFound, "HEAD answers as GET does");
        unslashed.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_caller_must_be_able_to_view_the_routine_and_backups()
    {
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await BackupsAsync(api, storage, vm, 100, [new DateTime(2026, 2, 1)]);
        var endpoint = await _lab.EndpointIdAsync();
        var visible = await _lab.RoutineAsync(new { endpoint, job_id = "seen", storage });
        var hidden = await _lab.RoutineAsync(new { endpoint, job_id = "unseen", storage, enabled = false });
        var routinesOnly = await Permissions.ClientAsync(api, _client, ["netbox_proxbox.backuproutine"], ["view"], new { enabled = true });
        var vmsOnly = await Permissions.ClientAsync(api, _client, ["virtualization.virtualmachine"], ["view"], null);

        (await routinesOnly.GetJsonAsync(Retention(hidden))).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a routine out of view is absent");
        var (noBackups, noBackupsBody) = await routinesOnly.GetJsonAsync(Retention(visible));
        noBackups.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the answer lists backups");
        noBackupsBody!.ToJsonString().ShouldBe("""{"detail":"You do not have permission to perform this action."}""");
        (await vmsOnly.GetJsonAsync(Retention(visible))).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "no right to view routines at all");
    }

    [Fact]
    public async Task The_retention_answer_shape_is_pinned()
    {
        var cluster = await _lab.ClusterAsync("Pinned retention cluster");
        var storage = await _lab.StorageAsync(cluster, "pinned-retention-storage");
        var vm = await _lab.VmAsync("pinned-retention-vm");
        await BackupsAsync(api, storage, vm, 100, [new DateTime(2026, 3, 30, 2, 0, 0), new DateTime(2026, 3, 31, 2, 0, 0), new DateTime(2026, 4, 1, 2, 0, 0)]);
        var routine = await _lab.RoutineAsync(new
        {
            endpoint = await _lab.EndpointIdAsync(), job_id = "job-1", schedule = "0 2 * * *", storage, selection = new[] { 100 }, keep_last = 1, keep_monthly = 1,
        });

        var preview = await PreviewAsync(routine);

        Approvals.Normalize(preview).ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
