using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DotnetLive.Protocol.Wire;

/// <summary>Writes frames; safe to call from several tasks at once (frames never interleave).</summary>
internal sealed class FrameWriter(Stream stream) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task WriteMessageAsync<T>(FrameType type, T message, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        WriteAsync(type, JsonSerializer.SerializeToUtf8Bytes(message, typeInfo), ct);

    public async Task WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (payload.Length > ProtocolLimits.MaxFrameBytes)
        {
            throw new ProtocolException($"A frame of {payload.Length} bytes exceeds the limit of {ProtocolLimits.MaxFrameBytes} bytes.");
        }

        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payload.Length);
        header[4] = (byte)type;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(header, ct).ConfigureAwait(false);
            await stream.WriteAsync(payload, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
