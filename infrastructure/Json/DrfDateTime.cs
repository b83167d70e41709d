using System.Globalization;
using System.Numerics;

namespace Proxbox.Api.Infrastructure.Json;

public static class DrfDateTime
{
    public const string WrongFormat =
        "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

    private static readonly string[] InputFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzz", "yyyy-MM-dd'T'HH:mm:sszz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'",
    ];

    public static string Format(DateTime value)
    {
        Span<char> text = stackalloc char[BufferLength];
        return new string(text[..Format(value, text)]);
    }

    /// <summary>
    /// The room <see cref="Format(DateTime, Span{char})"/> needs: its longest answer is 27 characters
    /// (<c>2026-04-01T02:00:00.123456Z</c>), written over .NET's 28-character round-trip form.
    /// </summary>
    public const int BufferLength = 28;

    /// <summary>Writes <see cref="Format(DateTime)"/>'s text into <paramref name="destination"/> (at least <see cref="BufferLength"/> long); answers its length.</summary>
    public static int Format(DateTime value, Span<char> destination)
    {
        // The round-trip form ("O", <c>2026-04-01T02:00:00.1234567Z</c>) has a formatter of its own, many times faster
        // than a custom pattern; its first six fraction digits are the microseconds, which the answer keeps unless 0.
        var utc = Utc(value);
        utc.TryFormat(destination, out _, "O", CultureInfo.InvariantCulture);
        return ShortenRoundTrip(utc, destination);
    }

    /// <summary><see cref="Format(DateTime, Span{char})"/> in UTF-8, for JSON writers.</summary>
    public static int Format(DateTime value, Span<byte> destination)
    {
        var utc = Utc(value);
        utc.TryFormat(destination, out _, "O", CultureInfo.InvariantCulture);
        return ShortenRoundTrip(utc, destination);
    }

    /// <summary>A local time converted; any other read as UTC, and marked so (the round-trip form then ends in Z).</summary>
    private static DateTime Utc(DateTime value) =>
        DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc);

    private static int ShortenRoundTrip<T>(DateTime utc, Span<T> roundTrip) where T : IBinaryInteger<T>
    {
        var end = utc.Ticks % TimeSpan.TicksPerSecond / 10 == 0 ? 19 : 26;
        roundTrip[end] = T.CreateTruncating('Z');
        return end + 1;
    }

    /// <summary>ISO-8601 in; a value without an offset is UTC (NetBox's TIME_ZONE default). Result is UTC, microsecond precision.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        long utcTicks;
        if (TryParseCommon(text.AsSpan().Trim(), out var common))
        {
            utcTicks = common;
        }
        else if (DateTimeOffset.TryParseExact(text.Trim(), InputFormats, CultureInfo.InvariantCulture,
                     DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utcTicks = parsed.UtcTicks;
        }
        else
        {
            return false;
        }

        // PostgreSQL keeps microseconds; round-trip exactly what will be stored.
        utc = new DateTime(utcTicks - utcTicks % 10, DateTimeKind.Utc);
        return true;
    }

    /// <summary>
    /// The form nearly every client sends, <c>2026-04-01T02:00:00[.ffffff][Z|+02:00]</c>, read without the format list
    /// (a bulk write parses two per item). It accepts only what the format list accepts with the same result; anything
    /// else, valid or not, is left to the format list.
    /// </summary>
    private static bool TryParseCommon(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (at < text.Length && text[at] == '.')
        {
            var start = ++at;
            while (at < text.Length && char.IsAsciiDigit(text[at]) && at - start < 7)
            {
                fraction = fraction * 10 + (text[at++] - '0');
            }

            if (at == start || (at < text.Length && char.IsAsciiDigit(text[at])))
            {
                return false;
            }

            for (var padding = at - start; padding < 7; padding++)
            {
                fraction *= 10;
            }
        }

        long offsetMinutes = 0;
        if (at < text.Length && text[at] == 'Z')
        {
            at++;
        }
        else if (at < text.Length && text[at] is '+' or '-')
        {
            if (text.Length - at != 6 || text[at + 3] != ':' || !Digits(text, at + 1, 2, out var offsetHours) || !Digits(text, at + 4, 2, out var offsetRest)
                || offsetHours > 13 || offsetRest > 59)
            {
                return false;
            }

            offsetMinutes = (text[at] == '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
            at += 6;
        }

        if (at != text.Length)
        {
            return false;
        }

        utcTicks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction - offsetMinutes * TimeSpan.TicksPerMinute;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            value = value * 10 + (text[i] - '0');
        }

        return true;
    }
}
