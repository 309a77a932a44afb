using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DotnetLive.Protocol.Wire;

/// <summary>
/// Writes frames; safe to call from several tasks at once (frames never interleave). A payload larger
/// than one frame goes in parts (<see cref="FrameType.Continued"/>), one after another.
/// </summary>
internal sealed class FrameWriter(Stream stream) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task WriteMessageAsync<T>(FrameType type, T message, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        WriteAsync(type, JsonSerializer.SerializeToUtf8Bytes(message, typeInfo), ct);

    public async Task WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (payload.Length > ProtocolLimits.MaxMessageBytes)
        {
            throw new ProtocolException($"A message of {payload.Length} bytes exceeds the limit of {ProtocolLimits.MaxMessageBytes} bytes.");
        }

        var header = new byte[5];
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var last = payload.Length <= ProtocolLimits.MaxFrameBytes;
                var part = last ? payload : payload[..ProtocolLimits.MaxFrameBytes];
                BinaryPrimitives.WriteUInt32BigEndian(header, (uint)part.Length);
                header[4] = (byte)(last ? type : FrameType.Continued);
                await stream.WriteAsync(header, ct).ConfigureAwait(false);
                await stream.WriteAsync(part, ct).ConfigureAwait(false);
                if (last)
                {
                    break;
                }

                payload = payload[part.Length..];
            }

            await stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
