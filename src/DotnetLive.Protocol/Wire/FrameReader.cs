using System.Buffers.Binary;

namespace DotnetLive.Protocol.Wire;

/// <summary>
/// Reads length-prefixed frames: a 4-byte big-endian length, a type byte, then the payload. A message
/// sent in parts (<see cref="FrameType.Continued"/> frames, then one of its type) is returned whole.
/// </summary>
internal sealed class FrameReader(Stream stream)
{
    private readonly byte[] _header = new byte[5];

    /// <summary>Returns null at a clean end of stream between frames.</summary>
    /// <param name="maxBytes">
    /// The largest message accepted, all its parts together; a frame that would go over it (or over
    /// <see cref="ProtocolLimits.MaxFrameBytes"/>) is refused before a byte of it is read or allocated.
    /// </param>
    public async ValueTask<Frame?> ReadAsync(CancellationToken ct, int maxBytes = ProtocolLimits.MaxMessageBytes)
    {
        List<byte[]>? parts = null;
        var total = 0;
        while (true)
        {
            var first = await stream.ReadAsync(_header.AsMemory(0, 1), ct).ConfigureAwait(false);
            if (first == 0)
            {
                return parts is null ? null : throw new ProtocolException("The connection ended in the middle of a message sent in parts.");
            }

            await stream.ReadExactlyAsync(_header.AsMemory(1), ct).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
            var limit = Math.Min(ProtocolLimits.MaxFrameBytes, maxBytes - total);
            if (length > limit)
            {
                throw new ProtocolException(parts is null
                    ? $"A frame of {length} bytes exceeds the limit of {limit} bytes."
                    : $"A message sent in parts exceeds the limit of {maxBytes} bytes.");
            }

            var type = (FrameType)_header[4];
            if (!Enum.IsDefined(type))
            {
                throw new ProtocolException($"Unknown frame type {_header[4]}.");
            }

            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
            if (type != FrameType.Continued)
            {
                return new Frame(type, parts is null ? payload : Joined(parts, payload, total));
            }

            (parts ??= []).Add(payload);
            total += payload.Length;
        }
    }

    private static byte[] Joined(List<byte[]> parts, byte[] last, int before)
    {
        var whole = new byte[before + last.Length];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(whole, at);
            at += part.Length;
        }

        last.CopyTo(whole, at);
        return whole;
    }
}
