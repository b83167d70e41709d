namespace Proxbox.Api.Infrastructure.Scheduling;

/// <summary>
/// A Proxmox VE schedule (the calendar-event dialect of backup jobs and replication, or a five-field cron line)
/// that can say when it fires next. Parsing and evaluation never throw on user text and always finish: the search
/// walks whole fields (year, month, day, hour, minute, second) with carry and gives up after a fixed number of steps.
/// </summary>
public sealed class CalendarEvent
{
    /// <summary>Years outside this span are refused by the grammar and never produced by the search, as in systemd.</summary>
    internal const int FirstYear = 1970;

    internal const int LastYear = 2199;

    /// <summary>
    /// Upper bound on search steps for one <see cref="NextAfter(DateTime, TimeZoneInfo)"/> call. A step moves at
    /// least one field forward, and a year costs at most a few hundred steps, so this covers every year up to
    /// <see cref="LastYear"/> with room to spare while keeping hostile schedules cheap.
    /// </summary>
    internal const int StepLimit = 200_000;

    private static readonly DateTime Earliest = new(FirstYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(LastYear, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    private readonly ValueSet _years;
    private readonly ValueSet _months;
    private readonly ValueSet _days;
    private readonly ValueSet _weekdays;
    private readonly ValueSet _hours;
    private readonly ValueSet _minutes;
    private readonly ValueSet _seconds;
    private readonly bool _dayMatchesEitherField;
    private readonly bool _alwaysUtc;

    /// <param name="weekdays">Indexed like <see cref="DayOfWeek"/>: 0 is Sunday.</param>
    /// <param name="dayMatchesEitherField">Cron's rule: a day qualifies by its day of month OR its weekday.</param>
    /// <param name="alwaysUtc">The text named UTC itself, so the caller's zone does not apply.</param>
    internal CalendarEvent(
        ValueSet years, ValueSet months, ValueSet days, ValueSet weekdays, ValueSet hours, ValueSet minutes, ValueSet seconds,
        bool dayMatchesEitherField = false, bool alwaysUtc = false)
    {
        _years = years;
        _months = months;
        _days = days;
        _weekdays = weekdays;
        _hours = hours;
        _minutes = minutes;
        _seconds = seconds;
        _dayMatchesEitherField = dayMatchesEitherField;
        _alwaysUtc = alwaysUtc;
    }

    /// <summary>Null when <paramref name="text"/> is not a schedule this engine understands. Never throws.</summary>
    public static CalendarEvent? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var alwaysUtc = tokens.Length > 1 && tokens[^1].Equals("UTC", StringComparison.OrdinalIgnoreCase);
        if (alwaysUtc)
        {
            tokens = tokens[..^1];
        }

        // A calendar event has at most three parts (weekday, date, time), so five parts can only be cron.
        return tokens.Length == 5
            ? CronParser.TryParse(tokens, alwaysUtc)
            : CalendarEventParser.TryParse(tokens, alwaysUtc);
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="afterUtc"/> (an unspecified kind counts as UTC, a local
    /// one is converted), as a UTC instant with whole seconds, with the schedule's wall-clock fields read in
    /// <paramref name="zone"/>. Null when there is none up to the end of <see cref="LastYear"/> or the search gives
    /// up. A wall time the clock skips (spring forward) fires at the instant the clock resumes; a wall time the
    /// clock repeats (fall back) fires once, on its first pass.
    /// </summary>
    public DateTime? NextAfter(DateTime afterUtc, TimeZoneInfo zone) => NextAfter(afterUtc, zone, out _);

    /// <inheritdoc cref="NextAfter(DateTime, TimeZoneInfo)"/>
    /// <param name="steps">
    /// How many field steps the call took; never more than <see cref="StepLimit"/>. The halving that locates a
    /// daylight-saving transition is not counted: it is bounded by construction (a day has fewer than 2^17 seconds).
    /// </param>
    internal DateTime? NextAfter(DateTime afterUtc, TimeZoneInfo zone, out int steps)
    {
        ArgumentNullException.ThrowIfNull(zone);
        steps = 0;
        if (_alwaysUtc)
        {
            zone = TimeZoneInfo.Utc;
        }

        var after = afterUtc.Kind == DateTimeKind.Local ? afterUtc.ToUniversalTime() : DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc);
        if (after >= Latest)
        {
            return null;
        }

        // Results have whole seconds, so "strictly after" starts at the next whole second. Nothing fires before
        // the first year the grammar allows, so earlier references all start there.
        after = after < Earliest ? Earliest.AddSeconds(-1) : after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond));
        var from = TimeZoneInfo.ConvertTimeFromUtc(after.AddSeconds(1), zone);

        // Two rounds suffice: the second only happens when `after` lies in the repeated hour of a fall-back,
        // and it resumes past that hour.
        for (var round = 0; round < 2; round++)
        {
            var wall = NextWallTime(from, ref steps);
            if (wall is null)
            {
                return null;
            }

            var instant = ToUtc(wall.Value, zone);
            if (instant is null)
            {
                return null;
            }

            if (instant.Value > after)
            {
                return instant;
            }

            // The match is a repeated wall time whose first pass is already behind us. Every repeated wall time
            // maps to its first pass, so nothing until the end of the overlap can fire again.
            var overlapEnd = FirstWallTimeOutside(wall.Value, zone.IsAmbiguousTime);
            if (overlapEnd is null)
            {
                return null;
            }

            from = overlapEnd.Value;
        }

        return null;
    }

