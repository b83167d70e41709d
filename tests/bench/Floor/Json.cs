using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Proxbox.Bench.Floor;

public sealed record Status(string Value)
{
    [JsonPropertyName("status")]
    public string Value { get; } = Value;
}

/// <summary>A choice as the service writes it: <c>{"value": "active", "label": "Active"}</c>.</summary>
public sealed record ChoiceValue(string Value, string Label);

/// <summary>A tag as other objects show it (NetBox's NestedTagSerializer).</summary>
public sealed record NestedTag(long Id, string Url, string Display, string Name, string Slug, string Color);

/// <summary>NetBox's page envelope; <c>count</c> is null when the floor did not count (W2's "list without count").</summary>
public sealed record Page<T>(long? Count, string? Next, string? Previous, List<T> Results);

/// <summary>
/// Source-generated serialisation in the service's conventions: snake_case keys in declaration order, DRF datetimes,
/// UTF-8 rather than \u escapes, jsonb written through verbatim.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(DrfDateTimeConverter), typeof(RawJsonConverter)])]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(VirtualMachine))]
[JsonSerializable(typeof(Page<VirtualMachine>))]
[JsonSerializable(typeof(TaskHistoryItem))]
[JsonSerializable(typeof(Page<TaskHistoryItem>))]
public sealed partial class FloorJson : JsonSerializerContext
{
    /// <summary>
    /// The generated context with the service's encoder as well (DRF renders UTF-8, not \u escapes; an encoder cannot
    /// be named in the attribute).
    /// </summary>
    public static FloorJson Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new DrfDateTimeConverter(), new RawJsonConverter() },
    });

    /// <summary>The service's content type (no charset, like DRF) and the body, straight onto the response.</summary>
    public static Task WriteAsync<T>(HttpContext http, T value, JsonTypeInfo<T> info)
    {
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, value, info, http.RequestAborted);
    }
}

/// <summary>DRF's datetime: UTC with Z, no fraction when the microseconds are 0, else exactly six digits.</summary>
public sealed class DrfDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The floor only writes.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var microseconds = value.Ticks % TimeSpan.TicksPerSecond / 10;
        Span<char> text = stackalloc char[27];
        value.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (microseconds != 0)
        {
            text[length++] = '.';
            microseconds.TryFormat(text[length..], out var digits, "D6", CultureInfo.InvariantCulture);
            length += digits;
        }

        text[length++] = 'Z';
        writer.WriteStringValue(text[..length]);
    }
}

/// <summary>A jsonb column's text, written through as it is.</summary>
public readonly record struct RawJson(string Json);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The floor only writes.");

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
