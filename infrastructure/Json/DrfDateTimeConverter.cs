using System.Text.Json;
using System.Text.Json.Serialization;

namespace Proxbox.Api.Infrastructure.Json;

/// <summary>
/// DRF's datetime output: UTC with a <c>Z</c>, no fraction when the microseconds are 0, else exactly six digits.
/// .NET's round-trip format (seven digits, +00:00) does not match what NetBox clients compare against.
/// </summary>
public sealed class DrfDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DrfDateTime.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Datetime has wrong format.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        // Formatted on the stack: a bulk answer writes four datetimes per object.
        Span<byte> utf8 = stackalloc byte[DrfDateTime.BufferLength];
        writer.WriteStringValue(utf8[..DrfDateTime.Format(value, utf8)]);
    }
}