    /// <summary>The first wall-clock time at or after <paramref name="from"/> whose fields all match.</summary>
    private DateTime? NextWallTime(DateTime from, ref int steps)
    {
        int year = from.Year, month = from.Month, day = from.Day, hour = from.Hour, minute = from.Minute, second = from.Second;
        while (steps < StepLimit)
        {
            steps++;

            // Carry overflowing fields upwards, so every branch below may simply push its own field past the end.
            if (second > 59) { second = 0; minute++; }
            if (minute > 59) { minute = 0; hour++; }
            if (hour > 23) { hour = 0; day++; }
            if (month <= 12 && day > DateTime.DaysInMonth(year, month)) { day = 1; month++; }
            if (month > 12) { month = 1; year++; }

            if (year > LastYear)
            {
                return null;
            }

            if (!_years.Contains(year))
            {
                var next = _years.NextAtOrAfter(year);
                if (next is null)
                {
                    return null;
                }

                (year, month, day, hour, minute, second) = (next.Value, 1, 1, 0, 0, 0);
                continue;
            }

            if (!_months.Contains(month))
            {
                (month, day, hour, minute, second) = (_months.NextAtOrAfter(month) ?? 13, 1, 0, 0, 0);
                continue;
            }

            if (!DayMatches(year, month, day))
            {
                // Unless cron's either-or rule applies, a wrong day of month can jump straight to the next right
                // one; a wrong weekday can only try tomorrow.
                var next = _dayMatchesEitherField || _days.Contains(day) ? day + 1 : _days.NextAtOrAfter(day) ?? 32;
                (day, hour, minute, second) = (next, 0, 0, 0);
                continue;
            }

            if (!_hours.Contains(hour))
            {
                (hour, minute, second) = (_hours.NextAtOrAfter(hour) ?? 24, 0, 0);
                continue;
            }

            if (!_minutes.Contains(minute))
            {
                (minute, second) = (_minutes.NextAtOrAfter(minute) ?? 60, 0);
                continue;
            }

            if (!_seconds.Contains(second))
            {
                second = _seconds.NextAtOrAfter(second) ?? 60;
                continue;
            }

            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        }

        return null;
    }

    private bool DayMatches(int year, int month, int day)
    {
        var byDate = _days.Contains(day);
        var byWeekday = _weekdays.Contains((int)new DateTime(year, month, day).DayOfWeek);
        return _dayMatchesEitherField ? byDate || byWeekday : byDate && byWeekday;
    }

    /// <summary>The UTC instant a matching wall-clock time stands for in <paramref name="zone"/>.</summary>
    private static DateTime? ToUtc(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
        {
            // The clock jumps over this wall time; the run happens the moment the clock resumes.
            var resumed = FirstWallTimeOutside(wall, zone.IsInvalidTime);
            return resumed is null ? null : ToUtc(resumed.Value, zone);
        }

        if (zone.IsAmbiguousTime(wall))
        {
            // The clock shows this wall time twice; the larger offset belongs to the first pass.
            return DateTime.SpecifyKind(wall - zone.GetAmbiguousTimeOffsets(wall).Max(), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(wall, zone);
    }

    /// <summary>
    /// The first whole-second wall time after <paramref name="inside"/> for which <paramref name="isInside"/> no
    /// longer holds, found by halving; null if the stretch lasts longer than a day, which no real zone does.
    /// </summary>
    private static DateTime? FirstWallTimeOutside(DateTime inside, Func<DateTime, bool> isInside)
    {
        var low = inside;
        var high = inside.AddDays(1);
        if (isInside(high))
        {
            return null;
        }

        while (high - low > TimeSpan.FromSeconds(1))
        {
            var mid = low.AddSeconds((long)(high - low).TotalSeconds / 2);
            if (isInside(mid))
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }
}
