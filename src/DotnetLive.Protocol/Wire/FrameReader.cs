using System.Buffers.Binary;

namespace DotnetLive.Protocol.Wire;

/// <summary>Reads length-prefixed frames: a 4-byte big-endian length, a type byte, then the payload.</summary>
internal sealed class FrameReader(Stream stream)
{
    private readonly byte[] _header = new byte[5];

    /// <summary>Returns null at a clean end of stream between frames.</summary>
    /// <param name="maxBytes">The largest payload accepted; a larger one is refused before a byte of it is read or allocated.</param>
    public async ValueTask<Frame?> ReadAsync(CancellationToken ct, int maxBytes = ProtocolLimits.MaxFrameBytes)
    {
        var first = await stream.ReadAsync(_header.AsMemory(0, 1), ct).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        await stream.ReadExactlyAsync(_header.AsMemory(1), ct).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
        if (length > maxBytes)
        {
            throw new ProtocolException($"A frame of {length} bytes exceeds the limit of {maxBytes} bytes.");
        }

        if (!Enum.IsDefined((FrameType)_header[4]))
        {
            throw new ProtocolException($"Unknown frame type {_header[4]}.");
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
        return new Frame((FrameType)_header[4], payload);
    }
}
