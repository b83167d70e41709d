using System.Globalization;
using Proxbox.Api.Features.Operations.BackupRoutines;

namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

public sealed class PruneSimulatorTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    // The backup lists of Proxmox Backup Server's own prune tests (its repository's tests/prune.rs), all at
    // 11:59:15 UTC or within one day, so the zone does not matter. 2019-12-02 is a Monday.
    private static readonly string[] PbsSimple = ["2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z", "2019-12-04T12:59:15Z"];

    private static readonly string[] PbsSimple2 =
    [
        "2018-11-15T11:59:15Z", "2019-11-15T11:59:15Z", "2019-11-21T11:59:15Z", "2019-11-22T11:59:15Z", "2019-11-29T11:59:15Z",
        "2019-12-01T11:59:15Z", "2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z",
    ];

    private static readonly string[] PbsHourly =
    [
        "2019-11-15T09:39:15Z", "2019-11-15T10:49:15Z", "2019-11-15T10:59:15Z",
        "2019-11-15T11:39:15Z", "2019-11-15T11:49:15Z", "2019-11-15T11:59:15Z",
    ];

    // Each case of the Proxmox Backup Server prune tests: the options and what is kept, newest first. Its keep-last=0
    // case is left out: that test calls the selection alone, while a real prune first turns "nothing above zero" into
    // keep everything (see Only_zero_counts_keep_everything_as_keep_all_like_no_option_at_all).
    [Theory]
    [InlineData("simple", "keep-last=4", "2019-12-04T12:59:15Z 2019-12-04T11:59:15Z 2019-12-03T11:59:15Z 2019-12-02T11:59:15Z")]
    [InlineData("simple", "keep-last=3", "2019-12-04T12:59:15Z 2019-12-04T11:59:15Z 2019-12-03T11:59:15Z")]
    [InlineData("simple", "keep-last=2", "2019-12-04T12:59:15Z 2019-12-04T11:59:15Z")]
    [InlineData("simple", "keep-last=1", "2019-12-04T12:59:15Z")]
    [InlineData("simple", "keep-last=2 keep-daily=2", "2019-12-04T12:59:15Z 2019-12-04T11:59:15Z 2019-12-03T11:59:15Z 2019-12-02T11:59:15Z")]
    [InlineData("simple", "keep-daily=3", "2019-12-04T12:59:15Z 2019-12-03T11:59:15Z 2019-12-02T11:59:15Z")]
    [InlineData("simple", "keep-daily=2", "2019-12-04T12:59:15Z 2019-12-03T11:59:15Z")]
    [InlineData("simple", "keep-weekly=5", "2019-12-04T12:59:15Z")]
    [InlineData("simple", "keep-daily=1 keep-weekly=5", "2019-12-04T12:59:15Z")]
    [InlineData("simple", "keep-monthly=6", "2019-12-04T12:59:15Z")]
    [InlineData("simple", "keep-yearly=7", "2019-12-04T12:59:15Z")]
    [InlineData("simple", "keep-weekly=5 keep-monthly=6 keep-yearly=7", "2019-12-04T12:59:15Z")]
    [InlineData("simple2", "keep-daily=1", "2019-12-04T11:59:15Z")]
    [InlineData("simple2", "keep-last=1 keep-daily=1", "2019-12-04T11:59:15Z 2019-12-03T11:59:15Z")]
    [InlineData("simple2", "keep-daily=1 keep-weekly=1", "2019-12-04T11:59:15Z 2019-12-01T11:59:15Z")]
    [InlineData("simple2", "keep-daily=1 keep-weekly=1 keep-monthly=1", "2019-12-04T11:59:15Z 2019-12-01T11:59:15Z 2019-11-22T11:59:15Z")]
    [InlineData("simple2", "keep-monthly=1 keep-yearly=1", "2019-12-04T11:59:15Z 2018-11-15T11:59:15Z")]
    [InlineData("hourly", "keep-hourly=3", "2019-11-15T11:59:15Z 2019-11-15T10:59:15Z 2019-11-15T09:39:15Z")]
    [InlineData("hourly", "keep-hourly=2", "2019-11-15T11:59:15Z 2019-11-15T10:59:15Z")]
    public void The_proxmox_backup_server_prune_tests_give_the_same_selection(string list, string options, string kept)
    {
        var backups = list switch
        {
            "simple" => PbsSimple,
            "simple2" => PbsSimple2,
            _ => PbsHourly,
        };

        var decisions = PruneSimulator.Simulate(backups.Select(b => Backup(b)), Options(options), Utc);

        Kept(decisions).ShouldBe(kept.Split(' '));
    }

    [Fact]
    public void The_proxmox_backup_server_protected_test_keeps_protected_backups_without_letting_them_count()
    {
        // tests/prune.rs in Proxmox Backup Server: the protected 10:59 neither uses keep-last's one slot nor takes
        // hour 10 for keep-hourly, so 10:49 is kept by the rule in both cases and only 10:39 goes.
        PruneCandidate[] backups =
        [
            Backup("2019-11-15T09:39:15Z", isProtected: true), Backup("2019-11-15T10:39:15Z"),
            Backup("2019-11-15T10:49:15Z"), Backup("2019-11-15T10:59:15Z", isProtected: true),
        ];

        var last = PruneSimulator.Simulate(backups, Options("keep-last=1"), Utc);
        var hourly = PruneSimulator.Simulate(backups, Options("keep-hourly=1"), Utc);

        Removed(last).ShouldBe(["2019-11-15T10:39:15Z"]);
        Rules(last).ShouldBe(["protected", null, "keep-last", "protected"]);
        Removed(hourly).ShouldBe(["2019-11-15T10:39:15Z"]);
        Rules(hourly).ShouldBe(["protected", null, "keep-hourly", "protected"]);
    }

    [Fact]
    public void Backups_a_weekly_rule_removed_are_not_reconsidered_by_the_monthly_rule_even_when_the_week_began_in_the_month_before()
    {
        // The pruning documentation's example: a week covered by keep-weekly keeps one backup and removes the
        // rest, and keep-monthly then ignores that week even where part of it lies in an earlier month. Nightly
        // backups 22 April to 5 May 2024; ISO week 18 runs Monday 29 April to Sunday 5 May.
        var backups = Nightly(new DateTime(2024, 4, 22, 2, 0, 0, DateTimeKind.Utc), days: 14);

        var decisions = PruneSimulator.Simulate(backups, Options("keep-weekly=1 keep-monthly=2"), Utc);

        Kept(decisions).ShouldBe(["2024-05-05T02:00:00Z", "2024-04-28T02:00:00Z"]);
        RuleAt(decisions, "2024-04-28T02:00:00Z").ShouldBe("keep-monthly", "30 April was removed by keep-weekly, so April's newest candidate is 28 April");
        RuleAt(decisions, "2024-04-30T02:00:00Z").ShouldBeNull();
    }

    [Fact]
    public void The_documented_ten_year_retention_example_keeps_44_backups_reaching_back_ten_years()
    {
        // The pruning documentation's retention example for daily backups: keep-last 3, keep-daily 13,
        // keep-weekly 8, keep-monthly 11, keep-yearly 9, described as two weeks of dailies, two months of
        // weeklies, a year of monthlies and ten years in all. Nightly backups 2014 to 2024.
        var start = new DateTime(2014, 1, 1, 2, 0, 0, DateTimeKind.Utc);
        var backups = Nightly(start, days: (int)(new DateTime(2025, 1, 1) - start.Date).TotalDays);

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=3 keep-daily=13 keep-weekly=8 keep-monthly=11 keep-yearly=9"), Utc);

        var rules = decisions.Where(d => d.Keep).GroupBy(d => d.Rule!).ToDictionary(g => g.Key, g => g.Count());
        rules.ShouldBe(new Dictionary<string, int>
        {
            ["keep-last"] = 3, ["keep-daily"] = 13, ["keep-weekly"] = 8, ["keep-monthly"] = 11, ["keep-yearly"] = 9,
        }, ignoreOrder: true);
        RuleAt(decisions, "2024-12-29T02:00:00Z").ShouldBe("keep-last");
        RuleAt(decisions, "2024-12-16T02:00:00Z").ShouldBe("keep-daily", "the thirteenth day after keep-last's three");
        RuleAt(decisions, "2024-12-15T02:00:00Z").ShouldBe("keep-weekly", "the first Sunday of a week no newer rule covers");
        RuleAt(decisions, "2024-10-27T02:00:00Z").ShouldBe("keep-weekly");
        RuleAt(decisions, "2024-09-30T02:00:00Z").ShouldBe("keep-monthly", "October is covered by the weekly 27 October");
        RuleAt(decisions, "2023-11-30T02:00:00Z").ShouldBe("keep-monthly");
        RuleAt(decisions, "2022-12-31T02:00:00Z").ShouldBe("keep-yearly", "2023 and 2024 are covered by the monthly backups");
        decisions.Last(d => d.Keep).CreatedUtc.ShouldBe(new DateTime(2014, 12, 31, 2, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Keep_last_keeps_the_n_newest_whatever_their_times()
    {
        PruneCandidate[] backups = [Backup("2024-05-01T10:00:00Z"), Backup("2024-05-01T10:05:00Z"), Backup("2024-03-01T00:00:00Z"), Backup("2024-05-01T09:00:00Z")];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=2"), Utc);

        Kept(decisions).ShouldBe(["2024-05-01T10:05:00Z", "2024-05-01T10:00:00Z"]);
        Rules(decisions).ShouldBe([null, null, "keep-last", "keep-last"]);
    }

    [Fact]
    public void Keep_last_treats_backups_in_the_same_second_as_one_like_proxmox_does()
    {
        // Proxmox tells keep-last's backups apart by their time in whole seconds; within a real group no two share one.
        PruneCandidate[] backups =
        [
            new(1, new DateTime(2024, 5, 1, 10, 0, 0, 200, DateTimeKind.Utc)),
            new(2, new DateTime(2024, 5, 1, 10, 0, 0, 700, DateTimeKind.Utc)),
            Backup("2024-05-01T09:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=2"), Utc);

        decisions.Select(d => d.Keep).ShouldBe([true, false, true]);
    }

    [Fact]
    public void Keep_daily_keeps_only_the_newest_backup_of_each_day()
    {
        PruneCandidate[] backups =
        [
            Backup("2024-05-03T06:00:00Z"), Backup("2024-05-03T18:00:00Z"), Backup("2024-05-02T01:00:00Z"), Backup("2024-05-02T12:00:00Z"),
            Backup("2024-05-02T23:59:59Z"), Backup("2024-04-30T12:00:00Z"), Backup("2024-04-29T12:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-daily=3"), Utc);

        Kept(decisions).ShouldBe(["2024-05-03T18:00:00Z", "2024-05-02T23:59:59Z", "2024-04-30T12:00:00Z"], "a day without backups does not count");
        decisions.Where(d => d.Keep).ShouldAllBe(d => d.Rule == "keep-daily");
    }

    [Fact]
    public void Keep_weekly_uses_iso_weeks_across_a_year_boundary_into_week_1()
    {
        // Monday 30 December 2024 to Sunday 5 January 2025 is ISO week 1 of 2025; Sunday 29 December ends week 52.
        PruneCandidate[] backups =
        [
            Backup("2024-12-22T12:00:00Z"), Backup("2024-12-29T12:00:00Z"), Backup("2024-12-30T12:00:00Z"), Backup("2024-12-31T12:00:00Z"),
            Backup("2025-01-02T12:00:00Z"), Backup("2025-01-05T12:00:00Z"), Backup("2025-01-06T12:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-weekly=3"), Utc);

        Kept(decisions).ShouldBe(["2025-01-06T12:00:00Z", "2025-01-05T12:00:00Z", "2024-12-29T12:00:00Z"]);
    }

    [Fact]
    public void Keep_weekly_uses_iso_weeks_across_a_year_boundary_in_week_53()
    {
        // Monday 28 December 2020 to Sunday 3 January 2021 is ISO week 53 of 2020.
        PruneCandidate[] backups =
        [
            Backup("2020-12-27T12:00:00Z"), Backup("2020-12-28T12:00:00Z"), Backup("2020-12-31T12:00:00Z"),
            Backup("2021-01-01T12:00:00Z"), Backup("2021-01-03T12:00:00Z"), Backup("2021-01-04T12:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-weekly=3"), Utc);

        Kept(decisions).ShouldBe(["2021-01-04T12:00:00Z", "2021-01-03T12:00:00Z", "2020-12-27T12:00:00Z"]);
        Removed(decisions).ShouldBe(["2021-01-01T12:00:00Z", "2020-12-31T12:00:00Z", "2020-12-28T12:00:00Z"]);
    }

    [Fact]
    public void Keep_monthly_keeps_the_newest_backup_of_each_month()
    {
        PruneCandidate[] backups =
        [
            Backup("2024-01-31T23:00:00Z"), Backup("2024-02-01T00:00:00Z"), Backup("2024-02-29T12:00:00Z"),
            Backup("2024-04-01T12:00:00Z"), Backup("2024-04-15T12:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-monthly=3"), Utc);

        Kept(decisions).ShouldBe(["2024-04-15T12:00:00Z", "2024-02-29T12:00:00Z", "2024-01-31T23:00:00Z"], "March has no backup and does not count");
        decisions.Where(d => d.Keep).ShouldAllBe(d => d.Rule == "keep-monthly");
    }

    [Fact]
    public void Keep_yearly_keeps_the_newest_backup_of_each_year()
    {
        PruneCandidate[] backups =
        [
            Backup("2021-06-01T12:00:00Z"), Backup("2022-01-01T12:00:00Z"), Backup("2022-12-31T12:00:00Z"),
            Backup("2023-03-01T12:00:00Z"), Backup("2024-02-01T12:00:00Z"), Backup("2024-07-01T12:00:00Z"),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-yearly=3"), Utc);

        Kept(decisions).ShouldBe(["2024-07-01T12:00:00Z", "2023-03-01T12:00:00Z", "2022-12-31T12:00:00Z"]);
        decisions.Where(d => d.Keep).ShouldAllBe(d => d.Rule == "keep-yearly");
    }

    [Fact]
    public void Combined_rules_over_120_nightly_backups_each_start_where_the_rules_before_them_stop()
    {
        // 1 January to 30 April 2025 at 21:00 UTC; 30 April is a Wednesday.
        var backups = Nightly(new DateTime(2025, 1, 1, 21, 0, 0, DateTimeKind.Utc), days: 120);

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=3 keep-daily=7 keep-weekly=4 keep-monthly=3"), Utc);

        decisions.Count.ShouldBe(120);
        decisions.Count(d => d.Keep).ShouldBe(16, "3 + 7 + 4, and only 2 months left for keep-monthly");
        Kept(decisions).ShouldBe(
        [
            "2025-04-30T21:00:00Z", "2025-04-29T21:00:00Z", "2025-04-28T21:00:00Z",
            "2025-04-27T21:00:00Z", "2025-04-26T21:00:00Z", "2025-04-25T21:00:00Z", "2025-04-24T21:00:00Z",
            "2025-04-23T21:00:00Z", "2025-04-22T21:00:00Z", "2025-04-21T21:00:00Z",
            "2025-04-20T21:00:00Z", "2025-04-13T21:00:00Z", "2025-04-06T21:00:00Z", "2025-03-30T21:00:00Z",
            "2025-02-28T21:00:00Z", "2025-01-31T21:00:00Z",
        ]);
        RuleAt(decisions, "2025-04-28T21:00:00Z").ShouldBe("keep-last");
        RuleAt(decisions, "2025-04-21T21:00:00Z").ShouldBe("keep-daily");
        RuleAt(decisions, "2025-04-20T21:00:00Z").ShouldBe("keep-weekly", "week 17 is covered by the daily backups, so the weekly rule starts at week 16");
        RuleAt(decisions, "2025-03-30T21:00:00Z").ShouldBe("keep-weekly");
        RuleAt(decisions, "2025-03-31T21:00:00Z").ShouldBeNull("the weekly rule kept 6 April for that week");
        RuleAt(decisions, "2025-03-29T21:00:00Z").ShouldBeNull("the weekly rule kept 30 March for that week");
        RuleAt(decisions, "2025-03-23T21:00:00Z").ShouldBeNull("March is covered by the weekly 30 March");
        RuleAt(decisions, "2025-02-28T21:00:00Z").ShouldBe("keep-monthly");
        RuleAt(decisions, "2025-01-31T21:00:00Z").ShouldBe("keep-monthly");
        RuleAt(decisions, "2025-01-01T21:00:00Z").ShouldBeNull();
    }

    [Fact]
    public void No_option_set_keeps_everything_as_keep_all()
    {
        var backups = Nightly(new DateTime(2024, 1, 1, 2, 0, 0, DateTimeKind.Utc), days: 5);

        var decisions = PruneSimulator.Simulate(backups, Options(""), Utc);

        decisions.Count.ShouldBe(5);
        decisions.ShouldAllBe(d => d.Keep && d.Rule == "keep-all");
    }

    [Fact]
    public void Only_zero_counts_keep_everything_as_keep_all_like_no_option_at_all()
    {
        // Proxmox treats options that keep nothing as no retention configured rather than as "delete everything".
        var backups = Nightly(new DateTime(2024, 1, 1, 2, 0, 0, DateTimeKind.Utc), days: 5);

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=0 keep-daily=0"), Utc);

        decisions.ShouldAllBe(d => d.Keep && d.Rule == "keep-all");
    }

    [Fact]
    public void Keep_all_keeps_everything_whatever_the_counts_and_protected_backups_stay_protected()
    {
        PruneCandidate[] backups = [Backup("2024-01-01T02:00:00Z", isProtected: true), Backup("2024-01-02T02:00:00Z"), Backup("2024-01-03T02:00:00Z")];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=1 keep-all"), Utc);

        Rules(decisions).ShouldBe(["protected", "keep-all", "keep-all"]);
        decisions.ShouldAllBe(d => d.Keep);
    }

    [Fact]
    public void A_protected_backup_is_kept_and_takes_neither_a_count_nor_its_day_from_the_rules()
    {
        PruneCandidate[] backups =
        [
            Backup("2024-01-01T02:00:00Z"), Backup("2024-01-02T02:00:00Z"), Backup("2024-01-02T20:00:00Z", isProtected: true),
            Backup("2024-01-03T02:00:00Z"), Backup("2024-01-03T20:00:00Z", isProtected: true),
        ];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=1 keep-daily=1"), Utc);

        // keep-last passes over the newer protected backup; keep-daily still keeps 2 January's unprotected backup.
        Rules(decisions).ShouldBe([null, "keep-daily", "protected", "keep-last", "protected"]);
    }

    [Fact]
    public void A_zero_count_keeps_nothing_by_that_rule()
    {
        var backups = Nightly(new DateTime(2024, 1, 1, 2, 0, 0, DateTimeKind.Utc), days: 5);

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=2 keep-daily=0"), Utc);

        Rules(decisions).ShouldBe([null, null, null, "keep-last", "keep-last"]);
    }

    [Fact]
    public void Buckets_are_taken_in_the_configured_zone_so_23_30_utc_is_the_next_day_in_berlin()
    {
        // In winter Berlin is UTC+1: 9 March 23:30 UTC is 10 March 00:30 there, the same day as 10 March 10:00 UTC.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        PruneCandidate[] backups = [Backup("2024-03-09T12:00:00Z"), Backup("2024-03-09T23:30:00Z"), Backup("2024-03-10T10:00:00Z")];

        var inBerlin = PruneSimulator.Simulate(backups, Options("keep-daily=2"), berlin);
        var inUtc = PruneSimulator.Simulate(backups, Options("keep-daily=2"), Utc);

        Kept(inBerlin).ShouldBe(["2024-03-10T10:00:00Z", "2024-03-09T12:00:00Z"]);
        Kept(inUtc).ShouldBe(["2024-03-10T10:00:00Z", "2024-03-09T23:30:00Z"]);
    }

    [Fact]
    public void The_result_is_newest_first_with_each_backups_id_whatever_the_input_order()
    {
        PruneCandidate[] backups = [new(7, At("2024-01-02T00:00:00Z")), new(3, At("2024-01-03T00:00:00Z")), new(9, At("2024-01-01T00:00:00Z"))];

        var decisions = PruneSimulator.Simulate(backups, Options("keep-last=1"), Utc);

        decisions.ShouldBe(
        [
            new PruneDecision(3, At("2024-01-03T00:00:00Z"), true, "keep-last"),
            new PruneDecision(7, At("2024-01-02T00:00:00Z"), false, null),
            new PruneDecision(9, At("2024-01-01T00:00:00Z"), false, null),
        ]);
    }

    [Fact]
    public void No_backups_give_no_decisions()
    {
        PruneSimulator.Simulate([], Options("keep-last=3"), Utc).ShouldBeEmpty();
        PruneSimulator.Simulate([], Options(""), Utc).ShouldBeEmpty();
    }

    [Fact]
    public void A_negative_count_or_a_local_time_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => PruneSimulator.Simulate([], Options("keep-weekly=-1"), Utc));
        Should.Throw<ArgumentException>(() => PruneSimulator.Simulate([new PruneCandidate(1, DateTime.Now)], Options("keep-last=1"), Utc));
    }

    /// <summary>Options written as on Proxmox's command line, e.g. "keep-last=3 keep-daily=7" or "keep-all".</summary>
    private static PruneOptions Options(string text)
    {
        var set = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(option => option.Split('='))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : (int?)null);
        int? Count(string name) => set.GetValueOrDefault(name);
        return new PruneOptions(Count("keep-last"), Count("keep-hourly"), Count("keep-daily"), Count("keep-weekly"), Count("keep-monthly"),
            Count("keep-yearly"), set.ContainsKey("keep-all"));
    }

    private static DateTime At(string utc) =>
        DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    // The id is the Unix time, unique within these lists.
    private static PruneCandidate Backup(string utc, bool isProtected = false) =>
        new(new DateTimeOffset(At(utc)).ToUnixTimeSeconds(), At(utc), isProtected);

    private static IEnumerable<PruneCandidate> Nightly(DateTime first, int days) =>
        Enumerable.Range(0, days).Select(day => first.AddDays(day)).Select(time => new PruneCandidate(new DateTimeOffset(time).ToUnixTimeSeconds(), time));

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string[] Kept(IEnumerable<PruneDecision> decisions) => [.. decisions.Where(d => d.Keep).Select(d => Text(d.CreatedUtc))];

    private static string[] Removed(IEnumerable<PruneDecision> decisions) => [.. decisions.Where(d => !d.Keep).Select(d => Text(d.CreatedUtc))];

    /// <summary>The rules oldest first, the order the backups are written in the tests.</summary>
    private static string?[] Rules(IEnumerable<PruneDecision> decisions) => [.. decisions.Reverse().Select(d => d.Rule)];

    private static string? RuleAt(IEnumerable<PruneDecision> decisions, string utc) => decisions.Single(d => d.CreatedUtc == At(utc)).Rule;
}
