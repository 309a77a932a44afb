namespace DotnetLive.Protocol.Wire;

internal static class ProtocolLimits
{
    /// <summary>Bumped on every incompatible change; both sides refuse a peer with another version.</summary>
    public const int Version = 9;

    /// <summary>The largest frame either side accepts (a JSON message or a data chunk).</summary>
    public const int MaxFrameBytes = 8 * 1024 * 1024;

    /// <summary>The largest frame (the Hello, the Proof) a synclet reads from a peer that has not authenticated yet.</summary>
    public const int MaxHelloBytes = 4 * 1024;

    /// <summary>The largest OpenTelemetry export a synclet takes from its app and relays (an OTLP batch is far smaller).</summary>
    public const int MaxTelemetryBytes = 4 * 1024 * 1024;

    /// <summary>The size of the data chunks a client sends.</summary>
    public const int DataChunkBytes = 256 * 1024;
}
