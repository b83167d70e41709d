using System.Text.Json;
using System.Text.Json.Serialization;

namespace Proxbox.Api.Infrastructure.Json;

/// <summary>
/// A JSON array of values already written as JSON, written through verbatim. Disposing it disposes
/// <paramref name="owner"/>, which holds the bytes; the response disposes it once sent.
/// </summary>
[JsonConverter(typeof(RawJsonArrayConverter))]
public sealed class RawJsonArray(IReadOnlyList<ReadOnlyMemory<byte>> values, IDisposable owner) : IDisposable
{
    public IReadOnlyList<ReadOnlyMemory<byte>> Values { get; } = values;

    public void Dispose() => owner.Dispose();
}

public sealed class RawJsonArrayConverter : JsonConverter<RawJsonArray>
{
    public override RawJsonArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A raw JSON array is written, never read.");

    public override void Write(Utf8JsonWriter writer, RawJsonArray value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var json in value.Values)
        {
            writer.WriteRawValue(json.Span, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }
}
