using System.Buffers;

namespace Proxbox.Api.Infrastructure.Json;

/// <summary>
/// Bytes written into one array from the shared pool, grown by doubling, cleared and given back when disposed. A bulk
/// request or answer is megabytes: as a plain array it would be a large-object allocation per request, which the GC
/// collects only with its oldest generation. Cleared, because a body may carry a password or a token.
/// </summary>
public sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    /// <summary>What has been written, as a read-only stream over this buffer (valid until the next write).</summary>
    public MemoryStream AsStream() => new(_buffer, 0, WrittenCount, writable: false);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - WrittenCount);
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    public void Dispose()
    {
        Release(_buffer, WrittenCount);
        _buffer = [];
        WrittenCount = 0;
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - WrittenCount >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, WrittenCount + needed));
        _buffer.AsSpan(0, WrittenCount).CopyTo(larger);
        Release(_buffer, WrittenCount);
        _buffer = larger;
    }

    private static void Release(byte[] buffer, int written)
    {
        if (buffer.Length > 0)
        {
            buffer.AsSpan(0, written).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
