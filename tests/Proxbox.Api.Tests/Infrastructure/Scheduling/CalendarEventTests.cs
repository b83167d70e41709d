using System.Globalization;
using Proxbox.Api.Infrastructure.Scheduling;

namespace Proxbox.Api.Tests.Infrastructure.Scheduling;

/// <summary>
/// The schedule engine against known answers. Where systemd understands the expression the expected value is what
/// <c>TZ=zone systemd-analyze calendar --iterations=2 --base-time='reference UTC' 'expression'</c> printed on
/// Debian 12 (systemd 252). Proxmox-only forms (a lone value without a colon is a minute) follow the rule and the
/// examples of the Proxmox VE schedule format documentation; cron lines follow cron's field and day rules.
/// Three daylight-saving rows deliberately differ from systemd and say so: a skipped wall time runs when the clock
/// resumes (systemd skips the whole day), and a repeated wall time runs only on its first pass even when asked
/// from inside the second pass (systemd then fires again).
/// </summary>
public sealed class CalendarEventTests
{
    // The search skips whole months and days it cannot use, so even a schedule that never fires costs only a few
    // steps per month from now to the last year the grammar allows; far below the engine's hard limit.
    private const int FewStepsPerMonthUntilTheLastYear = 5_000;

    [Theory]
    // Month ends, leap days, fixed dates.
    [InlineData("*-*-01 00:00", "2026-01-31 12:00:00", "UTC", "2026-02-01 00:00:00")] // systemd-analyze
    [InlineData("*-*-01 00:00", "2026-12-31 23:59:59", "UTC", "2027-01-01 00:00:00")] // systemd-analyze
    [InlineData("*-*-31 12:00", "2026-04-30 00:00:00", "UTC", "2026-05-31 12:00:00")] // systemd-analyze
    [InlineData("*-02-29", "2026-03-01 00:00:00", "UTC", "2028-02-29 00:00:00")] // systemd-analyze
    [InlineData("*-02-29 12:00", "2028-02-29 12:00:00", "UTC", "2032-02-29 12:00:00")] // systemd-analyze
    [InlineData("mon *-02-29", "2026-01-15 12:00:00", "UTC", "2044-02-29 00:00:00")] // systemd-analyze
    [InlineData("2026-12-24 18:00", "2026-01-15 12:00:00", "UTC", "2026-12-24 18:00:00")] // systemd-analyze
    [InlineData("2026-12-24 18:00", "2026-12-24 18:00:00", "UTC", null)] // systemd-analyze ("never")
    [InlineData("2025-01-01", "2026-01-15 12:00:00", "UTC", null)] // systemd-analyze ("never")
    [InlineData("2199-02-30", "2026-01-15 12:00:00", "UTC", null)] // systemd-analyze ("never")
    [InlineData("*-02-31", "2026-01-15 12:00:00", "UTC", null)] // systemd-analyze ("never")
    [InlineData("2199-12-31 23:59:59", "2026-01-15 12:00:00", "UTC", "2199-12-31 23:59:59")] // systemd-analyze
    [InlineData("12-24", "2026-01-15 12:00:00", "UTC", "2026-12-24 00:00:00")] // systemd-analyze
    [InlineData("*-12-24 18:00", "2026-12-24 18:00:00", "UTC", "2027-12-24 18:00:00")] // systemd-analyze
    [InlineData("*-05", "2026-01-15 12:00:00", "UTC", "2026-02-05 00:00:00")] // systemd-analyze
    [InlineData("Sat *-1..7 15:00", "2026-01-15 12:00:00", "UTC", "2026-02-07 15:00:00")] // systemd-analyze
    [InlineData("*-1..3-1", "2026-01-15 12:00:00", "UTC", "2026-02-01 00:00:00")] // systemd-analyze
    [InlineData("*-*-1/7", "2026-01-15 12:00:00", "UTC", "2026-01-22 00:00:00")] // systemd-analyze
    // Weekdays, with and without a time.
    [InlineData("mon..fri 22:30", "2026-01-15 12:00:00", "UTC", "2026-01-15 22:30:00")] // systemd-analyze
    [InlineData("mon..fri 22:30", "2026-01-16 23:00:00", "UTC", "2026-01-19 22:30:00")] // systemd-analyze
    [InlineData("MON..FRI 22:30", "2026-01-17 10:00:00", "UTC", "2026-01-19 22:30:00")] // systemd-analyze
    [InlineData("sat 03:00", "2026-01-15 12:00:00", "UTC", "2026-01-17 03:00:00")] // systemd-analyze
    [InlineData("sat 03:00", "2026-01-17 03:00:00", "UTC", "2026-01-24 03:00:00")] // systemd-analyze
    [InlineData("Saturday 03:00", "2026-01-17 02:59:59", "UTC", "2026-01-17 03:00:00")] // systemd-analyze
    [InlineData("mon,wed,fri", "2026-01-14 00:00:00", "UTC", "2026-01-16 00:00:00")] // systemd-analyze
    [InlineData("sat,sun 10:00", "2026-01-16 12:00:00", "UTC", "2026-01-17 10:00:00")] // systemd-analyze
    [InlineData("mon-fri", "2026-01-16 00:00:01", "UTC", "2026-01-19 00:00:00")] // systemd-analyze
    // Times: lists, ranges, repetitions, seconds.
    [InlineData("02,22:30", "2026-01-15 12:00:00", "UTC", "2026-01-15 22:30:00")] // systemd-analyze
    [InlineData("02,22:30", "2026-01-15 22:30:00", "UTC", "2026-01-16 02:30:00")] // systemd-analyze
    [InlineData("8:00/15", "2026-01-15 08:20:00", "UTC", "2026-01-15 08:30:00")] // systemd-analyze
    [InlineData("8:00/15", "2026-01-15 08:45:00", "UTC", "2026-01-16 08:00:00")] // systemd-analyze
    [InlineData("8..17/2:00", "2026-01-15 12:00:00", "UTC", "2026-01-15 14:00:00")] // systemd-analyze
    [InlineData("fri 12..13:5/20", "2026-01-16 12:50:00", "UTC", "2026-01-16 13:05:00")] // systemd-analyze
    [InlineData("12/2:5", "2026-01-15 22:05:00", "UTC", "2026-01-16 12:05:00")] // systemd-analyze
    [InlineData("mon..fri 8..17,22:0/15", "2026-01-16 17:50:00", "UTC", "2026-01-16 22:00:00")] // systemd-analyze
    [InlineData("*:*:30", "2026-01-15 12:00:30", "UTC", "2026-01-15 12:01:30")] // systemd-analyze
    [InlineData("*:0/15:1/20", "2026-01-15 12:00:41", "UTC", "2026-01-15 12:15:01")] // systemd-analyze
    [InlineData("12:00:45", "2026-01-15 12:00:44", "UTC", "2026-01-15 12:00:45")] // systemd-analyze
    // Shortcuts.
    [InlineData("minutely", "2026-01-15 12:00:30", "UTC", "2026-01-15 12:01:00")] // systemd-analyze
    [InlineData("hourly", "2026-01-15 12:00:00", "UTC", "2026-01-15 13:00:00")] // systemd-analyze
    [InlineData("daily", "2026-01-15 12:00:00", "UTC", "2026-01-16 00:00:00")] // systemd-analyze
    [InlineData("weekly", "2026-01-15 12:00:00", "UTC", "2026-01-19 00:00:00")] // systemd-analyze
    [InlineData("monthly", "2026-01-31 23:59:59", "UTC", "2026-02-01 00:00:00")] // systemd-analyze
    [InlineData("yearly", "2026-01-15 12:00:00", "UTC", "2027-01-01 00:00:00")] // systemd-analyze
    [InlineData("annually", "2026-12-31 23:59:59", "UTC", "2027-01-01 00:00:00")] // systemd-analyze
    [InlineData("quarterly", "2026-04-01 00:00:00", "UTC", "2026-07-01 00:00:00")] // systemd-analyze
    [InlineData("semiannually", "2026-01-15 12:00:00", "UTC", "2026-07-01 00:00:00")] // systemd-analyze
    [InlineData("semi-annually", "2026-07-01 00:00:00", "UTC", "2027-01-01 00:00:00")] // systemd-analyze
    // Time zones and daylight saving (Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST, 2026-10-25 03:00 CEST
    // -> 02:00 CET; America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT, 2026-11-01 02:00 EDT -> 01:00 EST).
    [InlineData("*-*-* 02:30 UTC", "2026-03-29 00:00:00", "Europe/Berlin", "2026-03-29 02:30:00")] // systemd-analyze
    [InlineData("*:0/30", "2026-03-29 00:30:00", "Europe/Berlin", "2026-03-29 01:00:00")] // systemd-analyze
    [InlineData("*-*-* 02:30", "2026-03-29 00:00:00", "Europe/Berlin", "2026-03-29 01:00:00")] // DST rule: 03:00 CEST, when the clock resumes (systemd-analyze skips the day: 2026-03-30 00:30:00)
    [InlineData("*-*-* 02:30", "2026-10-24 23:00:00", "Europe/Berlin", "2026-10-25 00:30:00")] // systemd-analyze
    [InlineData("*-*-* 02:30", "2026-10-25 00:30:00", "Europe/Berlin", "2026-10-26 01:30:00")] // systemd-analyze
    [InlineData("*:0/30", "2026-10-25 00:30:00", "Europe/Berlin", "2026-10-25 02:00:00")] // systemd-analyze
    [InlineData("*:0/30", "2026-10-25 01:10:00", "Europe/Berlin", "2026-10-25 02:00:00")] // DST rule: 02:30 CET is the second pass of 02:30, skipped (systemd-analyze, asked from inside the second pass, fires again: 2026-10-25 01:30:00)
    [InlineData("sat 03:00", "2026-03-27 00:00:00", "Europe/Berlin", "2026-03-28 02:00:00")] // systemd-analyze
    [InlineData("sat 03:00", "2026-03-28 02:00:00", "Europe/Berlin", "2026-04-04 01:00:00")] // systemd-analyze
    [InlineData("daily", "2026-03-28 23:00:00", "Europe/Berlin", "2026-03-29 22:00:00")] // systemd-analyze
    [InlineData("*-*-* 02:30", "2026-03-08 06:00:00", "America/New_York", "2026-03-08 07:00:00")] // DST rule: 03:00 EDT, when the clock resumes (systemd-analyze skips the day: 2026-03-09 06:30:00)
    [InlineData("*-*-* 01:30", "2026-11-01 04:00:00", "America/New_York", "2026-11-01 05:30:00")] // systemd-analyze
    [InlineData("*-*-* 01:30", "2026-11-01 05:30:00", "America/New_York", "2026-11-02 06:30:00")] // systemd-analyze
    [InlineData("hourly", "2026-11-01 05:30:00", "America/New_York", "2026-11-01 07:00:00")] // systemd-analyze
    [InlineData("hourly", "2026-03-08 06:30:00", "America/New_York", "2026-03-08 07:00:00")] // systemd-analyze
    [InlineData("mon..fri 22:30", "2026-01-16 12:00:00", "America/New_York", "2026-01-17 03:30:00")] // systemd-analyze
    // Proxmox-only: without a colon the value is the minute of every hour.
    [InlineData("*/15", "2026-01-15 12:07:00", "UTC", "2026-01-15 12:15:00")] // Proxmox docs rule
    [InlineData("*/5", "2026-01-15 12:58:30", "UTC", "2026-01-15 13:00:00")] // Proxmox docs rule (docs example: every five minutes)
    [InlineData("0/5", "2026-01-15 12:58:30", "UTC", "2026-01-15 13:00:00")] // Proxmox docs rule (docs: same as */5)
    [InlineData("0/2", "2026-01-15 12:03:00", "UTC", "2026-01-15 12:04:00")] // Proxmox docs rule
    [InlineData("5", "2026-01-15 12:05:00", "UTC", "2026-01-15 13:05:00")] // Proxmox docs rule
    [InlineData("*", "2026-01-15 12:00:00", "UTC", "2026-01-15 12:01:00")] // Proxmox docs rule (docs example: every minute)
    [InlineData("mon..wed 30/10", "2026-01-14 23:55:00", "UTC", "2026-01-19 00:30:00")] // Proxmox docs rule (docs example: Mon-Wed at :30, :40, :50)
    [InlineData("mon..fri 22", "2026-01-16 23:30:00", "UTC", "2026-01-19 00:22:00")] // Proxmox docs rule: 22 without a colon is a minute
    [InlineData("*/15", "2026-03-29 00:50:00", "Europe/Berlin", "2026-03-29 01:00:00")] // Proxmox docs rule + DST rule: 02:00 is skipped, runs at 03:00 CEST
    // Five-field cron.
    [InlineData("0 2 * * *", "2026-01-15 02:00:00", "UTC", "2026-01-16 02:00:00")] // cron rule
    [InlineData("*/15 * * * *", "2026-01-15 12:07:00", "UTC", "2026-01-15 12:15:00")] // cron rule
    [InlineData("0 3 * * 1-5", "2026-01-16 03:00:00", "UTC", "2026-01-19 03:00:00")] // cron rule: Friday -> Monday
    [InlineData("30 4 1,15 * *", "2026-01-15 05:00:00", "UTC", "2026-02-01 04:30:00")] // cron rule
    [InlineData("0 0 13 * 1", "2026-02-10 00:00:00", "UTC", "2026-02-13 00:00:00")] // cron rule: the 13th (a Friday) qualifies by day of month
    [InlineData("0 0 13 * 1", "2026-02-13 00:00:00", "UTC", "2026-02-16 00:00:00")] // cron rule: the 16th qualifies as a Monday
    [InlineData("0 0 */2 * 1", "2026-01-15 12:00:00", "UTC", "2026-01-19 00:00:00")] // cron rule: a starred day of month is not restricted, so both must match (odd day and Monday)
    [InlineData("0 0 * * 7", "2026-01-15 12:00:00", "UTC", "2026-01-18 00:00:00")] // cron rule: 7 is Sunday
    [InlineData("0 12 * jan,jul mon", "2026-01-27 00:00:00", "UTC", "2026-07-06 12:00:00")] // cron rule
    [InlineData("30 2 * * *", "2026-03-29 00:00:00", "Europe/Berlin", "2026-03-29 01:00:00")] // cron rule + DST rule: 02:30 is skipped, runs at 03:00 CEST
    [InlineData("30 1 * * *", "2026-11-01 05:30:00", "America/New_York", "2026-11-02 06:30:00")] // cron rule + DST rule: the repeated 01:30 EST does not run again
    public void Next_run_is_the_first_occurrence_strictly_after_the_reference(string schedule, string after, string zone, string? expected)
    {
        var parsed = CalendarEvent.TryParse(schedule);

        parsed.ShouldNotBeNull();
        var next = parsed.NextAfter(Utc(after), TimeZoneInfo.FindSystemTimeZoneById(zone));
        next.ShouldBe(expected is null ? null : Utc(expected));
        next?.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("whenever")]
    [InlineData("25:00")]
    [InlineData("mon..xyz")]
    [InlineData("sat..mon")]
    [InlineData("*-*-* 24:00")]
    [InlineData("*:*:60")]
    [InlineData("1969-01-01")]
    [InlineData("2200-01-01")]
    [InlineData("*-13-01")]
    [InlineData("*-*-32")]
    [InlineData("0/0")]
    [InlineData("5..3")]
    [InlineData("mon wed")]
    [InlineData("daily 10:00")]
    [InlineData("12:00 mon")]
    [InlineData("1:2:3:4")]
    [InlineData("60 * * * *")]
    [InlineData("* * * * 8")]
    [InlineData("* * 0 * *")]
    [InlineData("* * * *")]
    public void Text_that_is_no_schedule_is_refused(string? text) => CalendarEvent.TryParse(text).ShouldBeNull();

