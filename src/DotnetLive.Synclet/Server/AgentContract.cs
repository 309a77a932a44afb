using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// What the synclet knows of the pipe protocol between the SDK's Hot Reload agent and its engine: only
/// the start. The agent first sends its initialization: a response type (<see cref="AgentHandshake.InitializationResponse"/>,
/// in SDKs whose responses carry one), a version byte (0), then its capabilities as a string (a 7-bit
/// encoded length and UTF-8). The engine sends the updates made before the app started, then the one
/// byte <see cref="AgentHandshake.InitialUpdatesCompleted"/>, after which the agent lets the app run.
/// </summary>
internal static class AgentContract
{
    private const byte InitializationVersion = 0;

    /// <summary>The agent's initialization, as it sent it (to be said again to each engine that joins).</summary>
    public static async Task<byte[]> ReadInitializationAsync(Stream stream, AgentHandshake handshake, int maxBytes, CancellationToken ct)
    {
        var bytes = new List<byte>();
        if (handshake.InitializationResponse is { } type && await ReadByteAsync(stream, bytes, ct).ConfigureAwait(false) != type)
        {
            throw new InvalidDataException($"the agent's first message is not its initialization (type {bytes[0]}, not {type})");
        }

        var version = await ReadByteAsync(stream, bytes, ct).ConfigureAwait(false);
        if (version != InitializationVersion)
        {
            throw new InvalidDataException($"the agent's initialization has version {version}, not {InitializationVersion}");
        }

        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new InvalidDataException("the agent's capabilities have a malformed length");
            }

            var part = await ReadByteAsync(stream, bytes, ct).ConfigureAwait(false);
            length |= (part & 0x7F) << shift;
            if ((part & 0x80) == 0)
            {
                break;
            }
        }

        if (length < 0 || length > maxBytes)
        {
            throw new InvalidDataException($"the agent's capabilities are {length} bytes, more than {maxBytes}");
        }

        var capabilities = new byte[length];
        await stream.ReadExactlyAsync(capabilities, ct).ConfigureAwait(false);
        bytes.AddRange(capabilities);
        return [.. bytes];
    }

    private static async Task<byte> ReadByteAsync(Stream stream, List<byte> bytes, CancellationToken ct)
    {
        var one = new byte[1];
        await stream.ReadExactlyAsync(one, ct).ConfigureAwait(false);
        bytes.Add(one[0]);
        return one[0];
    }
}
