using System.Globalization;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// What a Proxmox prune (Proxmox Backup Server's prune, Proxmox VE's <c>--prune-backups</c>; both use the same
/// selection) would do to one backup group. Pure: the caller supplies the backups, the options and the zone the
/// Proxmox host computes its hours, days, weeks, months and years in.
/// </summary>
public static class PruneSimulator
{
    private const string Protected = "protected";

    // A backup a rule found in a bucket it had already kept a newer backup for. Proxmox marks it as decided, so
    // no later rule looks at it again, even when its bucket for that later rule differs (a week split over two months).
    private const string Removed = "remove";

    /// <summary>Decides every backup; the result is newest first.</summary>
    public static IReadOnlyList<PruneDecision> Simulate(IEnumerable<PruneCandidate> backups, PruneOptions options, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zone);
        int?[] counts = [options.KeepLast, options.KeepHourly, options.KeepDaily, options.KeepWeekly, options.KeepMonthly, options.KeepYearly];
        if (counts.Any(count => count < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "Keep counts cannot be negative.");
        }

        // Ties cannot happen within a real Proxmox group (the time is a backup's identity); the id only makes the order stable.
        var list = backups.OrderByDescending(b => b.CreatedUtc).ThenByDescending(b => b.Id).ToList();
        if (list.Any(b => b.CreatedUtc.Kind == DateTimeKind.Local))
        {
            throw new ArgumentException("Backup times must be UTC.", nameof(backups));
        }

        // Proxmox keeps everything when keep-all is set or no count is above zero: all options unset or zero
        // means "no retention configured", not "keep nothing".
        if (options.KeepAll || !counts.Any(count => count > 0))
        {
            return [.. list.Select(b => new PruneDecision(b.Id, b.CreatedUtc, true, b.Protected ? Protected : "keep-all"))];
        }

        // Protected backups are decided up front: they are always kept, no rule counts them, and they do not occupy
        // a rule's bucket, so a rule still keeps another backup from the same hour, day, week, month or year.
        var marks = list.Select(b => b.Protected ? Protected : null).ToArray();
        var local = list.Select(b => TimeZoneInfo.ConvertTimeFromUtc(b.CreatedUtc, zone)).ToArray();

        // The rules run in this order, each over the backups the earlier ones left undecided. keep-last's bucket is
        // the backup time to the second, so every backup is its own bucket, as Proxmox's whole-second times are.
        Mark(marks, options.KeepLast, "keep-last", i => list[i].CreatedUtc.Ticks / TimeSpan.TicksPerSecond);
        Mark(marks, options.KeepHourly, "keep-hourly", i => local[i].Ticks / TimeSpan.TicksPerHour);
        Mark(marks, options.KeepDaily, "keep-daily", i => local[i].Date.Ticks);
        // ISO weeks start on Monday and belong to the ISO year, so 31 Dec can be week 1 and 1 Jan week 52 or 53.
        Mark(marks, options.KeepWeekly, "keep-weekly", i => ISOWeek.GetYear(local[i]) * 100L + ISOWeek.GetWeekOfYear(local[i]));
        Mark(marks, options.KeepMonthly, "keep-monthly", i => local[i].Year * 100L + local[i].Month);
        Mark(marks, options.KeepYearly, "keep-yearly", i => local[i].Year);

        return [.. list.Select((b, i) => marks[i] is null or Removed
            ? new PruneDecision(b.Id, b.CreatedUtc, false, null)
            : new PruneDecision(b.Id, b.CreatedUtc, true, marks[i]))];
    }

    /// <summary>
    /// One rule: walking newest first over undecided backups, keep the newest backup of each new bucket until
    /// <paramref name="count"/> buckets are taken, and mark the older ones of a taken bucket removed.
    /// </summary>
    private static void Mark(string?[] marks, int? count, string rule, Func<int, long> bucketOf)
    {
        if (count is not { } keep)
        {
            return;
        }

        // Buckets an earlier rule already kept a backup in are covered: this rule keeps nothing more there and
        // they do not count toward its N, so keep-last 3 plus keep-daily 7 spans ten days of nightly backups.
        // Only kept backups cover; protected and removed ones do not.
        var covered = new HashSet<long>();
        for (var i = 0; i < marks.Length; i++)
        {
            if (marks[i] is not (null or Protected or Removed))
            {
                covered.Add(bucketOf(i));
            }
        }

        var taken = new HashSet<long>();
        for (var i = 0; i < marks.Length; i++)
        {
            if (marks[i] is not null)
            {
                continue;
            }

            var bucket = bucketOf(i);
            if (covered.Contains(bucket))
            {
                continue;
            }

            if (taken.Contains(bucket))
            {
                marks[i] = Removed;
            }
            else if (taken.Count >= keep)
            {
                // The rule is done; older backups stay undecided for the next rule.
                return;
            }
            else
            {
                taken.Add(bucket);
                marks[i] = rule;
            }
        }
    }
}