    [Fact]
    public void Sub_second_references_and_local_kinds_are_read_as_instants()
    {
        var every30Seconds = CalendarEvent.TryParse("*:*:0/30").ShouldNotBeNull();

        every30Seconds.NextAfter(Utc("2026-01-15 12:00:29").AddMilliseconds(999), TimeZoneInfo.Utc).ShouldBe(Utc("2026-01-15 12:00:30"));
        every30Seconds.NextAfter(Utc("2026-01-15 12:00:30").AddMilliseconds(1), TimeZoneInfo.Utc).ShouldBe(Utc("2026-01-15 12:01:00"));
        every30Seconds.NextAfter(Utc("2026-01-15 12:00:10").ToLocalTime(), TimeZoneInfo.Utc).ShouldBe(Utc("2026-01-15 12:00:30"));
    }

    [Fact]
    public void Extreme_reference_instants_give_an_answer_or_null()
    {
        var daily = CalendarEvent.TryParse("daily").ShouldNotBeNull();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        daily.NextAfter(DateTime.MinValue, berlin).ShouldBe(Utc("1970-01-01 23:00:00"));
        daily.NextAfter(DateTime.MaxValue, berlin).ShouldBeNull();
        daily.NextAfter(Utc("2199-12-31 12:00:00"), TimeZoneInfo.Utc).ShouldBeNull();
    }

