using System.IO.Pipelines;

namespace Proxbox.Api.Infrastructure.Json;

/// <summary>
/// A JSON array of values already written as JSON, sent as they are: a response writes it straight to the client, with
/// no serializer buffer to grow to its megabytes first. Disposing it disposes <paramref name="owner"/>, which holds the
/// bytes; the response disposes it once sent.
/// </summary>
public sealed class RawJsonArray(IReadOnlyList<ReadOnlyMemory<byte>> values, IDisposable owner) : IDisposable
{
    public IReadOnlyList<ReadOnlyMemory<byte>> Values { get; } = values;

    public async Task WriteToAsync(PipeWriter writer, CancellationToken ct)
    {
        Write(writer, "["u8);
        for (var i = 0; i < Values.Count; i++)
        {
            Write(writer, i == 0 ? [] : ","u8);
            Write(writer, Values[i].Span);
            if (writer.UnflushedBytes >= FlushEvery)
            {
                await writer.FlushAsync(ct);
            }
        }

        Write(writer, "]"u8);
        await writer.FlushAsync(ct);
    }

    public void Dispose() => owner.Dispose();

    private const int FlushEvery = 64 * 1024;

    private static void Write(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
