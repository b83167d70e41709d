using System.Text.Json;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// API objects written as JSON one by one as they are read, each kept by its id, for an answer of thousands of them:
/// each object is garbage as soon as it is written, where a list of them would live (and be copied from generation to
/// generation by the GC) until the response is sent, and the writing overlaps the database's producing the next rows.
/// </summary>
public sealed class SerializedObjects : IDisposable
{
    private readonly PooledBufferWriter _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Dictionary<long, (int Start, int Length)> _byId = [];

    public SerializedObjects() =>
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });

    public int Count => _byId.Count;

    public void Add(IApiObject value)
    {
        var start = _buffer.WrittenCount;
        JsonSerializer.Serialize(_writer, value, value.GetType(), ApiJson.Options);
        _writer.Flush();
        _byId[value.Id] = (start, _buffer.WrittenCount - start);
        _writer.Reset();
    }

    /// <summary>
    /// The objects of <paramref name="ids"/> in that order (an id may repeat), as one array; an entry of
    /// <paramref name="replace"/> (e.g. with a secret revealed once) changes that answer's fields. The array owns this.
    /// </summary>
    public RawJsonArray Answer(IEnumerable<long> ids, Func<int, IReadOnlyDictionary<string, string>> replace)
    {
        var values = new List<ReadOnlyMemory<byte>>(_byId.Count);
        var n = 0;
        foreach (var id in ids)
        {
            var (start, length) = _byId[id];
            var json = _buffer.WrittenMemory.Slice(start, length);
            if (replace(n++) is { Count: > 0 } fields)
            {
                var node = JsonNode.Parse(json.Span)!.AsObject();
                foreach (var (field, value) in fields)
                {
                    node[field] = value;
                }

                json = JsonSerializer.SerializeToUtf8Bytes(node, ApiJson.Options);
            }

            values.Add(json);
        }

        return new RawJsonArray(values, this);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