    [Fact]
    public void Random_text_never_throws_and_every_search_stays_within_its_step_limit()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz*.,:/- ";
        var random = new Random(20260115);
        var zones = new[] { TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), TimeZoneInfo.FindSystemTimeZoneById("America/New_York") };
        var inputs = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            inputs.Add(new string([.. Enumerable.Range(0, random.Next(201)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        }

        // Character soup rarely parses, so also assemble schedules from grammar pieces to exercise the search itself.
        for (var i = 0; i < 3000; i++)
        {
            inputs.Add(RandomSchedule(random));
        }

        inputs.Add(new string([.. Enumerable.Range(0, 1 << 20).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        inputs.Add(string.Join(',', Enumerable.Repeat("59", 1 << 19)));
        inputs.Add("mon " + string.Join(',', Enumerable.Repeat("*-02-30", 1 << 17)));

        var parsedCount = 0;
        var maxSteps = 0;
        foreach (var input in inputs)
        {
            var parsed = CalendarEvent.TryParse(input);
            if (parsed is null)
            {
                continue;
            }

            parsedCount++;
            var after = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.NextInt64(200L * 365 * 24 * 3600));
            parsed.NextAfter(after, zones[random.Next(zones.Length)], out var steps);
            maxSteps = Math.Max(maxSteps, steps);
        }

        parsedCount.ShouldBeGreaterThan(800, "the assembled schedules should often be real ones");
        maxSteps.ShouldBeLessThan(FewStepsPerMonthUntilTheLastYear);
    }

    [Theory]
    [InlineData("*-02-30")]
    [InlineData("2199-02-30")]
    [InlineData("mon *-02-29 23:59:59")]
    [InlineData("sun 2199-12-01..30 00:00")]
    [InlineData("0 0 31 2 *")]
    [InlineData("*-02,04,06,09,11-31 23:59:59")]
    [InlineData("sun *-02,04,06,09,11-31 23:59:59")]
    public void Hostile_schedules_finish_well_inside_the_step_limit(string schedule)
    {
        var parsed = CalendarEvent.TryParse(schedule).ShouldNotBeNull();

        parsed.NextAfter(Utc("2026-01-15 12:00:00"), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), out var steps);

        steps.ShouldBeLessThan(FewStepsPerMonthUntilTheLastYear);
    }

    /// <summary>A mostly well-formed calendar event or cron line with fields near (and sometimes past) their limits.</summary>
    private static string RandomSchedule(Random random)
    {
        string Field(int low, int high)
        {
            string Number() => random.Next(low, high + 2).ToString(CultureInfo.InvariantCulture);
            var items = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(6) switch
            {
                0 => "*",
                1 => $"*/{random.Next(1, 30)}",
                2 => $"{Number()}..{Number()}",
                3 => $"{Number()}/{random.Next(1, 30)}",
                4 => $"{Number()}..{Number()}/{random.Next(1, 10)}",
                _ => Number(),
            });
            return string.Join(',', items);
        }

        if (random.Next(4) == 0)
        {
            return string.Join(' ', Field(0, 59), Field(0, 23), Field(1, 31), Field(1, 12), Field(0, 7)).Replace("..", "-", StringComparison.Ordinal);
        }

        string[] weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon..fri", "sat,sun", "tue..thu"];
        var parts = new List<string>();
        if (random.Next(3) == 0)
        {
            parts.Add(weekdays[random.Next(weekdays.Length)]);
        }

        if (random.Next(2) == 0)
        {
            parts.Add(random.Next(3) == 0 ? $"{Field(2020, 2199)}-{Field(1, 12)}-{Field(1, 31)}" : $"{Field(1, 12)}-{Field(1, 31)}");
        }

        if (parts.Count == 0 || random.Next(3) > 0)
        {
            parts.Add(random.Next(4) switch
            {
                0 => Field(0, 59),
                1 => $"{Field(0, 23)}:{Field(0, 59)}:{Field(0, 59)}",
                _ => $"{Field(0, 23)}:{Field(0, 59)}",
            });
        }

        return string.Join(' ', parts);
    }

    private static DateTime Utc(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
