using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Proxbox.Api.Features.Operations.BackupRoutines;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;
using static Proxbox.Api.Tests.Features.Operations.BackupRoutines.ScheduleOracle;

namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

/// <summary>
/// <c>next_run</c> as operators read it: the next occurrence of the routine's schedule after the request, in the
/// configured zone (UTC here), or the stored value when the schedule is not one the service reads.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NextRunTests(ApiFactory api)
{
    private const string Routines = Lab.Routines;
    private readonly HttpClient _client = api.CreateClient();
    private readonly Lab _lab = new(api.CreateClient());

    /// <summary>The docs' schedules and the Proxmox forms around them, each with what it means on the wall clock.</summary>
    private static readonly Dictionary<string, Func<DateTime, bool>> Meanings = new()
    {
        ["0 2 * * *"] = t => At(t, 2, 0), // the docs' sample: five-field cron
        ["daily"] = t => At(t, 0, 0),
        ["hourly"] = t => t.Minute == 0,
        ["weekly"] = t => t.DayOfWeek == DayOfWeek.Monday && At(t, 0, 0),
        ["monthly"] = t => t.Day == 1 && At(t, 0, 0),
        ["mon..fri 22:30"] = t => Weekday(t) && At(t, 22, 30),
        ["mon,wed,fri 2:00"] = t => t.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Wednesday or DayOfWeek.Friday && At(t, 2, 0),
        ["sat 03:00"] = t => t.DayOfWeek == DayOfWeek.Saturday && At(t, 3, 0),
        ["*/15"] = t => t.Minute % 15 == 0, // Proxmox: a lone value is the minute
        ["02,22:30"] = t => t.Hour is 2 or 22 && t.Minute == 30,
        ["*-*-01 00:00"] = t => t.Day == 1 && At(t, 0, 0),
        ["*/5 * * * *"] = t => t.Minute % 5 == 0,
    };

    public static TheoryData<string> Schedules() => [.. Meanings.Keys];

    [Theory]
    [MemberData(nameof(Schedules))]
    public async Task A_routine_created_with_a_schedule_reads_back_its_next_run_after_the_request(string schedule)
    {
        var endpoint = await _lab.EndpointIdAsync();

        var before = DateTime.UtcNow;
        var created = await _lab.RoutineAsync(new { endpoint, job_id = "next", schedule, next_run = "2001-01-01T00:00:00Z" });
        var (_, fetched) = await _client.GetJsonAsync(created["url"]!.GetValue<string>());
        var (_, listed) = await _client.GetJsonAsync($"{Routines}?endpoint={endpoint}");
        var after = DateTime.UtcNow;

        var expected = Candidates(before, after, TimeZoneInfo.Utc, Meanings[schedule]);
        expected.ShouldContain(created["next_run"]!.GetValue<string>(), $"{schedule}: created");
        expected.ShouldContain(fetched!["next_run"]!.GetValue<string>(), $"{schedule}: detail");
        expected.ShouldContain(listed!["results"]![0]!["next_run"]!.GetValue<string>(), $"{schedule}: list");
        created["display"]!.GetValue<string>().ShouldBe($"next ({schedule})");
        (await api.ScalarAsync<DateTime>("SELECT next_run FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = created["id"]!.GetValue<long>() }))
            .ShouldBe(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), "the stored value stays what the client sent");
    }

    [Fact]
    public async Task A_fixed_future_date_runs_then_and_a_past_date_never_runs_again()
    {
        var endpoint = await _lab.EndpointIdAsync();

        var future = await _lab.RoutineAsync(new { endpoint, job_id = "future", schedule = "2030-12-24 18:00" });
        var withSeconds = await _lab.RoutineAsync(new { endpoint, job_id = "seconds", schedule = "2030-02-28 23:59:30" });
        var leap = await _lab.RoutineAsync(new { endpoint, job_id = "leap", schedule = "*-02-29 12:00" });
        var past = await _lab.RoutineAsync(new { endpoint, job_id = "past", schedule = "2020-01-01 00:00", next_run = "2019-12-31T00:00:00Z" });

        future["next_run"]!.GetValue<string>().ShouldBe("2030-12-24T18:00:00Z");
        withSeconds["next_run"]!.GetValue<string>().ShouldBe("2030-02-28T23:59:30Z");
        var leapDay = Enumerable.Range(DateTime.UtcNow.Year, 9).First(y => DateTime.IsLeapYear(y) && new DateTime(y, 2, 29, 12, 0, 0, DateTimeKind.Utc) > DateTime.UtcNow);
        leap["next_run"]!.GetValue<string>().ShouldBe($"{leapDay}-02-29T12:00:00Z");
        past["next_run"].ShouldBeNull("a schedule that has run for the last time has no next run, whatever was stored");
    }

    [Fact]
    public async Task A_schedule_the_service_cannot_read_or_an_empty_one_shows_the_stored_next_run()
    {
        var endpoint = await _lab.EndpointIdAsync();

        var unreadable = await _lab.RoutineAsync(new { endpoint, job_id = "moon", schedule = "every full moon", next_run = "2031-05-06T07:08:09Z" });
        var empty = await _lab.RoutineAsync(new { endpoint, job_id = "empty", next_run = "2031-05-06T07:08:09.123456Z" });
        var nothing = await _lab.RoutineAsync(new { endpoint, job_id = "nothing", schedule = "mon..funday" });
        // The plugin's model docs give this as an example, but Proxmox takes a shortcut such as "daily" only on its own.
        var shortcut = await _lab.RoutineAsync(new { endpoint, job_id = "shortcut", schedule = "daily 04:00", next_run = "2031-05-06T04:00:00Z" });
        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, unreadable["url"]!.GetValue<string>(), new { next_run = "2032-01-01T00:00:00+02:00" });

        unreadable["next_run"]!.GetValue<string>().ShouldBe("2031-05-06T07:08:09Z");
        unreadable["display"]!.GetValue<string>().ShouldBe("moon (every full moon)");
        empty["next_run"]!.GetValue<string>().ShouldBe("2031-05-06T07:08:09.123456Z");
        nothing["next_run"].ShouldBeNull();
        shortcut["next_run"]!.GetValue<string>().ShouldBe("2031-05-06T04:00:00Z");
        patched!["next_run"]!.GetValue<string>().ShouldBe("2031-12-31T22:00:00Z");
    }

    [Fact]
    public async Task Next_run_filters_and_orders_by_the_stored_value()
    {
        var endpoint = await _lab.EndpointIdAsync();
        // Read back as tomorrow's midnight, stored far ahead; the other is stored in the past and shows that.
        await _lab.RoutineAsync(new { endpoint, job_id = "computed", schedule = "daily", next_run = "2040-01-01T00:00:00Z" });
        await _lab.RoutineAsync(new { endpoint, job_id = "stored", schedule = "whenever", next_run = "2020-01-01T00:00:00Z" });
        await _lab.RoutineAsync(new { endpoint, job_id = "unknown", schedule = "whenever" });

        async Task<string[]> Jobs(string query) =>
            (await _client.GetJsonAsync($"{Routines}?endpoint={endpoint}&{query}")).Body!["results"]!.AsArray().Select(r => r!["job_id"]!.GetValue<string>()).ToArray();

        (await Jobs("next_run__gte=2030-01-01")).ShouldBe(["computed"]);
        (await Jobs("next_run__lt=2030-01-01T00:00:00Z")).ShouldBe(["stored"]);
        (await Jobs("next_run=2020-01-01T00:00:00Z")).ShouldBe(["stored"]);
        (await Jobs("next_run__empty=true")).ShouldBe(["unknown"]);
        (await Jobs("ordering=next_run")).ShouldBe(["stored", "computed", "unknown"]);
        (await Jobs("ordering=-next_run")).ShouldBe(["unknown", "computed", "stored"]);
    }

    [Fact]
    public async Task A_thousand_routines_sharing_three_schedules_list_correctly_and_each_schedule_is_worked_out_once_per_read()
    {
        var endpoint = await _lab.EndpointIdAsync();
        string[] schedules = ["*/15", "mon..fri 22:30", "0 2 * * *"];
        var (created, createdBody) = await _client.PostJsonAsync(Routines,
            Enumerable.Range(0, 1000).Select(i => new { endpoint, job_id = $"job-{i:D4}", schedule = schedules[i % 3] }).ToArray());
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var before = DateTime.UtcNow;
        var (listed, page) = await _client.GetJsonAsync($"{Routines}?endpoint={endpoint}&limit=1000");
        var after = DateTime.UtcNow;

        listed.StatusCode.ShouldBe(HttpStatusCode.OK);
        page!["count"]!.GetValue<long>().ShouldBe(1000);
        var results = page["results"]!.AsArray();
        results.Count.ShouldBe(1000);
        var expected = schedules.ToDictionary(s => s, s => Candidates(before, after, TimeZoneInfo.Utc, Meanings[s]));
        foreach (var routine in results)
        {
            var schedule = routine!["schedule"]!.GetValue<string>();
            expected[schedule].ShouldContain(routine["next_run"]!.GetValue<string>(), routine["job_id"]!.GetValue<string>());
        }

        results.GroupBy(r => r!["schedule"]!.GetValue<string>())
            .ShouldAllBe(g => g.Select(r => r!["next_run"]!.GetValue<string>()).Distinct().Count() == 1, "rows sharing a schedule share one answer");

        // The same read as the list makes, watched from inside: its memo holds one answer per distinct schedule.
        var ids = createdBody!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToArray();
        var read = new ReadContext(new ApiUrls("http://localhost", Routines), api.Services.GetRequiredService<ScheduleCalendar>());
        await using var conn = api.OpenDatabase();
        var objects = await ResourceReader.ReadAsync(api.Services.GetRequiredService<BackupRoutineResource>(), conn, null, ids, read, ordered: true, CancellationToken.None);
        objects.Count.ShouldBe(1000);
        read.Memo.Count.ShouldBe(3);
        objects.Cast<BackupRoutineResponse>().GroupBy(o => o.Schedule).ShouldAllBe(g => g.Select(o => o.NextRun).Distinct().Count() == 1);
    }
}
