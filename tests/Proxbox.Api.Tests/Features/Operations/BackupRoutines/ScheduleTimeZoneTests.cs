using static Proxbox.Api.Tests.Features.Operations.BackupRoutines.ScheduleOracle;

namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

/// <summary>A service whose operator runs Proxmox on Berlin time.</summary>
public sealed class BerlinScheduleFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Proxbox:ScheduleTimeZone"] = "Europe/Berlin",
    };
}

/// <summary>Schedules read in <c>Proxbox:ScheduleTimeZone</c>: wall-clock times are Berlin's, answers are UTC.</summary>
public sealed class ScheduleTimeZoneTests(BerlinScheduleFactory api) : IClassFixture<BerlinScheduleFactory>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly HttpClient _client = api.CreateClient();
    private readonly Lab _lab = new(api.CreateClient());

    [Fact]
    public async Task Fixed_dates_are_berlin_wall_clock_times_in_winter_and_summer_unless_the_schedule_says_utc()
    {
        var endpoint = await _lab.EndpointIdAsync();

        var winter = await _lab.RoutineAsync(new { endpoint, job_id = "winter", schedule = "2030-12-24 18:00" });
        var summer = await _lab.RoutineAsync(new { endpoint, job_id = "summer", schedule = "2030-07-01 18:00" });
        var utc = await _lab.RoutineAsync(new { endpoint, job_id = "utc", schedule = "2030-12-24 18:00 UTC" });

        winter["next_run"]!.GetValue<string>().ShouldBe("2030-12-24T17:00:00Z", "CET is UTC+1");
        summer["next_run"]!.GetValue<string>().ShouldBe("2030-07-01T16:00:00Z", "CEST is UTC+2");
        utc["next_run"]!.GetValue<string>().ShouldBe("2030-12-24T18:00:00Z");
    }

    [Theory]
    [InlineData("0 12 * * *")]
    [InlineData("daily")]
    [InlineData("mon..fri 22:30")]
    public async Task Repeating_schedules_run_next_at_berlins_wall_clock_time(string schedule)
    {
        Func<DateTime, bool> meaning = schedule switch
        {
            "0 12 * * *" => t => At(t, 12, 0),
            "daily" => t => At(t, 0, 0),
            _ => t => Weekday(t) && At(t, 22, 30),
        };
        var endpoint = await _lab.EndpointIdAsync();

        var before = DateTime.UtcNow;
        var created = await _lab.RoutineAsync(new { endpoint, job_id = "berlin", schedule });
        var (_, listed) = await _client.GetJsonAsync($"{Lab.Routines}?endpoint={endpoint}");
        var after = DateTime.UtcNow;

        var expected = Candidates(before, after, Berlin, meaning);
        expected.ShouldContain(created["next_run"]!.GetValue<string>());
        expected.ShouldContain(listed!["results"]![0]!["next_run"]!.GetValue<string>());
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.Parse(created["next_run"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.AdjustToUniversal), Berlin);
        meaning(local).ShouldBeTrue($"{local:O} is a Berlin time the schedule names");
    }

    [Fact]
    public async Task A_retention_preview_counts_days_in_berlin()
    {
        // 22:30 and 23:30 UTC on 10 January are 23:30 on the 10th and 00:30 on the 11th in Berlin: two days, both kept.
        var storage = await _lab.StorageAsync();
        var vm = await _lab.VmAsync();
        await RetentionTests.BackupsAsync(api, storage, vm, 100, [new DateTime(2026, 1, 10, 22, 30, 0), new DateTime(2026, 1, 10, 23, 30, 0)]);
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "days", storage, keep_daily = 2 });

        var (response, preview) = await _client.GetJsonAsync(routine["url"]!.GetValue<string>() + "retention/");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, preview?.ToJsonString());
        preview!["time_zone"]!.GetValue<string>().ShouldBe("Europe/Berlin");
        var group = preview["groups"]![0]!;
        group["keep"]!.AsArray().Select(b => b!["creation_time"]!.GetValue<string>()).ShouldBe(["2026-01-10T23:30:00Z", "2026-01-10T22:30:00Z"]);
        group["keep"]!.AsArray().Select(b => b!["rule"]!.GetValue<string>()).ShouldBe(["keep-daily", "keep-daily"]);
        group["remove"]!.AsArray().ShouldBeEmpty();
    }
}
