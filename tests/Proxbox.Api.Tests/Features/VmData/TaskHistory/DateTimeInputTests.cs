using System.Globalization;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Tests.Features.VmData.TaskHistory;

/// <summary>
/// A bulk task-history POST reads two datetimes per item through a shortcut for the common ISO form; it must accept
/// exactly what the full list of DRF's formats accepts, with the same instant, and leave everything else to that list.
/// </summary>
public sealed class DateTimeInputTests
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzz", "yyyy-MM-dd'T'HH:mm:sszz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>What the format list alone answers.</summary>
    private static (bool Ok, long Ticks) Reference(string text) =>
        DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? (true, parsed.UtcTicks - parsed.UtcTicks % 10)
            : (false, 0);

    [Theory]
    [InlineData("2026-04-01T02:00:00Z")]
    [InlineData("2026-04-01T02:00:00+00:00")]
    [InlineData("2026-04-01T02:00:00-00:00")]
    [InlineData("2026-04-01T23:30:00-02:00")]
    [InlineData("2026-04-01T02:00:00+13:59")]
    [InlineData("2026-04-01T02:00:00+14:00")]
    [InlineData("2026-04-01T02:00:00+14:01")]
    [InlineData("2026-04-01T02:00:00+15:00")]
    [InlineData("2026-04-01T02:00:00+02:60")]
    [InlineData("2026-04-01T02:00:00+0200")]
    [InlineData("2026-04-01T02:00:00+02")]
    [InlineData("2026-04-01T02:00:00")]
    [InlineData(" 2026-04-01T02:00:00 ")]
    [InlineData("2026-04-01T02:00:00.5")]
    [InlineData("2026-04-01T02:00:00.123456Z")]
    [InlineData("2026-04-01T02:00:00.1234567+01:00")]
    [InlineData("2026-04-01T02:00:00.12345678Z")]
    [InlineData("2026-04-01T02:00:00.Z")]
    [InlineData("2026-04-01T02:00:00.")]
    [InlineData("2026-04-01T02:00:00z")]
    [InlineData("2026-04-01T02:00")]
    [InlineData("2026-04-01 02:00:00")]
    [InlineData("2026-04-01")]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-01T00:00:00Z")]
    [InlineData("2026-04-00T00:00:00Z")]
    [InlineData("2026-04-01T24:00:00Z")]
    [InlineData("2026-04-01T02:60:00Z")]
    [InlineData("2026-04-01T02:00:60Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2026-4-01T02:00:00Z")]
    [InlineData("２０２６-04-01T02:00:00Z")]
    [InlineData("2026-04-01T02:00:00Z ")]
    [InlineData("2026-04-01T02:00:00ZZ")]
    [InlineData("2026-04-01T02:00:00+01:00Z")]
    public void The_shortcut_answers_as_the_format_list(string text)
    {
        var ok = DrfDateTime.TryParse(text, out var value);

        (ok, ok ? value.Ticks : 0).ShouldBe(Reference(text), text);
        if (ok)
        {
            value.Kind.ShouldBe(DateTimeKind.Utc);
        }
    }

    [Fact]
    public void Random_instants_in_every_common_shape_answer_as_the_format_list()
    {
        var random = new Random(20260401);
        for (var i = 0; i < 20_000; i++)
        {
            var instant = new DateTime(random.NextInt64(new DateTime(1900, 1, 1).Ticks, new DateTime(2200, 1, 1).Ticks));
            var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var digits = random.Next(0, 9);
            if (digits > 0)
            {
                text += "." + instant.Ticks.ToString(CultureInfo.InvariantCulture)[^7..][..Math.Min(digits, 7)] + (digits > 7 ? "1" : "");
            }

            text += random.Next(4) switch
            {
                0 => "",
                1 => "Z",
                _ => $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(0, 16):D2}:{random.Next(0, 61):D2}",
            };

            var ok = DrfDateTime.TryParse(text, out var value);
            (ok, ok ? value.Ticks : 0).ShouldBe(Reference(text), text);
        }
    }

    [Fact]
    public void Output_keeps_drfs_form()
    {
        DrfDateTime.Format(new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc)).ShouldBe("2026-04-01T02:00:00Z");
        DrfDateTime.Format(new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560)).ShouldBe("2026-04-01T02:00:00.123456Z");
        DrfDateTime.Format(new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc).AddTicks(10)).ShouldBe("2026-04-01T02:00:00.000001Z");
        DrfDateTime.Format(DateTime.MaxValue).ShouldBe("9999-12-31T23:59:59.999999Z");
        DrfDateTime.Format(new DateTime(33, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddTicks(7)).ShouldBe("0033-01-02T03:04:05Z");
    }

    [Fact]
    public void Json_output_is_the_same_text_for_every_tick_of_a_second_and_for_local_times()
    {
        var second = new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc);
        var values = Enumerable.Range(0, 2000).Select(i => second.AddTicks(i * 4999L % TimeSpan.TicksPerSecond))
            .Append(second.ToLocalTime()).Append(DateTime.SpecifyKind(second, DateTimeKind.Unspecified));
        foreach (var value in values)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(value, Proxbox.Api.Infrastructure.Json.ApiJson.Options);
            json.ShouldBe($"\"{DrfDateTime.Format(value)}\"");
            var micro = value.ToUniversalTime().Ticks % TimeSpan.TicksPerSecond / 10;
            json.ShouldBe(micro == 0 ? "\"2026-04-01T02:00:00Z\"" : $"\"2026-04-01T02:00:00.{micro:D6}Z\"");
        }
    }
}
